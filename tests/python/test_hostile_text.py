"""Hostile text and numbers: NFC everywhere, forged snapshots, money and seed ranges, NaN in builders.

Issue 14, items 6, 7, 13 and part of 15.
"""

from __future__ import annotations

import json
import random
import re
import struct
import sys
import unicodedata
from pathlib import Path

import cchc
import pandas as pd
import pytest
from cchc import _core

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import SMALL, dumps  # noqa: E402
from test_snapshot import xxh64  # noqa: E402


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- NFC: the C++ tables against Python's unicodedata ------------------------------------------

VIET_BASES = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def vietnamese_letters() -> list[str]:
    out = ["đ", "Đ"]
    for b in VIET_BASES:
        for t in TONES:
            out.append(unicodedata.normalize("NFC", b + t))
    return out


@pytest.mark.skipif(unicodedata.unidata_version != "14.0.0",
                    reason="the C++ tables are generated from Unicode 14.0.0 (scripts/gen_unicode_nfc.py)")
class TestNfcMatchesUnicodedata:
    def test_all_vietnamese_letters_in_every_form(self) -> None:
        for letter in vietnamese_letters():
            d = nfd(letter)
            forms = {letter, d}
            if len(d) == 3:  # base + two marks: the other order too (canonical reordering)
                forms.add(d[0] + d[2] + d[1])
            for form in forms:
                assert _core.nfc(form) == unicodedata.normalize("NFC", form), (letter, form)
        text = "Ủy ban nhân dân tỉnh Lai Châu; Sở Nội vụ; Phường Đoàn Kết; Mường Tè; Nậm Nhùn"
        assert _core.nfc(nfd(text)) == text

    def test_every_code_point_alone(self) -> None:
        bad = [cp for cp in range(0x110000) if not 0xD800 <= cp < 0xE000
               and _core.nfc(chr(cp)) != unicodedata.normalize("NFC", chr(cp))]
        assert bad == []

    def test_random_strings(self) -> None:
        # Starters, combining marks of many classes, Hangul jamo and syllables, singletons,
        # composition exclusions and a few ASCII letters, so composition and reordering interact.
        pool = [chr(c) for c in (
            *range(0x41, 0x5B), *range(0x300, 0x370), 0x1B5, 0x387, 0x958, 0x95C, 0x9BE, 0x9C7, 0xB47, 0xB3E,
            0xF73, 0xF71, 0xF72, 0xF74, *range(0x1100, 0x1113), *range(0x1161, 0x1176),
            *range(0x11A7, 0x11C3),
            0xAC00, 0xAC01, 0xD7A3, 0x212B, 0x2126, 0x1E0A, 0x1E0C, 0x1EA0, 0x1EDF, 0x01A1, 0x01B0, 0x0110,
            0x05B0, 0x05BC, 0x0591, 0x302A, 0x302B, 0x1D165, 0x1D16E, 0x1D15E, 0x1D15F, 0x2ADC, 0x0344,
        )]
        rng = random.Random(14)
        for _ in range(20000):
            s = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
            assert _core.nfc(s) == unicodedata.normalize("NFC", s), [hex(ord(c)) for c in s]


def fee_amounts(m: cchc.Model, code: str) -> list[int]:
    doc = json.loads(m.to_json())
    return [f["amount"] for p in doc["procedures"] if p["code"] == code for f in p.get("fees", [])]


# -- Item 13: codes typed in NFD match ---------------------------------------------------------

def test_json_reader_stores_nfc_and_resolves_nfd_references() -> None:
    doc = json.loads(dumps(SMALL).replace('"X1"', '"Xã-Đá"'))  # NFC in the table
    doc["procedures"][0]["volumes"][0]["agency"] = nfd("Xã-Đá")  # NFD in the reference
    doc["procedures"][0]["name"] = nfd("Đăng ký khai sinh")
    doc["name"] = nfd("Tỉnh Thử nghiệm")
    m = cchc.loads(dumps(doc))
    assert m.name == "Tỉnh Thử nghiệm"
    assert m.procedures.to_pandas()["name"].iloc[0] == "Đăng ký khai sinh"
    # Lookups by code normalise what they are given.
    assert m.agencies[nfd("Xã-Đá")]["code"] == "Xã-Đá"
    assert m.procedures.find(nfd("khai sinh"))["code"].iloc[0] == "1.001193"


