"""Organisation analysis on small hand-built structures with known answers."""

from __future__ import annotations

import pytest
from conftest import dumps, require

import cchc


def agency(code, parent=None, kind="division", level="province", **extra):
    a = {"code": code, "name": f"Đơn vị {code}", "kind": kind, "level": level}
    if parent:
        a["parent"] = parent
    a.update(extra)
    return a


def task(code, *assignments):
    return {"code": code, "name": f"Nhiệm vụ {code}",
            "assignments": [dict(agency=a, role=r, **dates) for a, r, dates in assignments]}


@pytest.fixture
def structure():
    # R ─ A ─ A1 ─ {A1a, A1b}     A is a pass-through layer (one child that has children)
    #   └ B ─ {B1, B2}
    #   └ C (valid until 2020-12-31)
    agencies = [
        agency("R", kind="provincial_people_committee", quota_civil_servants=0),
        agency("A", "R", kind="department", quota_civil_servants=10, headcount=12),
        agency("A1", "A"), agency("A1a", "A1"), agency("A1b", "A1"),
        agency("B", "R", kind="department", quota_civil_servants=5, quota_public_employees=5, headcount=7),
        agency("B1", "B"), agency("B2", "B"),
        agency("C", "R", kind="board", valid_to="2020-12-31"),
    ]
    tasks = [
        task("T1", ("A", "chair", {}), ("B", "coordinate", {})),
        task("T2", ("A", "chair", {}), ("B", "chair", {})),                       # two chairs
        task("T3", ("A", "coordinate", {}), ("B", "coordinate", {})),             # coordinate only
        task("T4", ("A", "chair", {"valid_to": "2020-06-30"}),                    # handed over, no overlap
             ("B", "chair", {"valid_from": "2020-07-01"})),
        task("T5", ("C", "chair", {})),                                           # chair dissolved after 2020
        task("T6", ("B1", "chair", {})),
    ]
    people = [
        {"id": f"P{i}", "agency": "A", "category": "cong_chuc", "gender": "female",
         "leadership": lead, "entered": "2015-01-01"}
        for i, lead in enumerate(["department_head", "department_deputy", "department_deputy", "none"])
    ] + [{"id": "Q1", "agency": "B", "category": "cong_chuc", "gender": "male", "entered": "2015-01-01",
          "left": "2021-03-01"}]
    procedures = [
        {"code": "X.1", "name": "Thủ tục 1", "field": "F", "levels": ["province"],
         "volumes": [{"agency": "A", "annual": 100}, {"agency": "B", "annual": 50}]},
        {"code": "X.2", "name": "Thủ tục 2", "field": "F", "levels": ["province"],
         "volumes": [{"agency": "A", "annual": 25}]},
    ]
    return {"format": "cchc", "version": 1, "name": "org", "as_of": "2021-12-31", "agencies": agencies,
            "tasks": tasks, "people": people, "procedures": procedures}


def test_chairs_at_a_date(structure):
    m = cchc.loads(dumps(structure))
    a = cchc.org.analyze(m, "2021-12-31")
    status = dict(zip(a.tasks["task"], a.tasks["status"].astype(str), strict=True))
    assert status == {"T1": "ok", "T2": "several chairs", "T3": "coordinate only", "T4": "ok",
                      "T5": "no chair", "T6": "ok"}
    assert a.chair_conflicts["task"].tolist() == ["T2", "T3", "T5"]
    assert a.chair_conflicts.set_index("task").loc["T2", "chair_agencies"] == "A, B"
    s = a.summary()
    assert (s["tasks_without_chair"], s["tasks_coordinate_only"], s["tasks_with_several_chairs"]) == (1, 1, 1)
    # In 2019 board C still chaired T5, and T4 was chaired by A alone.
    earlier = cchc.org.analyze(m, "2019-01-01")
    assert dict(zip(earlier.tasks["task"], earlier.tasks["chairs"], strict=True))["T5"] == 1
    assert "T5" not in earlier.chair_conflicts["task"].tolist()
    # Model.validate applies the same rule on the model's as_of.
    assert sorted(p.code for p in m.validate() if "chairing" in p.message) == ["T2", "T3", "T5"]


def test_overlaps_rank_by_jaccard_with_shared_tasks(structure):
    a = cchc.org.analyze(cchc.loads(dumps(structure)), "2021-12-31")
    # A: {T1, T2, T3, T4? no (ended)} = {T1,T2,T3}; B: {T1,T2,T3,T4}; shared 3; union 4.
    top = a.overlaps.iloc[0]
    assert (top["agency_a"], top["agency_b"]) == ("A", "B")
    assert top["shared"] == 3 and top["jaccard"] == pytest.approx(3 / 4)
    assert top["shared_chaired"] == 1  # T2
    assert top["shared_tasks"] == ["T1", "T2", "T3"]
    assert len(a.overlaps) == 1


def test_intermediate_units_depth_and_span(structure):
    a = cchc.org.analyze(cchc.loads(dumps(structure)), "2021-12-31")
    st = a.structure.set_index("agency")
    assert "C" not in st.index  # dissolved on 2020-12-31
    assert a.intermediate_units["agency"].tolist() == ["A"]
    assert st.loc["R", "children"] == 2 and st.loc["R", "descendants"] == 7
    assert st.loc["A1a", "depth"] == 3 and a.summary()["max_depth"] == 3
    assert a.summary()["mean_span_of_control"] == pytest.approx((2 + 1 + 2 + 2) / 4)
    before = cchc.org.analyze(cchc.loads(dumps(structure)), "2020-01-01").structure.set_index("agency")
    assert before.loc["R", "children"] == 3


def test_staffing_leaders_and_procedures(structure):
    a = cchc.org.analyze(cchc.loads(dumps(structure)), "2021-12-31")
    st = a.structure.set_index("agency")
    assert (st.loc["A", "people"], st.loc["A", "leaders"], st.loc["A", "deputies"]) == (4, 1, 2)
    assert st.loc["B", "people"] == 0  # Q1 left on 2021-03-01
    assert (st.loc["A", "procedures"], st.loc["A", "annual_dossiers"]) == (2, 125.0)
    staff = a.staffing.set_index("agency")
    assert staff.loc["A", "over_quota"] == 2 and staff.loc["A", "use_pct"] == pytest.approx(120.0)
    assert staff.loc["B", "quota"] == 10 and staff.loc["B", "vacancies"] == 3
    assert a.summary()["units_over_quota"] == 1


def test_org_chart_draws(structure):
    require("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    ax = cchc.org.plot_org_chart(cchc.loads(dumps(structure)), color_by="people")
    assert len(ax.collections[0].get_offsets()) == 8


def test_bad_date_is_a_clear_error(structure):
    with pytest.raises(ValueError, match="not a date"):
        cchc.org.analyze(cchc.loads(dumps(structure)), "31/12/2021")
