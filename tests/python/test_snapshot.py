"""Snapshots (.cchc), pickling and their failure modes."""

from __future__ import annotations

import io
import json
import pickle
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import cchc
from cchc import snapshot

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE_JSON = DATA / "snapshot_v1.json"
FIXTURE_CCHC = DATA / "snapshot_v1.cchc"
FIXTURE_PICKLE = DATA / "snapshot_v1.pkl"

MASK = (1 << 64) - 1
P1, P2, P3, P4, P5 = (
    0x9E3779B185EBCA87,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0x85EBCA77C2B2AE63,
    0x27D4EB2F165667C5,
)


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & MASK


def _round(acc: int, lane: int) -> int:
    return (_rotl((acc + lane * P2) & MASK, 31) * P1) & MASK


def xxh64(data: bytes, seed: int = 0) -> int:
    """Reference XXH64 in Python (independent of the C++ one), for resealing headers."""
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + P1 + P2) & MASK, (seed + P2) & MASK, seed, (seed - P1) & MASK]
        while i + 32 <= n:
            for k in range(4):
                v[k] = _round(v[k], int.from_bytes(data[i + 8 * k : i + 8 * k + 8], "little"))
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & MASK
        for lane in v:
            h = ((h ^ _round(0, lane)) * P1 + P4) & MASK
    else:
        h = (seed + P5) & MASK
    h = (h + n) & MASK
    while i + 8 <= n:
        h ^= _round(0, int.from_bytes(data[i : i + 8], "little"))
        h = (_rotl(h, 27) * P1 + P4) & MASK
        i += 8
    if i + 4 <= n:
        h ^= (int.from_bytes(data[i : i + 4], "little") * P1) & MASK
        h = (_rotl(h, 23) * P2 + P3) & MASK
        i += 4
    while i < n:
        h ^= (data[i] * P5) & MASK
        h = (_rotl(h, 11) * P1) & MASK
        i += 1
    h ^= h >> 33
    h = (h * P2) & MASK
    h ^= h >> 29
    h = (h * P3) & MASK
    return h ^ (h >> 32)


@pytest.fixture(scope="module")
def model() -> cchc.Model:
    return cchc.load(FIXTURE_JSON)


def test_python_xxh64_reference_matches_the_header(model: cchc.Model) -> None:
    data = snapshot.dumps(model)
    assert xxh64(b"abc") == 0x44BC2CF5AD770999
    head = snapshot.info(data)
    assert head == {"format_version": 1, "payload_length": len(data) - 48, "payload_checksum": xxh64(data[48:])}
    assert struct.unpack_from("<Q", data, 40)[0] == xxh64(data[:40])


def test_round_trip_bytes_and_file(model: cchc.Model, tmp_path: Path) -> None:
    data = snapshot.dumps(model)
    assert data[:8] == b"\x89CCHC\r\n\x1a"
    back = snapshot.loads(data)
    assert back.to_json() == model.to_json()
    assert snapshot.dumps(back) == data
    path = tmp_path / "m.cchc"
    snapshot.save_snapshot(model, path)
    assert path.read_bytes() == data
    again = snapshot.load_snapshot(path)
    assert again.to_json() == model.to_json()
    assert again.people.to_pandas()["ethnicity"].tolist() == ["Thái", "Kinh", "Mông"]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_frozen_v1_fixture_still_loads(model: cchc.Model) -> None:
    m = snapshot.load_snapshot(FIXTURE_CCHC)
    assert m.to_json() == model.to_json()
    assert len(m.training_records) == 3


def test_frozen_v1_pickle_still_loads(model: cchc.Model) -> None:
    m = pickle.loads(FIXTURE_PICKLE.read_bytes())
    assert isinstance(m, cchc.Model)
    assert m.to_json() == model.to_json()


def test_pickle_round_trip_through_snapshot_state(model: cchc.Model) -> None:
    func, (version, data) = snapshot.reduce_model(model)
    assert version == 1 and data == snapshot.dumps(model)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(model, protocol=protocol))
        assert back.to_json() == model.to_json()
    # A state from a newer cchc says so.
    with pytest.raises(cchc.SnapshotError, match="state version 2"):
        func(2, data)


def test_model_travels_to_a_worker_process(model: cchc.Model) -> None:
    import concurrent.futures
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
        summary = pool.submit(_summary, model).result(timeout=120)
    assert summary == model.summary()


def _summary(m: cchc.Model) -> dict:
    return m.summary()