def test_scenario_field_and_codes_in_nfd_match() -> None:
    m = cchc.loads(dumps(SMALL))
    s = cchc.Scenario(nfd("Đơn giản hóa")).set_trips(field=nfd("Hộ tịch"), trips=1)
    assert s.actions[0]["field"] == "Hộ tịch"
    before = m.procedures.to_pandas().set_index("code")["trips"]["1.001193"]
    after = m.apply(s).procedures.to_pandas().set_index("code")["trips"]["1.001193"]
    assert (before, after) == (2, 1)
    s2 = cchc.Scenario("x").set_fee("2.000001", fee=nfd("Lệ phí cấp phép"), amount=1000)
    assert fee_amounts(m.apply(s2), "2.000001") == [1000]


# -- Item 6: a re-sealed snapshot passes the JSON reader's value checks --------------------------

def reseal(data: bytearray) -> bytes:
    data[16:24] = struct.pack("<Q", len(data) - 48)
    data[24:32] = struct.pack("<Q", xxh64(bytes(data[48:])))
    data[40:48] = struct.pack("<Q", xxh64(bytes(data[:40])))
    return bytes(data)


def forged(find: bytes, replace: bytes) -> bytes:
    data = bytearray(cchc.snapshot.dumps(cchc.loads(dumps(SMALL))))
    at = data.find(find)
    assert at >= 0 and data.find(find, at + 1) < 0 and len(find) == len(replace)
    data[at:at + len(find)] = replace
    return reseal(data)


def test_forged_snapshot_with_invalid_utf8_is_refused() -> None:
    # Before: loaded, then m.name raised UnicodeDecodeError and to_json a raw nlohmann error.
    with pytest.raises(cchc.SnapshotError) as e:
        bad = b"T\xff\xbb\x89nh Th\xe1\xbb\xad nghi\xe1\xbb\x87m"  # "Tỉnh Thử nghiệm", 0xE1 -> 0xFF
        cchc.snapshot.loads(forged("Tỉnh Thử nghiệm".encode(), bad))
    assert "/name: text is not valid UTF-8 (byte 0xFF at offset 1)" in str(e.value)


def test_forged_snapshot_with_text_not_in_nfc_is_refused() -> None:
    # "Ủ" (U+1EE6, 3 bytes) -> "U" + U+0309 (3 bytes): the same length, not NFC.
    doc = json.loads(json.dumps(SMALL))
    doc["agencies"][0]["name"] = "Ủy ban"
    data = bytearray(cchc.snapshot.dumps(cchc.loads(dumps(doc))))
    at = data.find("Ủy ban".encode())
    data[at:at + 3] = "U\u0309".encode()
    with pytest.raises(cchc.SnapshotError) as e:
        cchc.snapshot.loads(reseal(data))
    assert "/agencies/0/name" in str(e.value) and "not in Unicode NFC" in str(e.value)


def test_forged_snapshot_date_and_reserved_header_are_refused() -> None:
    entered = (cchc.loads(dumps(SMALL)).people.to_pandas()["entered"].iloc[0] - pd.Timestamp(0)).days
    with pytest.raises(cchc.SnapshotError) as e:
        cchc.snapshot.loads(forged(struct.pack("<i", entered), struct.pack("<i", 2_000_000_000)))
    assert "/people/0/entered" in str(e.value)
    assert "day number 2000000000 is not a date in 1900-01-01 .. 2200-12-31" in str(e.value)
    data = bytearray(cchc.snapshot.dumps(cchc.loads(dumps(SMALL))))
    data[36] = 7
    data[40:48] = struct.pack("<Q", xxh64(bytes(data[:40])))
    with pytest.raises(cchc.SnapshotError, match=r"reserved bytes 32\.\.39 are not zero"):
        cchc.snapshot.loads(bytes(data))


# -- Item 7: money out of range is an error with the value as given ----------------------------

