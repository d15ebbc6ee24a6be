"""Facts the package relies on, checked against their sources (docs/domain.md).

Each table here is transcribed from the source text and is the oracle: the shipped data are
built by code (scripts/make_lai_chau_2025_reform.py, cpp/src/calendar.cpp, the training pack)
and must agree with it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

import cchc
from cchc.training import rules as trules
from test_training import model, person, rec

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------
# Lai Châu 2025: Resolution 1670/NQ-UBTVQH15 (16 June 2025), Article 1, clauses 1-37
# (text: github.com/dvhcvn/20250701, input/docs/1670_NQ-UBTVQH15.md), spelled as there.

RESOLUTION_1670 = {
    "xã Mường Kim": ["xã Tà Mung", "xã Tà Hừa", "xã Pha Mu", "xã Mường Kim"],  # 1
    "xã Khoen On": ["xã Ta Gia", "xã Khoen On"],  # 2
    "xã Than Uyên": ["thị trấn Than Uyên", "xã Mường Than", "xã Hua Nà", "xã Mường Cang"],  # 3
    "xã Mường Than": ["xã Phúc Than", "xã Mường Mít"],  # 4
    "xã Pắc Ta": ["xã Hố Mít", "xã Pắc Ta"],  # 5
    "xã Nậm Sỏ": ["xã Tà Mít", "xã Nậm Sỏ"],  # 6
    "xã Tân Uyên": ["thị trấn Tân Uyên", "xã Trung Đồng", "xã Thân Thuộc", "xã Nậm Cần"],  # 7
    "xã Mường Khoa": ["xã Phúc Khoa", "xã Mường Khoa"],  # 8
    "xã Bản Bo": ["xã Nà Tăm", "xã Bản Bo"],  # 9
    "xã Bình Lư": ["thị trấn Tam Đường", "xã Sơn Bình", "xã Bình Lư"],  # 10
    "xã Tả Lèng": ["xã Giang Ma", "xã Hồ Thầu", "xã Tả Lèng"],  # 11
    "xã Khun Há": ["xã Bản Hon", "xã Khun Há"],  # 12
    "xã Sin Suối Hồ": ["xã Nậm Xe", "xã Thèn Sin", "xã Sin Suối Hồ"],  # 13
    "xã Phong Thổ": ["thị trấn Phong Thổ", "xã Huổi Luông", "xã Ma Li Pho", "xã Mường So"],  # 14
    "xã Dào San": ["xã Tung Qua Lìn", "xã Mù Sang", "xã Dào San"],  # 15
    "xã Sì Lở Lầu": ["xã Vàng Ma Chải", "xã Mồ Sì San", "xã Pa Vây Sử", "xã Sì Lở Lầu"],  # 16
    "xã Khổng Lào": ["xã Hoang Thèn", "xã Bản Lang", "xã Khổng Lào"],  # 17
    "xã Tủa Sín Chải": ["xã Làng Mô", "xã Tả Ngảo", "xã Tủa Sín Chải"],  # 18
    "xã Sìn Hồ": ["thị trấn Sìn Hồ", "xã Sà Dề Phìn", "xã Phăng Sô Lin", "xã Tả Phìn"],  # 19
    "xã Hồng Thu": ["xã Phìn Hồ", "xã Ma Quai", "xã Hồng Thu"],  # 20
    "xã Nậm Tăm": ["xã Lùng Thàng", "xã Nậm Cha", "xã Nậm Tăm"],  # 21
    "xã Pu Sam Cáp": ["xã Pa Khóa", "xã Noong Hẻo", "xã Pu Sam Cáp"],  # 22
    "xã Nậm Cuổi": ["xã Nậm Hăn", "xã Nậm Cuổi"],  # 23
    "xã Nậm Mạ": ["xã Căn Co", "xã Nậm Mạ"],  # 24
    "xã Lê Lợi": ["xã Nậm Pì", "xã Pú Đao", "xã Chăn Nưa", "xã Lê Lợi"],  # 25
    "xã Nậm Hàng": ["thị trấn Nậm Nhùn", "xã Nậm Manh", "xã Nậm Hàng"],  # 26
    "xã Mường Mô": ["xã Nậm Chà", "xã Mường Mô"],  # 27
    "xã Hua Bum": ["xã Vàng San", "xã Hua Bum"],  # 28
    "xã Pa Tần": ["xã Nậm Ban", "xã Trung Chải", "xã Pa Tần"],  # 29
    "xã Bum Nưa": ["xã Pa Vệ Sủ", "xã Bum Nưa"],  # 30
    "xã Bum Tở": ["thị trấn Mường Tè", "xã Can Hồ", "xã Bum Tở"],  # 31
    "xã Mường Tè": ["xã Nậm Khao", "xã Mường Tè"],  # 32
    "xã Thu Lũm": ["xã Ka Lăng", "xã Thu Lũm"],  # 33
    "xã Pa Ủ": ["xã Tá Bạ", "xã Pa Ủ"],  # 34
    "phường Tân Phong": ["phường Tân Phong", "phường Đông Phong", "xã San Thàng", "xã Nùng Nàng",
                         "xã Bản Giang"],  # 35
    "phường Đoàn Kết": ["phường Đoàn Kết", "phường Quyết Tiến", "phường Quyết Thắng", "xã Lản Nhì Thàng",
                        "xã Sùng Phài"],  # 36
    "xã Mù Cả": ["xã Mù Cả"],  # 37: not rearranged
    "xã Tà Tổng": ["xã Tà Tổng"],  # 37: not rearranged
}
# Where the 2021 dataset (GSO spelling, github.com/daohoangson/dvhcvn data/dvhcvn.json) differs.
DATASET_SPELLING = {"xã Ta Gia": "xã Tà Gia", "xã Tung Qua Lìn": "xã Tông Qua Lìn", "xã Can Hồ": "xã Kan Hồ",
                    "xã Pa Vệ Sủ": "xã Pa Vệ Sử", "xã Lản Nhì Thàng": "xã Lả Nhì Thàng"}
UBND = "Ủy ban nhân dân "


@pytest.fixture(scope="module")
def units_2021():
    a = cchc.datasets.lai_chau_2021().agencies.to_pandas()
    return a[a["kind"] == "commune_people_committee"].set_index("code")


@pytest.fixture(scope="module")
def mapping():
    s = cchc.datasets.lai_chau_2025_reform()
    (merge,) = [a for a in s.actions if a["action"] == "merge_communes"]
    return merge["mapping"]


def test_the_oracle_table_has_the_resolution_counts():
    assert len(RESOLUTION_1670) == 38
    assert sum(n.startswith("phường ") for n in RESOLUTION_1670) == 2
    olds = [o for v in RESOLUTION_1670.values() for o in v]
    assert len(olds) == len(set(olds)) == 106


def test_every_new_unit_has_the_resolutions_constituents(mapping, units_2021):
    got = {}
    for e in mapping:
        new = e["name"].removeprefix(UBND)
        got[new] = sorted(units_2021.loc[c, "name"].removeprefix(UBND) for c in e["from"])
    want = {new: sorted(DATASET_SPELLING.get(o, o) for o in olds) for new, olds in RESOLUTION_1670.items()}
    assert set(got) == set(want)
    wrong = {n: (got[n], want[n]) for n in want if got[n] != want[n]}
    assert not wrong


def test_merger_counts_and_border_crossings(mapping, units_2021):
    assert len(mapping) == 38
    territory = [e["territory"] if "territory" in e else units_2021.loc[e["code"], "territory"] for e in mapping]
    assert territory.count("ward") == 2 and territory.count("commune") == 36
    used = [c for e in mapping for c in e["from"]]
    assert sorted(used) == sorted(units_2021.index)  # every 2021 unit exactly once
    unchanged = [e for e in mapping if e["from"] == [e["code"]]]
    assert sorted(e["name"] for e in unchanged) == [UBND + "xã Mù Cả", UBND + "xã Tà Tổng"]
    crossing = {e["name"].removeprefix(UBND) for e in mapping if units_2021.loc[e["from"], "parent"].nunique() > 1}
    assert crossing == {"xã Sin Suối Hồ", "xã Lê Lợi", "xã Hua Bum", "xã Pa Tần", "phường Tân Phong",
                        "phường Đoàn Kết"}
    # Each seat is one of the unit's own old units, named like the new unit where one is.
    for e in mapping:
        if "seat" in e:
            assert e["seat"] in e["from"]
            assert units_2021.loc[e["seat"], "name"].split()[-2:] == e["name"].split()[-2:]


def _generator():
    spec = importlib.util.spec_from_file_location("make_reform", ROOT / "scripts" / "make_lai_chau_2025_reform.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_shipped_mapping_is_the_generators_output(mapping):
    gen = _generator()
    communes = [a for a in json.loads(cchc.datasets.lai_chau_2021().to_json())["agencies"]
                if a["kind"] == "commune_people_committee"]
    assert gen.merger_table(communes) == mapping


@pytest.mark.parametrize("spelling", ["xã Ma Li Pho", "xã Ma Ly Pho", "Ủy ban nhân dân xã Ma Ly Pho"])
def test_generator_accepts_ma_li_pho_variants(spelling, units_2021):
    communes = [{"code": c, **r} for c, r in units_2021[["name", "territory"]].to_dict("index").items()]
    assert _generator().find(spelling, communes, "test")["code"] == "LC.PHONGTHO.X_MALIPHO"


@pytest.mark.parametrize(("variant", "code"), [
    ("xã Hua Bum", "LC.NAMNHUN.X_HUABUM"), ("xã Hua Bun", "LC.NAMNHUN.X_HUABUM"),
    ("xã Lả Nhì Thàng", "LC.PHONGTHO.X_LANHITHANG"), ("xã Lản Nhì Thàng", "LC.PHONGTHO.X_LANHITHANG"),
    ("xã Pa Khoá", "LC.SINHO.X_PAKHOA"), ("xã Pa ủ", "LC.MUONGTE.X_PAU"),
])
def test_generator_accepts_spelling_variants(variant, code, units_2021):
    communes = [{"code": c, **r} for c, r in units_2021[["name", "territory"]].to_dict("index").items()]
    assert _generator().find(variant, communes, "test")["code"] == code


def test_generator_refuses_an_unknown_or_ambiguous_name(units_2021):
    communes = [{"code": c, **r} for c, r in units_2021[["name", "territory"]].to_dict("index").items()]
    gen = _generator()
    with pytest.raises(SystemExit, match="'xã Nậm Ch' matches 0 units"):
        gen.find("xã Nậm Ch", communes, "cl. 21")
    # Nậm Cha (Sìn Hồ) and Nậm Chà (Nậm Nhùn) are two units: tones are not folded away.
    assert gen.find("xã Nậm Cha", communes, "t")["code"] != gen.find("xã Nậm Chà", communes, "t")["code"]
    # The township and the commune of Mường Tè are told apart by the unit type.
    assert gen.find("thị trấn Mường Tè", communes, "t")["code"] == "LC.MUONGTE.TT_MUONGTE"
    assert gen.find("xã Mường Tè", communes, "t")["code"] == "LC.MUONGTE.X_MUONGTE"


def test_lai_chau_2025_has_the_resolutions_units(units_2021):
    m = cchc.datasets.lai_chau_2025()
    a = m.agencies.to_pandas()
    on = (a["kind"] == "commune_people_committee") & (a["valid_from"].isna() | (a["valid_from"] <= "2025-07-01")) \
        & (a["valid_to"].isna() | (a["valid_to"] >= "2025-07-01"))
    names = sorted(a.loc[on, "name"].str.removeprefix(UBND))
    assert names == sorted(RESOLUTION_1670)
    # People of the new xã Sin Suối Hồ are those of its three old communes (one from Tam Đường).
    pop = a.set_index("code")["population"]
    assert pop["LC.X_SINSUOIHO"] == units_2021.loc[["LC.PHONGTHO.X_NAMXE", "LC.TAMDUONG.X_THENSIN",
                                                    "LC.PHONGTHO.X_SINSUOIHO"], "population"].sum()


# ---------------------------------------------------------------------------
# The built-in calendar: announced swaps (docs/domain.md#calendar)

SWAPS = {  # bridge day off -> Saturday worked, per the Prime Minister's agreement
    "2018-12-31": "2019-01-05",  # 6519/VPCP-KGVX, 11 Jul 2018
    "2019-04-29": "2019-05-04",  # idem
    "2024-04-29": "2024-05-04",  # 2450/VPCP-KGVX, 12 Apr 2024
    "2025-05-02": "2025-04-26",
    "2026-01-02": "2026-01-10",  # 12729/VPCP-KGVX, 25 Dec 2025
    "2026-08-31": "2026-08-22",  # agreement of 13 Oct 2025
}


def test_built_in_swaps():
    off = pd.to_datetime(list(SWAPS))
    worked = pd.to_datetime(list(SWAPS.values()))
    assert not cchc.calendar.is_working_day(off).any()
    assert cchc.calendar.is_working_day(worked).all()
    assert (off.day_of_week < 5).all() and (worked.day_of_week == 5).all()
    assert not cchc.calendar.is_working_day("2019-04-29")
    assert cchc.calendar.is_working_day("2019-05-04")
    # 2019's 30 April - 1 May break: five days from Saturday 27 April.
    days = pd.date_range("2019-04-26", "2019-05-06")
    assert list(cchc.calendar.is_working_day(days)) == [True, False, False, False, False, False, True, True,
                                                       True, False, True]


# ---------------------------------------------------------------------------
# Training: Decree 171/2025/NĐ-CP (docs/domain.md#training)

# Courses of the hand-built models of test_training.py, with the division-level programme.
_COURSES = [
    {"code": "QLNN-CVC", "name": "QLNN chuyên viên chính", "content": "state_management", "periods": 320, "days": 40},
    {"code": "LD-PHONG", "name": "Lãnh đạo cấp phòng", "content": "leadership", "periods": 80, "days": 10},
    {"code": "SO", "name": "Kỹ năng số", "content": "digital_skills", "periods": 16, "days": 2},
]


def _gaps(people, as_of="2025-12-31"):
    g = cchc.training.gaps(model(people, courses=_COURSES), as_of=as_of)
    return {pid: sorted(g.loc[g["person"] == pid, "requirement"].astype(str)) for pid in (p["id"] for p in people)}


def _p(pid, category, **kw):
    """A principal specialist in service since 2010 who holds the state-management programme."""
    return person(pid, category=category, rank_group="principal_specialist", entered="2010-01-01",
                  training=[rec("QLNN-CVC", "2011-01-01", "2011-02-01")] + kw.pop("training", []), **kw)


def test_decree_171_scope_is_civil_servants_only():
    """Art. 1.2: công chức only. A viên chức or cán bộ is not required to take its programmes."""
    old = [rec("LD-PHONG", "2018-01-01", "2018-01-10")]
    gaps = _gaps([_p("cc", "cong_chuc"), _p("vc", "vien_chuc"), _p("cb", "can_bo", agency="XA1"),
                  _p("cc_lead", "cong_chuc", leadership="division_head", training=old),
                  _p("vc_lead", "vien_chuc", leadership="division_head", training=old)])
    assert gaps["cc"] == ["VN-SO-2025"]
    assert "VN-SO-2025" not in gaps["vc"] and "VN-SO-2025" not in gaps["cb"]
    # A civil servant who leads a division (cấp phòng) needs the 4-week programme; a public employee not.
    assert gaps["cc_lead"] == ["VN-LD-PHONG-2025", "VN-SO-2025"]
    assert gaps["vc_lead"] == []


def test_decree_171_four_week_programme_is_for_division_level_leaders():
    four_weeks = [rec("LD-PHONG", "2025-09-01", "2025-09-30", periods=160), rec("SO", "2025-08-01", "2025-08-02")]
    gaps = _gaps([_p("deputy", "cong_chuc", leadership="division_deputy", training=four_weeks),
                  _p("commune", "cong_chuc", agency="XA1", leadership="division_head"),
                  _p("dept", "cong_chuc", leadership="department_head",
                     training=[rec("SO", "2025-08-01", "2025-08-02")])])
    assert gaps["deputy"] == []  # the 160-period record satisfies both division-level rules
    assert "VN-LD-PHONG-2025" in gaps["commune"]  # cấp phòng includes the commune level
    assert "VN-LD-PHONG-2025" not in gaps["dept"]  # not a department-level (cấp sở) requirement
    r = trules.vietnam().to_pandas().set_index("code")
    assert r.loc["VN-LD-PHONG-2025", "valid_from"] == pd.Timestamp("2025-07-01")
    for code in ("VN-LD-PHONG-2025", "VN-SO-2025"):
        assert "Art. 1.2" in r.loc[code, "source"]
    # Before the decree's entry into force nobody owes its programmes.
    before = _gaps([_p("cc_lead", "cong_chuc", leadership="division_head")], as_of="2025-06-30")
    assert "VN-LD-PHONG-2025" not in before["cc_lead"] and "VN-SO-2025" not in before["cc_lead"]
