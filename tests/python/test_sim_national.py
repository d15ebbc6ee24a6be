"""Simulation at scale: memory bounded by work in progress, offered load, staffing for the volume."""

import json
import math

import numpy as np
import pytest

import cchc
from cchc import calendar
from cchc.sim import Fixed

WORK_DAYS_2021 = int(calendar.count_working_days("2021-01-01", "2022-01-01"))
MINUTES_2021 = WORK_DAYS_2021 * 480
PURE = dict(supplement_prob=0.0, refusal_prob=0.0, online_share=[0, 0, 0], post_share=0.0, priority_share=0.0,
            desk_handover=0.0, pickup_delay=0.0, post_return_share=0.0, desk_time=Fixed(0), step_ratio=Fixed(1.0),
            desk_staff={"STP": 5})


def one_step_model(annual, headcount=10, days=2):
    agencies = [
        {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province",
         "headcount": 10},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND",
         "headcount": headcount},
    ]
    procs = [{"code": "P", "name": "T", "field": "F", "levels": ["province"],
              "steps": [{"name": "Xử lý", "role": "processing", "duration": days}],
              "methods": [{"channel": "in_person", "processing_time": 5}],
              "volumes": [{"agency": "STP", "annual": annual}]}]
    return cchc.loads(json.dumps({"format": "cchc", "version": 1, "name": "t", "agencies": agencies,
                                  "procedures": procs}))


def test_summary_mode_memory_follows_littles_law_not_the_dossier_count():
    # 0.05 dossiers per working minute, each 2 working days (960 min) in the system: Little's law
    # gives L = 48 in progress. Dossier slots are recycled, so the most ever allocated stays near
    # L (its maximum over a year, a few standard deviations of a Poisson(48) above it), while a
    # slot per dossier would need ~2,000 in 120 days and ~5,900 in a year.
    m = one_step_model(0.05 * MINUTES_2021)
    peaks = {}
    for days in (120, 365):
        r = cchc.simulate(m, start="2021-01-01", days=days, replications=2, seed=4, progress=False,
                          keep_dossiers=False, staff={"STP": 1000}, **PURE)
        per = r.replication_table()
        assert per["dossiers"].min() > 0.05 * 480 * 0.9 * days * 0.6  # thousands of dossiers
        wip = r.wip()
        assert per["peak_wip"].mean() >= wip["in_system"].max()  # the counter sees every dossier in progress
        assert per["peak_wip"].max() < 48 + 8 * math.sqrt(48)
        peaks[days] = per["peak_wip"].mean()
    # Three times the dossiers, not three times the memory.
    assert peaks[365] < 1.3 * peaks[120]


def test_offered_load_is_the_expected_utilisation():
    # 3,000 dossiers x 2 working days on 10 x 0.3 x 10 = 30 servers: offered 6,000 / (30 x days).
    m = one_step_model(3000)
    r = cchc.simulate(m, start="2021-01-01", days=365, replications=2, seed=2, progress=False, **PURE)
    pool = r.pools().query("kind == 'processing'").iloc[0]
    assert pool["servers"] == 30 and not pool["staff_raised"]
    assert pool["offered_load"] == pytest.approx(6000 / (30 * WORK_DAYS_2021), rel=1e-12)
    # Utilisation = lambda / (c mu) when the pool is stable.
    assert pool["utilisation"] == pytest.approx(pool["offered_load"], rel=0.08)
    # Independent of the run's length (the staffing rule uses a year from the start).
    short = cchc.simulate(m, start="2021-01-01", days=20, replications=1, seed=2, progress=False, drain_days=0, **PURE)
    assert short.pools().query("kind == 'processing'").iloc[0]["offered_load"] == pool["offered_load"]


def test_understaffed_pools_are_raised_only_when_asked():
    # 30,000 dossiers x 2 days on 30 servers: offered 60,000 / (30 x days) ~ 8: saturated.
    m = one_step_model(30000)
    base = cchc.simulate(m, start="2021-01-01", days=10, replications=1, progress=False, drain_days=0, **PURE)
    pool = base.pools().query("kind == 'processing'").iloc[0]
    assert pool["servers"] == 30 and pool["offered_load"] > 7
    need = math.ceil(60000 / (0.8 * WORK_DAYS_2021))
    with pytest.warns(UserWarning, match=r"1 staff pools raised.*STP \(" + str(need) + r"\)"):
        r = cchc.simulate(m, start="2021-01-01", days=10, replications=1, progress=False, drain_days=0,
                          understaffed_utilisation=0.8, **PURE)
    pool = r.pools().query("kind == 'processing'").iloc[0]
    assert pool["servers"] == need and pool["staff_raised"]
    assert pool["offered_load"] == pytest.approx(60000 / (need * WORK_DAYS_2021)) and pool["offered_load"] <= 0.8
    # Desks (ample already) and explicit overrides are left alone.
    assert not r.pools().query("kind == 'desk'")["staff_raised"].any()
    r = cchc.simulate(m, start="2021-01-01", days=10, replications=1, progress=False, drain_days=0,
                      understaffed_utilisation=0.8, staff={"STP": 40}, **PURE)
    pool = r.pools().query("kind == 'processing'").iloc[0]
    assert pool["servers"] == 40 and not pool["staff_raised"]
    with pytest.raises((ValueError, cchc.Error), match="understaffed_utilisation"):
        cchc.simulate(m, days=10, replications=1, progress=False, understaffed_utilisation=1.0)