@pytest.mark.parametrize(("build", "pointer", "shown"), [
    (lambda s: s.set_fee("*", amount=2**63), "/actions/0/amount", "9223372036854775808"),
    (lambda s: s.set_fee("2.000001", fee="Lệ phí cấp phép", amount=1e19), "/actions/0/amount", "1e+19"),
    (lambda s: s.set_component("2.000001", "Bản vẽ thiết kế", cost=1e19), "/actions/0/cost", "1e+19"),
    (lambda s: s.set_fee("*", amount=-5), "/actions/0/amount", "-5"),
])
def test_money_out_of_range_is_refused(build, pointer: str, shown: str) -> None:  # noqa: ANN001
    # Before: 2^63 silently removed the fee; 1e19 printed a wrapped negative number.
    with pytest.raises(cchc.ScenarioError) as e:
        build(cchc.Scenario("x"))
    assert str(e.value) == f"scenario at {pointer}: {shown} VND is out of range (0 … 9.2e18)"


def test_the_largest_amount_is_kept_exactly() -> None:
    m = cchc.loads(dumps(SMALL))
    out = m.apply(cchc.Scenario("x").set_fee("2.000001", amount=9_200_000_000_000_000_000))
    assert fee_amounts(out, "2.000001") == [9_200_000_000_000_000_000]


# -- Item 15 (part): seeds and counts, NaN in builders --------------------------------------------

def test_seed_minus_one_is_a_clear_value_error() -> None:
    m = cchc.loads(dumps(SMALL))
    msg = re.escape("seed must be an integer in 0 … 2^64-1, got -1")
    with pytest.raises(ValueError, match=msg):
        cchc.simulate(m, days=5, replications=1, seed=-1, progress=False)
    with pytest.raises(ValueError, match=msg):
        cchc.inspection.plan(m, year=2021, seed=-1)
    with pytest.raises(ValueError, match=msg):
        cchc.distributed.replication_seed(-1, None, 0)
    with pytest.raises(ValueError, match=msg):
        cchc.datasets.synthetic(provinces=1, communes=1, people=1, seed=-1)
    with pytest.raises(ValueError, match=r"seed must be an integer in 0 … 2\^64-1, got 18446744073709551616"):
        cchc.simulate(m, days=5, replications=1, seed=2**64, progress=False)
    with pytest.raises(ValueError, match=r"replications must be an integer in 1 … 2147483647, got 2.5"):
        cchc.simulate(m, days=5, replications=2.5, progress=False)
    threads = r"threads must be an integer in -2147483648 … 2147483647, got 4294967296"
    with pytest.raises(ValueError, match=threads):
        cchc.simulate(m, days=5, replications=1, threads=2**32, progress=False)


@pytest.mark.parametrize(("build", "message"), [
    (lambda s: s.set_fee("*", amount=float("nan")), "set_fee: amount must be a finite number, got nan"),
    (lambda s: s.cut_time("*", percent=float("inf")), "cut_time: percent must be a finite number, got inf"),
    (lambda s: s.set_online("*", share=float("-inf")), "set_online: share must be a finite number, got -inf"),
    (lambda s: s.scale_volume("*", factor=10**400), "scale_volume: factor must be a finite number, got 1"),
])
def test_non_finite_builder_arguments_are_named(build, message: str) -> None:  # noqa: ANN001
    # Before: "scenario: not valid JSON: ..." from the C++ parser.
    with pytest.raises(ValueError) as e:
        build(cchc.Scenario("x"))
    assert str(e.value).startswith(message)


def test_argument_errors_are_value_errors_and_cchc_errors() -> None:
    with pytest.raises(cchc.ArgumentError) as e:
        cchc.distributed.replication_seed(-1, None, 0)
    assert isinstance(e.value, ValueError) and isinstance(e.value, cchc.Error)


def test_non_finite_in_actions_given_as_dicts() -> None:
    with pytest.raises(ValueError, match="set_online: share must be a finite number, got nan"):
        cchc.Scenario("x", actions=[{"action": "set_online", "all": True, "level": "full",
                                     "share": float("nan")}])
