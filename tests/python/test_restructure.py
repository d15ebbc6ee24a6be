"""Restructuring actions on small hand-built provinces: invariants, dates and the chair rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import dumps

import cchc

D = "2025-07-01"


def unit(code, name, kind, level, parent=None, **extra):
    a = {"code": code, "name": name, "kind": kind, "level": level}
    if parent:
        a["parent"] = parent
    a.update(extra)
    return a


def person(pid, agency, **extra):
    return {"id": pid, "agency": agency, "category": "cong_chuc", "gender": "female", "entered": "2010-01-01",
            **extra}


@pytest.fixture
def province():
    # P ─ S1, S2 (departments) ─ H (district: division H.TP, desk H.MC)
    #                            ├ X1 (desk X1.MC), X2 (desk X2.MC), X3
    ag = [
        unit("P", "UBND tỉnh", "provincial_people_committee", "province", territory="province", population=1000,
             travel_km=40),
        unit("S1", "Sở Kế hoạch và Đầu tư", "department", "province", "P", quota_civil_servants=30, headcount=28,
             travel_km=40),
        unit("S2", "Sở Tài chính", "department", "province", "P", quota_civil_servants=20, headcount=20,
             travel_km=40),
        unit("H", "UBND huyện Núi", "district_people_committee", "district", "P", territory="district",
             population=600, travel_km=20, quota_civil_servants=3, headcount=3),
        unit("H.TP", "Phòng Tư pháp", "division", "district", "H", quota_civil_servants=5, headcount=5),
        unit("H.MC", "Bộ phận Một cửa huyện", "one_stop_desk", "district", "H", quota_civil_servants=2,
             headcount=2),
        unit("H.TT", "Trung tâm Văn hóa", "public_service_unit", "district", "H", quota_public_employees=4,
             headcount=4),
        unit("X1", "Ủy ban nhân dân xã Một", "commune_people_committee", "commune", "H", territory="commune",
             population=300, travel_km=4, quota_civil_servants=20, headcount=19),
        unit("X2", "Ủy ban nhân dân xã Hai", "commune_people_committee", "commune", "H", territory="commune",
             population=100, travel_km=6, quota_civil_servants=18, headcount=18),
        unit("X3", "Ủy ban nhân dân xã Ba", "commune_people_committee", "commune", "H", territory="commune",
             population=200, travel_km=5, quota_civil_servants=19, headcount=17),
        unit("X1.MC", "Bộ phận Một cửa xã Một", "one_stop_desk", "commune", "X1", population=300, travel_km=4,
             quota_civil_servants=2, headcount=2),
        unit("X2.MC", "Bộ phận Một cửa xã Hai", "one_stop_desk", "commune", "X2", population=100, travel_km=6,
             quota_civil_servants=1, headcount=1),
    ]
    tasks = [
        {"code": "T1", "name": "Quản lý đầu tư", "field": "KH", "assignments": [
            {"agency": "S1", "role": "chair"}, {"agency": "S2", "role": "coordinate"}]},
        {"code": "T2", "name": "Quản lý ngân sách", "field": "TC", "assignments": [
            {"agency": "S2", "role": "chair"}, {"agency": "S1", "role": "coordinate"}]},
        {"code": "T3", "name": "Quản lý hộ tịch xã", "field": "TP", "assignments": [
            {"agency": "X1", "role": "chair"}, {"agency": "X2", "role": "coordinate"}]},
        {"code": "T4", "name": "Tham mưu UBND huyện về tư pháp", "field": "TP", "assignments": [
            {"agency": "H.TP", "role": "chair"}, {"agency": "H", "role": "coordinate"}]},
        {"code": "T5", "name": "Kiểm tra, hướng dẫn cấp xã về tư pháp", "field": "TP", "assignments": [
            {"agency": "H.TP", "role": "chair"}]},
        {"code": "T6", "name": "Thống kê", "field": "KH", "assignments": [
            {"agency": "S1", "role": "chair"}, {"agency": "X3", "role": "chair"}]},
    ]
    procs = [
        {"code": "1.1", "name": "Đăng ký khai sinh", "field": "Hộ tịch", "levels": ["commune"],
         "steps": [{"name": "Tiếp nhận", "role": "reception", "duration": 0.5, "responsible": "X2.MC"}],
         "volumes": [{"agency": "X1", "annual": 300}, {"agency": "X2", "annual": 100},
                     {"agency": "X3", "annual": 60}]},
        {"code": "2.1", "name": "Chứng thực bản sao", "field": "Chứng thực", "levels": ["district"],
         "steps": [{"name": "Xử lý", "role": "processing", "duration": 1, "responsible": "H.TP"}],
         "volumes": [{"agency": "H", "annual": 120}]},
        {"code": "2.2", "name": "Cấp phép trường", "field": "Giáo dục", "levels": ["district"],
         "volumes": [{"agency": "H", "annual": 10}]},
        {"code": "3.1", "name": "Đăng ký đầu tư", "field": "Đầu tư", "levels": ["province"],
         "steps": [{"name": "Thẩm định", "role": "appraisal", "duration": 3, "responsible": "S1"}],
         "volumes": [{"agency": "S1", "annual": 50}]},
        {"code": "3.2", "name": "Cấp phép giáo dục", "field": "Giáo dục", "levels": ["province"],
         "volumes": [{"agency": "S2", "annual": 5}]},
    ]
    people = ([person(f"A{i}", "S1") for i in range(4)] + [person(f"B{i}", "S2") for i in range(3)]
              + [person(f"C{i}", "X1") for i in range(3)] + [person(f"E{i}", "X2") for i in range(2)]
              + [person("E9", "X2", left="2020-01-01")]
              + [person(f"F{i}", "X3") for i in range(2)]
              + [person(f"G{i}", "H.TP") for i in range(6)] + [person("H0", "H"), person("K0", "H.MC")]
              + [person("L0", "H.TT")])
    return {"format": "cchc", "version": 1, "name": "restructure", "as_of": "2024-12-31", "agencies": ag,
            "tasks": tasks, "procedures": procs, "people": people}


@pytest.fixture
def model(province):
    return cchc.loads(dumps(province))


def chairs(m, task, as_of):
    rows = cchc.org.analyze(m, as_of).tasks.set_index("task")
    return rows.loc[task, "chair_agencies"]


def valid_codes(m, as_of):
    return set(cchc.org.analyze(m, as_of).structure["agency"])


def volumes(m):
    v = m.procedures.volumes.to_pandas()
    return v.assign(procedure=v["procedure"].astype(str), agency=v["agency"].astype(str))


def people_at(m):
    p = m.people.to_pandas()
    return dict(zip(p["id"], p["agency"].astype(str), strict=True))


# ---------------------------------------------------------------------------
# merge_units


def test_merge_departments_conserves_people_tasks_procedures_volumes(model):
    s = cchc.Scenario("Hợp nhất Sở").merge_units(["S1", "S2"], into="S2", name="Sở Tài chính (mới)", date=D)
    m2 = model.apply(s)
    # Nothing lost.
    assert len(m2.people) == len(model.people)
    assert len(m2.tasks) == len(model.tasks)
    assert len(m2.procedures) == len(model.procedures)
    v0, v1 = volumes(model), volumes(m2)
    assert v1.groupby("procedure")["annual"].sum().to_dict() == v0.groupby("procedure")["annual"].sum().to_dict()
    # People, volumes and steps follow the survivor.
    where = people_at(m2)
    assert all(where[f"A{i}"] == "S2" for i in range(4))
    assert v1.loc[v1["procedure"] == "3.1", "agency"].tolist() == ["S2"]
    steps = m2.procedures.steps.to_pandas()
    assert steps.loc[steps["procedure"].astype(str) == "3.1", "responsible"].astype(str).tolist() == ["S2"]
    # Quotas summed on the survivor; S1 ends the day before.
    a = m2.agencies.to_pandas().set_index("code")
    assert a.loc["S2", "quota_civil_servants"] == 50 and a.loc["S2", "headcount"] == 48
    assert a.loc["S2", "name"] == "Sở Tài chính (mới)"
    assert str(a.loc["S1", "valid_to"].date()) == "2025-06-30"
    assert "S1" in valid_codes(m2, "2025-06-30") and "S1" not in valid_codes(m2, D)
    # Tasks: S2 chairs T1 from the date (it coordinated before: role upgraded), S1 until the day before.
    assert chairs(m2, "T1", "2025-06-30") == "S1"
    assert chairs(m2, "T1", D) == "S2"
    assert chairs(m2, "T2", D) == "S2"
    t1 = m2.tasks.assignments.to_pandas()
    t1 = t1[(t1["task"].astype(str) == "T1") & (t1["agency"].astype(str) == "S2")]
    assert sorted(t1["role"].astype(str)) == ["chair", "coordinate"]  # coordinate until 06-30, chair after
    assert m2.validate() == [] or all("chair" not in p.message for p in m2.validate() if "T1" in p.message)


def test_merge_into_new_unit_sums_quota_and_derives_travel(model):
    s = cchc.Scenario().merge_units(["X1", "X2"], into="XN", name="Ủy ban nhân dân xã Mới", date=D)
    r = cchc.org.restructure(model, s)
    a = r.model.agencies.to_pandas().set_index("code")
    assert a.loc["XN", "quota_civil_servants"] == 38 and a.loc["XN", "population"] == 400
    assert str(a.loc["XN", "valid_from"].date()) == D and a.loc["XN", "kind"] == "commune_people_committee"
    # Seat: X1, the most populous. X2's residents: sqrt(6² + (1.5·(6+4))²) km.
    expect = (300 * 4 + 100 * math.hypot(6, 15)) / 400
    assert a.loc["XN", "travel_km"] == pytest.approx(expect)
    # The desks merge into a new desk of XN, with their quotas.
    assert a.loc["XN.MC", "parent"] == "XN" and a.loc["XN.MC", "quota_civil_servants"] == 3
    assert str(a.loc["X2.MC", "valid_to"].date()) == "2025-06-30"
    steps = r.model.procedures.steps.to_pandas()
    assert steps.loc[steps["procedure"].astype(str) == "1.1", "responsible"].astype(str).tolist() == ["XN.MC"]
    # T3: X1 chaired, X2 coordinated → XN chairs, once.
    asg = r.model.tasks.assignments.to_pandas()
    t3 = asg[(asg["task"].astype(str) == "T3") & (asg["valid_from"] == np.datetime64(D))]
    assert t3["agency"].astype(str).tolist() == ["XN"] and t3["role"].astype(str).tolist() == ["chair"]
    assert set(r.log["kind"]) >= {"created", "merged"}
    # The person who left in 2020 keeps the old posting.
    where = people_at(r.model)
    assert where["E9"] == "X2" and where["E0"] == "XN"
    # Both states in one model.
    assert {"X1", "X2"} <= valid_codes(r.model, "2021-12-31") and "XN" not in valid_codes(r.model, "2021-12-31")
    assert "XN" in valid_codes(r.model, D) and not {"X1", "X2"} & valid_codes(r.model, D)


def test_chair_rule_survivor_report_error(model):
    # T6 has two chairs (S1 and X3). Merging S1 into S2: S2 chairs T6 and X3 still does.
    base = cchc.Scenario()
    s = base.merge_units(["S1", "S2"], into="S2", date=D)
    r = cchc.org.restructure(model, s)
    assert chairs(r.model, "T6", D) == "S2"  # survivor keeps the chair
    asg = r.model.tasks.assignments.to_pandas()
    x3 = asg[(asg["task"].astype(str) == "T6") & (asg["agency"].astype(str) == "X3")]
    assert sorted(x3["role"].astype(str)) == ["chair", "coordinate"]
    assert r.chair_decisions[["kind", "agency", "other", "task"]].values.tolist() == [
        ["chair_resolved", "X3", "S2", "T6"]]
    rep = cchc.org.restructure(model, base.merge_units(["S1", "S2"], into="S2", date=D, chair_rule="report"))
    assert chairs(rep.model, "T6", D) in ("S2, X3", "X3, S2")
    assert rep.chair_decisions["kind"].tolist() == ["chair_conflict"]
    with pytest.raises(cchc.ScenarioError, match="T6.*2 chairs"):
        model.apply(base.merge_units(["S1", "S2"], into="S2", date=D, chair_rule="error"))


def test_unknown_codes_name_the_closest(model):
    with pytest.raises(cchc.ScenarioError, match=r"unknown agency 'S3'.*closest: 'S1'"):
        model.apply(cchc.Scenario().merge_units(["S1", "S3"], into="S1", date=D))
    with pytest.raises(cchc.ScenarioError, match=r"/actions/0/mapping/0/from/1.*unknown agency 'X9'"):
        model.apply(cchc.Scenario().merge_communes({"X1": ("XN", "xã Mới"), "X9": "XN"}, date=D))
    with pytest.raises(cchc.ScenarioError, match="unknown task 'T7'"):
        model.apply(cchc.Scenario().transfer_tasks("S1", "S2", ["T7"], date=D))
    with pytest.raises(cchc.ScenarioError, match="chair_rule"):
        cchc.Scenario().merge_units(["S1", "S2"], chair_rule="biggest")


# ---------------------------------------------------------------------------
# merge_communes, rename, transfer


def test_merge_communes_by_mapping(model):
    s = cchc.Scenario().merge_communes({"X1": ("XA", "Ủy ban nhân dân xã An"), "X2": "XA",
                                         "X3": ("XB", "Ủy ban nhân dân xã Bình")}, date=D, complete=True)
    m2 = model.apply(s)
    a = m2.agencies.to_pandas().set_index("code")
    assert a.loc["XA", "population"] == 400 and a.loc["XB", "population"] == 200
    assert a.loc["XB", "travel_km"] == pytest.approx(5.0)  # one unit: its own distance
    v = volumes(m2)
    got = v[v["procedure"] == "1.1"].set_index("agency")["annual"].to_dict()
    assert got == {"XA": 400, "XB": 60}
    assert len(m2.people) == len(model.people)
    with pytest.raises(cchc.ScenarioError, match=r"1 commune-level units .* not mapped .*X3"):
        model.apply(cchc.Scenario().merge_communes({"X1": ("XA", "xã An"), "X2": "XA"}, date=D, complete=True))
    with pytest.raises(cchc.ScenarioError, match="mapped twice"):
        cchc.Scenario().merge_communes([{"code": "A", "from": ["X1"]}, {"code": "B", "from": ["X1"]}])


def test_rename_and_transfer_tasks(model):
    s = (cchc.Scenario().rename_unit("S2", "Sở Tài chính tỉnh")
         .rename_unit("S1", "Sở Đầu tư", code="S1N", date=D)
         .transfer_tasks("S1N", "S2", ["T1"], date="2026-01-01"))
    r = cchc.org.restructure(model, s)
    a = r.model.agencies.to_pandas().set_index("code")
    assert a.loc["S2", "name"] == "Sở Tài chính tỉnh"
    assert a.loc["S1N", "quota_civil_servants"] == 30 and str(a.loc["S1", "valid_to"].date()) == "2025-06-30"
    assert chairs(r.model, "T1", "2025-01-01") == "S1"
    assert chairs(r.model, "T1", "2025-09-01") == "S1N"
    assert chairs(r.model, "T1", "2026-01-01") == "S2"
    assert r.model.as_of == "2026-01-01"
    with pytest.raises(cchc.ScenarioError, match="holds no assignment of task 'T2'"):
        model.apply(cchc.Scenario().transfer_tasks("X1", "S2", ["T2"], date=D))


# ---------------------------------------------------------------------------
# dissolve_level

RULES = [
    {"what": "procedures", "field": "Giáo dục", "to": "province"},
    {"what": "procedures", "to": "commune"},
    {"what": "tasks", "match": "kiem tra, huong dan cap xa", "to": "S2"},
    {"what": "tasks", "to": "commune"},
    {"what": "units", "kind": "public_service_unit", "to": "keep"},
    {"what": "people", "kind": "district_people_committee", "to": "province"},
    {"what": "people", "to": "commune"},
]


def test_dissolve_district_level(model):
    s = cchc.Scenario("Hai cấp").dissolve_level("district", date=D, rules=RULES)
    r = cchc.org.restructure(model, s)
    m2 = r.model
    an = cchc.org.analyze(m2, D)
    levels = an.structure.groupby("level", observed=True).size().to_dict()
    assert levels.get("district", 0) == 0
    a = m2.agencies.to_pandas().set_index("code")
    # H, its division and desk end; the public service unit is kept under the province.
    for code in ("H", "H.TP", "H.MC"):
        assert str(a.loc[code, "valid_to"].date()) == "2025-06-30"
    assert a.loc["H.TT", "parent"] == "P" and a.loc["H.TT", "level"] == "province"
    # Communes move under the province.
    assert set(a.loc[["X1", "X2", "X3"], "parent"]) == {"P"}
    # Procedures: 2.1 (default → commune) shared by population 300:100:200; 2.2 → the province's
    # Giáo dục implementer S2.
    v = volumes(m2)
    got = v[v["procedure"] == "2.1"].set_index("agency")["annual"].to_dict()
    assert got == pytest.approx({"X1": 60.0, "X2": 20.0, "X3": 40.0})
    assert v[v["procedure"] == "2.2"].set_index("agency")["annual"].to_dict() == {"S2": 10}
    p = m2.procedures.to_pandas().set_index("code")
    assert p.loc["2.1", "levels"] == "commune" and p.loc["2.2", "levels"] == "province"
    steps = m2.procedures.steps.to_pandas()
    assert steps.loc[steps["procedure"].astype(str) == "2.1", "responsible"].tolist() == ["@implementing"]
    # Tasks: T5 (guidance) → S2; T4 → one copy per commune, chaired there.
    assert chairs(m2, "T5", D) == "S2" and chairs(m2, "T5", "2025-06-30") == "H.TP"
    copies = an.tasks[an.tasks["task"].str.startswith("T4@")]
    assert sorted(copies["chair_agencies"]) == ["X1", "X2", "X3"]
    assert "T4" not in set(an.tasks["task"]) and chairs(m2, "T4", "2021-01-01") == "H.TP"  # ended, split
    # People: H0 → province; 6 in H.TP + 1 in H.MC → communes by population (3:1:2); L0 stays.
    where = people_at(m2)
    assert where["H0"] == "P" and where["L0"] == "H.TT"
    moved = [where[f"G{i}"] for i in range(6)]
    assert (moved.count("X1"), moved.count("X2"), moved.count("X3")) == (3, 1, 2)
    # Quotas conserved over the units valid before and after.
    q_before = cchc.org.analyze(model, "2025-06-30").staffing["quota"].sum()
    q_after = an.staffing["quota"].sum()
    assert q_after == q_before
    assert len(m2.people) == len(model.people)
    # The 2024 view: the ended units are back (the kept unit's level and parent are not dated).
    old = cchc.org.analyze(m2, "2024-12-31").structure
    assert set(old.loc[old["level"] == "district", "agency"]) == {"H", "H.TP", "H.MC"}


def test_dissolve_needs_a_rule(model):
    with pytest.raises(cchc.ScenarioError, match="no rule for procedures of field 'Chứng thực'"):
        model.apply(cchc.Scenario().dissolve_level("district", date=D, rules=RULES[:1] + RULES[2:]))


def test_merge_then_dissolve_follows_lineage(model):
    s = (cchc.Scenario()
         .merge_communes({"X1": ("XA", "Ủy ban nhân dân xã An"), "X2": "XA", "X3": ("XB", "Ủy ban nhân dân xã Bình")},
                         date=D)
         .dissolve_level("district", date=D, rules=RULES))
    m2 = model.apply(s)
    v = volumes(m2)
    got = v[v["procedure"] == "2.1"].set_index("agency")["annual"].to_dict()
    assert got == pytest.approx({"XA": 80.0, "XB": 40.0})
    an = cchc.org.analyze(m2, D)
    assert sorted(an.tasks[an.tasks["task"].str.startswith("T4@")]["chair_agencies"]) == ["XA", "XB"]
    assert (an.structure["kind"] == "commune_people_committee").sum() == 2


def test_json_round_trip_of_restructuring():
    s = (cchc.Scenario("r").merge_units(["A", "B"], into="C", name="Cờ", date=D, seat_distance_factor=0.5)
         .dissolve_level("district", date=D, rules=RULES)
         .merge_communes([{"code": "N", "name": "xã N", "territory": "ward", "from": ["A", "B"], "seat": "B"}])
         .transfer_tasks("A", "B", task_field="KH", role="chair"))
    assert cchc.Scenario.from_json(s.to_json()) == s
    assert len(s.describe()) == 4
    with pytest.raises(cchc.ScenarioError, match="takes no procedure target"):
        cchc.Scenario.from_json('{"format": "cchc-scenario", "version": 1, "name": "x", "actions": '
                                '[{"action": "merge_units", "units": ["A", "B"], "all": true}]}')


# ---------------------------------------------------------------------------
# The embedded 2025 province


@pytest.fixture(scope="module")
def lc2025():
    return cchc.datasets.lai_chau_2025()


def test_lai_chau_2025_has_two_tiers(lc2025):
    assert lc2025.as_of == "2025-07-01"
    st = cchc.org.analyze(lc2025, "2025-07-01").structure
    assert (st["kind"] == "district_people_committee").sum() == 0
    assert (st["level"] == "district").sum() == 0
    communes = st[st["kind"] == "commune_people_committee"]
    assert len(communes) == 38
    a = lc2025.agencies.to_pandas().set_index("code").loc[communes["agency"]]
    assert (a["territory"] == "ward").sum() == 2 and (a["territory"] == "commune").sum() == 36
    wards = set(a.loc[a["territory"] == "ward", "name"])
    assert wards == {"Ủy ban nhân dân phường Tân Phong", "Ủy ban nhân dân phường Đoàn Kết"}
    assert not [p for p in lc2025.validate() if p.severity == "error"]


def test_lai_chau_2025_keeps_the_2021_state(lc2025):
    base = cchc.datasets.lai_chau_2021()
    old = cchc.org.analyze(lc2025, "2021-12-31")
    ref = cchc.org.analyze(base, "2021-12-31")
    assert (old.structure["kind"] == "district_people_committee").sum() == 8
    assert (old.structure["kind"] == "commune_people_committee").sum() == 106
    # Same task chairs as the 2021 model on a 2021 date.
    got = old.tasks.set_index("task")["chair_agencies"]
    exp = ref.tasks.set_index("task")["chair_agencies"]
    assert got.reindex(exp.index).equals(exp)
    # Units that ended keep their 2021 quotas (existing units that received quota, such as the
    # provincial People's Committee, hold the post-reform figure: records are not versioned).
    a = lc2025.agencies.to_pandas()
    ended = set(a.loc[a["valid_to"] == np.datetime64("2025-06-30"), "code"])
    assert len(ended) > 200
    q_old = old.staffing.set_index("agency").loc[sorted(ended), "quota"]
    q_ref = ref.staffing.set_index("agency").loc[sorted(ended), "quota"]
    assert q_old.equals(q_ref)


def test_lai_chau_2025_conserves(lc2025):
    base = cchc.datasets.lai_chau_2021()
    assert len(lc2025.people) == len(base.people) and len(lc2025.procedures) == len(base.procedures)
    v0, v1 = volumes(base), volumes(lc2025)
    assert v1["annual"].sum() == pytest.approx(v0["annual"].sum())
    by0 = v0.groupby("procedure")["annual"].sum()
    assert v1.groupby("procedure")["annual"].sum().reindex(by0.index).to_numpy() == pytest.approx(by0.to_numpy())
    q = cchc.org.analyze(lc2025).staffing["quota"].sum()
    assert q == cchc.org.analyze(base).staffing["quota"].sum()


def test_impact_of_the_2025_reform(lc2025):
    imp = cchc.org.impact(cchc.datasets.lai_chau_2021(), lc2025)
    s = imp.summary.set_index("metric")
    assert s.loc["district-level units", "after"] == 0 and s.loc["commune-level units", "after"] == 38
    assert s.loc["procedures at district level", "after"] == 0
    assert s.loc["quota", "change"] == 0
    # Merged communes: their desks are farther on average.
    assert s.loc["commune desk distance (km)", "change"] > 0
    assert imp.travel.loc["commune", "km_after"] > imp.travel.loc["commune", "km_before"]