def _reseal(data: bytearray) -> bytes:
    struct.pack_into("<Q", data, 16, len(data) - 48)
    struct.pack_into("<Q", data, 24, xxh64(bytes(data[48:])))
    struct.pack_into("<Q", data, 40, xxh64(bytes(data[:40])))
    return bytes(data)


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("model.json", "{}")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: b"", "empty"),
        (lambda d: d[:5], "truncated"),
        (lambda d: d[:47], "truncated"),
        (lambda d: d[: len(d) // 2], "truncated"),
        (lambda d: d[:-1], "truncated"),
        (lambda d: d[:100] + bytes([d[100] ^ 0x10]) + d[101:], "corrupted"),
        (lambda d: d[:20] + bytes([d[20] ^ 0x01]) + d[21:], "corrupted header"),
        (lambda d: d + b"\0", "corrupted"),
        (lambda d: _zip_bytes(), "zip archive"),
        (lambda d: json.dumps({"format": "cchc", "version": 1}).encode(), "JSON"),
        (lambda d: pickle.dumps({"a": 1}), "pickle"),
        (lambda d: _reseal(bytearray(d[:8]) + struct.pack("<I", 7) + bytearray(d[12:])), "newer cchc"),
        (lambda d: _reseal(bytearray(d[:48]) + bytearray(b"\x07" * 64)), "damaged payload"),
    ],
    ids=[
        "empty",
        "magic-only",
        "header-cut",
        "half",
        "last-byte-missing",
        "payload-bit-flip",
        "header-bit-flip",
        "trailing-byte",
        "zip",
        "json",
        "pickle",
        "future-version",
        "forged-payload",
    ],
)
def test_damage_is_named(model: cchc.Model, tmp_path: Path, make, message: str) -> None:
    data = make(snapshot.dumps(model))
    with pytest.raises(cchc.SnapshotError, match=message):
        snapshot.loads(data)
    path = tmp_path / "bad.cchc"
    path.write_bytes(data)
    with pytest.raises(cchc.SnapshotError, match=message) as err:
        snapshot.load_snapshot(path)
    assert str(path) in str(err.value)


def test_missing_file_is_an_error_not_a_snapshot_error(tmp_path: Path) -> None:
    with pytest.raises(cchc.Error, match="cannot open"):
        snapshot.load_snapshot(tmp_path / "nope.cchc")


def test_no_damage_crashes_the_interpreter(model: cchc.Model, tmp_path: Path) -> None:
    # Thousands of damaged files decoded in a child process: every one must raise
    # SnapshotError; a crash (signal) would show as a negative return code.
    good = snapshot.dumps(model)
    (tmp_path / "good.cchc").write_bytes(good)
    script = textwrap.dedent(
        """
        import random, struct, sys
        sys.path.insert(0, sys.argv[2])
        import cchc
        from cchc import snapshot
        from test_snapshot import xxh64
        good = open(sys.argv[1], "rb").read()
        rng = random.Random(5)
        cases = [good[:n] for n in range(0, len(good), 7)]
        for _ in range(1500):
            d = bytearray(good)
            for _ in range(rng.randint(1, 4)):
                d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
            cases.append(bytes(d))
        for _ in range(1500):  # sealed payload damage: reaches the Boost decoder
            d = bytearray(good)
            for _ in range(rng.randint(1, 6)):
                d[rng.randrange(48, len(d))] = rng.randrange(256)
            if rng.random() < 0.3:
                del d[rng.randrange(48, len(d)):]
            struct.pack_into("<Q", d, 16, len(d) - 48)
            struct.pack_into("<Q", d, 24, xxh64(bytes(d[48:])))
            struct.pack_into("<Q", d, 40, xxh64(bytes(d[:40])))
            cases.append(bytes(d))
        kinds = {"snapshot": 0, "loaded": 0}
        for d in cases:
            try:
                snapshot.loads(d)
                kinds["loaded"] += 1
            except cchc.SnapshotError:
                kinds["snapshot"] += 1
        print(kinds["snapshot"], kinds["loaded"])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "good.cchc"), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    errors, loaded = map(int, done.stdout.split())
    assert errors + loaded == len(range(0, len(good), 7)) + 3000
    # Unsealed damage always fails; a sealed change can only load if it hit a
    # value that is still valid (a number in a column), never by crashing.
    assert errors >= len(range(0, len(good), 7)) + 1500


@pytest.mark.parametrize("name", ["m.cchc", "m.json", "m.json.gz"])
def test_a_save_removes_temporaries_left_by_interrupted_saves_of_its_target(small, tmp_path, name):
    import os
    import time

    from conftest import dumps

    import cchc

    m = cchc.loads(dumps(small))
    abandoned = tmp_path / f".{name}.tmp-otherhost-12345-678"  # untouched for two hours: abandoned
    recent = tmp_path / f".{name}.tmp-otherhost-12345-679"  # maybe a live writer on another host
    unrelated = tmp_path / ".other.cchc.tmp-otherhost-12345-680"
    for p in (abandoned, recent, unrelated):
        p.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    for p in (abandoned, unrelated):
        os.utime(p, (two_hours_ago, two_hours_ago))
    m.save(tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, recent.name, unrelated.name])
    assert cchc.load(tmp_path / name).to_json() == m.to_json()
