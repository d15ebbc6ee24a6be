"""Inspection plans on a small hand-built province with known answers."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from conftest import dumps

import cchc


def province(n_departments: int = 10, n_districts: int = 4, communes_per_district: int = 3) -> dict:
    agencies = [{"code": "UBT", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province"}]
    for i in range(n_departments):
        agencies.append({"code": f"S{i:02d}", "name": f"Sở {i}", "kind": "department", "level": "province",
                         "parent": "UBT", "quota_civil_servants": 10, "headcount": 10})
    agencies.append({"code": "BQL", "name": "Ban Quản lý", "kind": "board", "level": "province", "parent": "UBT"})
    for d in range(n_districts):
        agencies.append({"code": f"H{d}", "name": f"UBND huyện {d}", "kind": "district_people_committee",
                         "level": "district", "parent": "UBT"})
        for c in range(communes_per_district):
            agencies.append({"code": f"X{d}{c}", "name": f"UBND xã {d}.{c}", "kind": "commune_people_committee",
                             "level": "commune", "parent": f"H{d}"})
    return {"format": "cchc", "version": 1, "name": "inspection", "as_of": "2020-12-31", "agencies": agencies}


@pytest.fixture(scope="module")
def model():
    return cchc.loads(dumps(province()))


STRATA = {"departments, boards and sectors": 11, "district People's Committees": 4, "commune People's Committees": 12}


def required(fraction: float, units: int) -> int:
    return math.ceil(Fraction(str(fraction)) * units)


@pytest.mark.parametrize("fraction", [0.1, 0.25, 0.3, 1 / 3, 0.5, 0.7, 1.0])
@pytest.mark.parametrize("seed", [0, 7])
def test_every_stratum_gets_at_least_the_fraction_rounded_up(model, fraction, seed):
    p = cchc.inspection.plan(model, year=2021, fraction=fraction, seed=seed, years=3)
    st = p.strata.set_index(["stratum", "year"])
    assert sorted(p.strata["stratum"].unique()) == sorted(STRATA)
    counted = p.selections.groupby(["stratum", "year"]).size()
    for (stratum, year), row in st.iterrows():
        assert row["units"] == STRATA[stratum]
        expected = required(fraction, STRATA[stratum]) if fraction != 1 / 3 else math.ceil(STRATA[stratum] / 3)
        assert row["required"] == expected
        assert row["selected"] >= row["required"]
        assert counted[(stratum, year)] == row["selected"]
        assert row["achieved"] >= fraction - 1e-12
    # No unit is inspected twice in a year.
    assert not p.selections.duplicated(["agency", "year"]).any()


def test_exact_rounding_of_thirty_percent(model):
    # 0.3 × 10 is 3.0000000000000004 in binary floating point: the plan must still ask for 3, not 4.
    m = cchc.loads(dumps(province(n_departments=9)))  # 9 departments + 1 board = 10 units
    p = cchc.inspection.plan(m, year=2021, fraction=0.3, seed=1)
    row = p.strata.set_index("stratum").loc["departments, boards and sectors"]
    assert (row["units"], row["required"], row["selected"]) == (10, 3, 3)


def coverage_problems(p, history: pd.DataFrame | None, first: int, years: int, cycle: int) -> list[str]:
    """Every unit must be inspected in every window of `cycle` consecutive years from the first year
    it can be (first year planned, or the year after its last past inspection) to the end of the schedule."""
    end = first + years - 1
    last = {} if history is None else history.groupby("agency")["year"].max().to_dict()
    problems = []
    for agency in p.risk["agency"]:
        done = sorted(p.selections.loc[p.selections["agency"] == agency, "year"])
        start = max(first, last[agency] + 1) if agency in last else first
        # Windows [s, s + cycle - 1] inside [start, end]; history year counts before the schedule.
        seen = ([last[agency]] if agency in last else []) + done
        for s in range(start, end - cycle + 2):
            if not any(s <= y <= s + cycle - 1 for y in seen):
                problems.append(f"{agency}: no inspection in {s}–{s + cycle - 1} (inspected {seen})")
    return problems


@pytest.mark.parametrize("fraction,cycle_years", [(0.3, None), (0.25, None), (0.5, 3), (0.2, 5), (0.1, 4)])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_full_coverage_over_every_cycle_window(model, fraction, cycle_years, seed):
    p = cchc.inspection.plan(model, year=2021, fraction=fraction, seed=seed, years=12, cycle_years=cycle_years)
    cycle = cycle_years or math.ceil(1 / fraction - 1e-9)
    assert p.cycle_years == cycle
    assert coverage_problems(p, None, 2021, 12, cycle) == []


@pytest.mark.parametrize("seed", [1, 5, 11])
def test_full_coverage_with_history(model, seed):
    rng = np.random.default_rng(seed)
    codes = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=seed).risk["agency"]
    # Past inspections 2014–2020, some units never inspected, some overdue (before 2017).
    rows = [(c, int(y)) for c in codes for y in rng.choice(np.arange(2014, 2021), size=rng.integers(0, 3),
                                                            replace=False)]
    history = pd.DataFrame(rows, columns=["agency", "year"])
    assert 0 < history["agency"].nunique() < len(codes)
    p = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=seed, history=history, years=9)
    assert coverage_problems(p, history, 2021, 9, 4) == []
    # Overdue units (last inspected four or more years before 2021, or never) … never ones may wait for the
    # cycle, but units whose window closes in 2021 are due now.
    last = history.groupby("agency")["year"].max()
    overdue = set(last[last <= 2021 - 4].index)
    first_year = set(p.selections.loc[p.selections["year"] == 2021, "agency"])
    assert overdue <= first_year
    due_rows = p.selections[(p.selections["year"] == 2021) & (p.selections["reason"] == "cycle due")]
    assert set(due_rows["agency"]) == overdue


def test_same_seed_same_plan_different_seed_different_plan(model):
    a = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=42, years=4)
    b = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=42, years=4)
    pd.testing.assert_frame_equal(a.selections, b.selections)
    pd.testing.assert_frame_equal(a.strata, b.strata)
    c = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=43, years=4)
    assert set(zip(a.selections["agency"], a.selections["year"])) != set(zip(c.selections["agency"],
                                                                            c.selections["year"]))
    # Over many seeds, every unit of the commune stratum is drawn in the first year at least once.
    drawn = set()
    for s in range(40):
        sel = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=s).selections
        drawn |= set(sel.loc[sel["stratum"] == "commune People's Committees", "agency"])
    assert len(drawn) == 12


def test_plan_does_not_depend_on_input_order():
    doc = province()
    shuffled = dict(doc, agencies=[doc["agencies"][0]] + doc["agencies"][:0:-1])
    a = cchc.inspection.plan(cchc.loads(dumps(doc)), year=2021, fraction=0.3, seed=9)
    b = cchc.inspection.plan(cchc.loads(dumps(shuffled)), year=2021, fraction=0.3, seed=9)
    assert sorted(a.selections["agency"]) == sorted(b.selections["agency"])


def test_monthly_capacity_and_closed_months(model):
    capacity = [0, 0, 1, 1, 2, 0, 1, 1, 1, 1, 1, 0]  # 10 visits a year; Tết and summer closed
    p = cchc.inspection.plan(model, year=2021, fraction=0.5, seed=3, capacity_per_month=capacity)
    sel = p.selections
    total = len(sel)
    assert total == sum(required(0.5, n) for n in STRATA.values())  # 6 + 2 + 6 = 14
    per_month = sel[sel["month"] > 0].groupby("month").size()
    for month, n in per_month.items():
        assert n <= capacity[month - 1]
    assert set(per_month.index) == {m + 1 for m, c in enumerate(capacity) if c > 0}  # filled, never closed ones
    assert (sel["month"] == 0).sum() == total - sum(capacity)  # the rest waits for capacity
    assert p.summary()["unscheduled"] == total - sum(capacity)
    # The riskiest units get the months; the unscheduled ones are the least risky.
    assert sel.loc[sel["month"] == 0, "risk"].max() <= sel.loc[sel["month"] > 0, "risk"].min()
    # Default capacity: January and February closed (Tết), visits balanced over the ten other months.
    d = cchc.inspection.plan(model, year=2021, fraction=0.5, seed=3).selections
    assert not d["month"].isin([0, 1, 2]).any()
    counts = d.groupby("month").size()
    assert counts.max() - counts.min() <= 1


def hand_model() -> dict:
    agencies = [
        {"code": "UBT", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province"},
        # A: 12 people for a quota of 10 (20% over) in its subtree: A itself 8/6, its division A1 4/4.
        {"code": "A", "name": "Sở A", "kind": "department", "level": "province", "parent": "UBT",
         "quota_civil_servants": 5, "quota_public_employees": 1, "headcount": 8},
        {"code": "A1", "name": "Phòng A1", "kind": "division", "level": "province", "parent": "A",
         "quota_civil_servants": 4, "headcount": 4},
        # An expired division of A must not count.
        {"code": "A2", "name": "Phòng A2 (giải thể)", "kind": "division", "level": "province", "parent": "A",
         "quota_civil_servants": 1, "headcount": 50, "valid_to": "2019-12-31"},
        {"code": "B", "name": "Sở B", "kind": "department", "level": "province", "parent": "UBT",
         "quota_civil_servants": 10, "headcount": 11},
        {"code": "H", "name": "UBND huyện", "kind": "district_people_committee", "level": "district",
         "parent": "UBT"},
        {"code": "HP", "name": "Phòng Nội vụ huyện", "kind": "division", "level": "district", "parent": "H"},
        {"code": "X", "name": "UBND xã", "kind": "commune_people_committee", "level": "commune", "parent": "H"},
    ]

    def task(code, *chairs):
        return {"code": code, "name": code, "assignments": [{"agency": a, "role": "chair"} for a in chairs]}

    tasks = [task("T1", "A1", "B"), task("T2", "A", "B"), task("T3", "HP", "X"), task("T4", "B")]
    return {"format": "cchc", "version": 1, "name": "risk", "as_of": "2020-12-31", "agencies": agencies,
            "tasks": tasks}


def test_risk_components_by_hand():
    m = cchc.loads(dumps(hand_model()))
    late = {"A": 0.10, "A1": 0.30, "HP": 0.05, "X": 0.40}          # A: mean(0.10, 0.30) = 0.20 → 1
    training = {"A": 0.9, "B": 0.5, "H": 1.0, "HP": 0.6}            # H: mean(1.0, 0.6) = 0.8
    history = pd.DataFrame({"agency": ["A", "B", "B", "X"], "year": [2019, 2015, 2020, 2017]})
    r = cchc.inspection.risk_scores(m, late_rates=late, training_compliance=training, history=history,
                                    year=2021, cycle_years=4).set_index("agency")
    assert list(r.index) == ["A", "B", "H", "X"]
    assert r.loc["A", "late_rate"] == pytest.approx(0.20)
    assert r.loc["H", "late_rate"] == pytest.approx(0.05)  # HP's rate; X is a unit of its own
    assert np.isnan(r.loc["B", "late_rate"])
    # Chair conflicts: T1 (A1, B) and T2 (A, B) → A 2, B 2; T3 (HP, X) → H 1, X 1.
    assert r["chair_conflicts"].to_dict() == {"A": 2, "B": 2, "H": 1, "X": 1}
    # Quota: A's valid subtree 12 / 10 → 20% over; B 11 / 10 → 10%; H and X have no quota.
    assert r.loc["A", "over_quota_pct"] == pytest.approx(20.0)
    assert r.loc["B", "over_quota_pct"] == pytest.approx(10.0)
    assert r.loc["H", "training_compliance"] == pytest.approx(0.8)
    assert r["last_inspected"].to_dict() == {"A": 2019, "B": 2020, "H": 0, "X": 2017}
    w = {"late_rate": 0.30, "chair_conflicts": 0.20, "quota": 0.15, "training_gap": 0.20, "staleness": 0.15}
    expected = {
        "A": {"late_rate": 1.0, "chair_conflicts": 2 / 3, "quota": 1.0, "training_gap": 0.1, "staleness": 2 / 4},
        "B": {"late_rate": 0.0, "chair_conflicts": 2 / 3, "quota": 0.5, "training_gap": 0.5, "staleness": 1 / 4},
        "H": {"late_rate": 0.25, "chair_conflicts": 1 / 3, "quota": 0.0, "training_gap": 0.2, "staleness": 1.0},
        "X": {"late_rate": 1.0, "chair_conflicts": 1 / 3, "quota": 0.0, "training_gap": 0.0, "staleness": 1.0},
    }
    for agency, parts in expected.items():
        for key, value in parts.items():
            assert r.loc[agency, f"risk_{key}"] == pytest.approx(w[key] * value), (agency, key)
        assert r.loc[agency, "risk"] == pytest.approx(sum(w[k] * v for k, v in parts.items()))
    # Components add up, and the explanation names them.
    comps = r[[f"risk_{k}" for k in w]].sum(axis=1)
    np.testing.assert_allclose(comps, r["risk"])
    assert "late 20.0% of dossiers" in r.loc["A", "explanation"]
    assert "never inspected" in r.loc["H", "explanation"]
    # Custom weights are normalised to sum to 1: only staleness counts here.
    only = cchc.inspection.risk_scores(m, history=history, year=2021, cycle_years=4,
                                       weights=cchc.inspection.RiskWeights(0, 0, 0, 0, 2.0)).set_index("agency")
    assert only["risk"].to_dict() == pytest.approx({"A": 0.5, "B": 0.25, "H": 1.0, "X": 1.0})


def test_results_objects_feed_the_risk():
    m = cchc.loads(dumps(hand_model()))
    # The training compliance table (by agency) is accepted as such.
    table = pd.DataFrame({"agency": ["A", "B"], "compliance_rate": [0.9, 0.5]})
    r = cchc.inspection.risk_scores(m, training_compliance=table, year=2021).set_index("agency")
    assert r.loc["B", "training_compliance"] == pytest.approx(0.5)


def test_riskier_units_are_drawn_more_often(model):
    late = {"X00": 1.0, "X01": 1.0}
    counts = pd.Series(0, index=[f"X{d}{c}" for d in range(4) for c in range(3)])
    for s in range(60):
        sel = cchc.inspection.plan(model, year=2021, fraction=0.25, seed=s, late_rates=late).selections
        picked = sel.loc[sel["stratum"] == "commune People's Committees", "agency"]
        counts[picked] += 1
    assert counts[["X00", "X01"]].min() > counts.drop(["X00", "X01"]).max()


def test_explanations_and_reasons(model):
    history = pd.DataFrame({"agency": ["S00"], "year": [2016]})
    p = cchc.inspection.plan(model, year=2021, fraction=0.3, seed=1, history=history)
    row = p.selections.set_index("agency").loc["S00"]
    assert row["reason"] == "cycle due"
    assert row["explanation"].startswith("due in the 4-year cycle")
    assert "last inspected 2016" in row["explanation"]
    assert (p.selections["explanation"].str.len() > 0).all()


@pytest.mark.parametrize("kwargs,match", [
    ({"fraction": 0.0}, "fraction"),
    ({"fraction": 1.5}, "fraction"),
    ({"fraction": float("nan")}, "fraction"),
    ({"capacity_per_month": [1] * 11}, "12 entries"),
    ({"capacity_per_month": [1] * 11 + [-1]}, "capacity"),
    ({"years": 0}, "years"),
    ({"cycle_years": -2}, "cycle_years"),
    ({"seed": -1}, "seed"),
    ({"risk_floor": -0.1}, "risk_floor"),
    ({"weights": cchc.inspection.RiskWeights(late_rate=-1)}, "weight"),
    ({"history": pd.DataFrame({"agency": ["S00"]})}, "history"),
    ({"late_rates": {"S00": 1.5}}, "late_rates"),
    ({"strata": {"department": "x", "no_such_kind": "y"}}, "no_such_kind"),
])
def test_bad_options_raise(model, kwargs, match):
    with pytest.raises(cchc.Error, match=match):
        cchc.inspection.plan(model, **{"year": 2021, "seed": 1, **kwargs})
