"""Numbers that must not be silently wrong (issue 14, items 14, 18-21, 23).

Every expectation is computed by hand: loads from the routing, lead times from the time limit,
units counted on a date, memory refused before a run starts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings

import cchc
import numpy as np
import pytest
from cchc import calendar
from cchc.sim import Exponential, Fixed

MINUTES_2021 = int(calendar.count_working_days("2021-01-01", "2022-01-01")) * 480

AGENCIES = [
    {
        "code": "UBND",
        "name": "UBND tỉnh",
        "kind": "provincial_people_committee",
        "level": "province",
        "headcount": 10,
        "travel_km": 12.5,
    },
    {
        "code": "STP",
        "name": "Sở Tư pháp",
        "kind": "department",
        "level": "province",
        "parent": "UBND",
        "headcount": 10,
        "travel_km": 12.5,
    },
    {
        "code": "SNV",
        "name": "Sở Nội vụ",
        "kind": "department",
        "level": "province",
        "parent": "UBND",
        "headcount": 10,
        "travel_km": 12.5,
    },
]

# Every random element off: a dossier's lead time is its statutory work.
QUIET = dict(
    supplement_prob=0.0,
    refusal_prob=0.0,
    online_share=[0, 0, 0],
    post_share=0.0,
    priority_share=0.0,
    desk_time=Fixed(0),
    desk_handover=Fixed(0),
    paper_transfer=Fixed(0),
    electronic_transfer=Fixed(0),
    pickup_delay=Fixed(0),
    post_return_share=0.0,
    step_ratio=Fixed(1.0),
)


def model(procedures, agencies=None, **extra):
    return cchc.loads(
        json.dumps(
            {
                "format": "cchc",
                "version": 1,
                "name": "test",
                "agencies": agencies or AGENCIES,
                "procedures": procedures,
                **extra,
            }
        )
    )


def procedure(code, *, steps=None, limit=None, unit="working_day", annual=500.0, agency="STP"):
    p = {
        "code": code,
        "name": "Thủ tục " + code,
        "field": "F",
        "levels": ["province"],
        "volumes": [{"agency": agency, "annual": annual}],
    }
    if steps is not None:
        p["steps"] = steps
    if limit is not None:
        p["methods"] = [{"channel": "in_person", "processing_time": limit, "unit": unit}]
    return p


# --- 18: a time limit without steps; neither steps nor time limit ----------------------------------


def test_time_limit_without_steps_simulates_the_derived_plan():
    # 10 working days, desk's share 1 day: one step of 9 working days at the implementing agency;
    # 1 working day: the desk keeps half, the step takes 0.5 day (240 minutes).
    m = model([procedure("P10", limit=10), procedure("P1", limit=1)])
    with pytest.warns(UserWarning, match=r"2 procedures have a time limit but no steps.*P10, P1"):
        r = cchc.simulate(m, days=60, replications=1, seed=2, progress=False, staff={"STP": 1000}, **QUIET)
    d = r.dossiers()
    assert len(d) > 50
    lead = d.groupby(d["procedure"].astype(str))["lead_days"].agg(["min", "max"])
    assert lead.loc["P10"].tolist() == pytest.approx([9.0, 9.0])
    assert lead.loc["P1"].tolist() == pytest.approx([0.5, 0.5])
    by = r.by_procedure().set_index("code")
    assert by["derived_plan"].all()
    assert by.loc["P10", "lead_time_mean_days"] == pytest.approx(9.0)
    with pytest.warns(UserWarning, match="time limit but no steps"):
        ev = cchc.simulate(
            m, days=20, replications=1, progress=False, staff={"STP": 1000}, event_log=True, **QUIET
        ).event_log()
    assert "Giải quyết hồ sơ" in set(ev["concept:name"].astype(str))
    # The desk's share is a documented parameter.
    with pytest.warns(UserWarning, match="time limit but no steps"):
        r2 = cchc.simulate(
            m,
            days=60,
            replications=1,
            seed=2,
            progress=False,
            staff={"STP": 1000},
            derived_desk_days=2,
            **QUIET,
        )
    d2 = r2.dossiers()
    assert d2.loc[d2["procedure"] == "P10", "lead_days"].max() == pytest.approx(8.0)


def test_desk_only_steps_are_not_derived():
    # Steps that list only reception and return: the data says the desk resolves it on the spot.
    steps = [
        {"name": "Tiếp nhận", "role": "reception", "duration": 0},
        {"name": "Trả kết quả", "role": "result_return", "duration": 0},
    ]
    m = model([procedure("D", steps=steps, limit=3)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = cchc.simulate(m, days=30, replications=1, progress=False, **QUIET)
    assert r.dossiers()["lead_days"].max() == 0
    assert not r.by_procedure()["derived_plan"].any()


def test_neither_steps_nor_time_limit_is_left_out_never_on_time():
    steps = [{"name": "Xử lý", "role": "processing", "duration": 2}]
    m = model([procedure("OK", steps=steps, limit=5), procedure("NONE")])
    with pytest.warns(
        UserWarning, match=r"1 procedures have annual volumes but neither steps nor a time limit.*NONE"
    ):
        r = cchc.simulate(m, days=60, replications=2, seed=1, progress=False, staff={"STP": 1000}, **QUIET)
    assert set(r.by_procedure()["code"]) == {"OK"}
    assert set(r.dossiers()["procedure"].astype(str)) == {"OK"}
    assert r.summary().loc["dossiers", "mean"] == pytest.approx(r.by_procedure()["dossiers"].sum())
    # Alone, nothing is simulated: no rate at all rather than 100% on time.
    only = model([procedure("NONE")])
    with pytest.warns(UserWarning, match="neither steps nor a time limit"):
        r = cchc.simulate(only, days=30, replications=1, progress=False)
    assert np.isnan(r.on_time_rate) and r.summary().loc["dossiers", "mean"] == 0
    with pytest.raises(cchc.Error, match="'NONE' has neither steps nor a time limit"):
        cchc.simulate(
            only,
            days=30,
            replications=1,
            progress=False,
            arrivals=[{"procedure": "NONE", "agency": "STP", "time": "2021-01-04 08:00"}],
        )


# --- 19: summary counts on a date ----------------------------------------------------------------


def test_summary_counts_units_valid_on_the_date():
    m = cchc.datasets.lai_chau_2025()
    s = m.summary()  # the model's as_of, 2025-07-01: two tiers, 38 commune-level units (Resolution 1670)
    assert s["as_of"] == "2025-07-01"
    assert (s["district_level_units"], s["commune_level_units"], s["province_level_units"]) == (0, 38, 1)
    old = m.summary(as_of="2021-12-31")
    assert (old["district_level_units"], old["commune_level_units"]) == (8, 106)
    assert old["agencies"] > s["agencies"]


def test_summary_by_kind_and_dates_on_a_hand_built_model():
    agencies = AGENCIES[:1] + [
        # A district committee abolished at the end of June 2025, a commune without territory.
        {
            "code": "H",
            "name": "UBND huyện",
            "kind": "district_people_committee",
            "level": "district",
            "parent": "UBND",
            "territory": "district",
            "valid_to": "2025-06-30",
        },
        {
            "code": "X1",
            "name": "UBND xã 1",
            "kind": "commune_people_committee",
            "level": "commune",
            "parent": "H",
            "valid_to": "2025-06-30",
        },
        {
            "code": "X2",
            "name": "UBND xã 2",
            "kind": "commune_people_committee",
            "level": "commune",
            "parent": "UBND",
            "valid_from": "2025-07-01",
        },
    ]
    people = [
        {
            "id": "a",
            "agency": "X1",
            "category": "cong_chuc",
            "gender": "female",
            "entered": "2020-01-01",
            "left": "2025-06-30",
        },
        {"id": "b", "agency": "X2", "category": "cong_chuc", "gender": "male", "entered": "2025-07-01"},
    ]
    procs = [
        {
            "code": "P",
            "name": "T",
            "field": "F",
            "levels": ["commune"],
            "volumes": [{"agency": "X1", "annual": 100}, {"agency": "X2", "annual": 250}],
        }
    ]
    m = cchc.loads(
        json.dumps(
            {
                "format": "cchc",
                "version": 1,
                "name": "t",
                "as_of": "2025-07-01",
                "agencies": agencies,
                "procedures": procs,
                "people": people,
            }
        )
    )
    s = m.summary()
    assert (s["agencies"], s["district_level_units"], s["commune_level_units"]) == (2, 0, 1)
    assert (s["people"], s["annual_dossiers"]) == (1, 250)
    s = m.summary(as_of="2025-06-30")  # last day of the old units, last day in service of 'a'
    assert (s["agencies"], s["district_level_units"], s["commune_level_units"]) == (3, 1, 1)
    assert (s["people"], s["annual_dossiers"]) == (1, 100)
    with pytest.raises(ValueError, match="not a date"):
        m.summary(as_of="30/06/2025")


# --- 20: offered load with a rework loop ---------------------------------------------------------


def rework_model(annual):
    steps = [
        {"name": "Thụ lý", "role": "processing", "responsible": "STP", "duration": 1, "unit": "working_hour"},
        {
            "name": "Thẩm định",
            "role": "appraisal",
            "responsible": "SNV",
            "duration": 1,
            "unit": "working_hour",
        },
        {"name": "Duyệt", "role": "approval", "responsible": "UBND", "duration": 0.5, "unit": "working_hour"},
    ]
    return model([procedure("R", steps=steps, limit=10, annual=annual)])


def test_offered_load_counts_visits_from_the_rework_target_on():
    # Rework with p = 0.225 from the approval back to the appraisal (step 1): the first step is
    # visited once, the appraisal and the approval 1 / (1 - p) times. Hand-worked loads:
    # STP: V x 60 / (1 x year) = 0.80; SNV: V x 60 / 0.775 / (2 x year); UBND: V x 30 / 0.775 / (1 x year).
    p, rho = 0.225, 0.80
    annual = rho * MINUTES_2021 / 60.0
    m = rework_model(annual)
    r = cchc.simulate(
        m,
        days=365,
        replications=4,
        seed=5,
        progress=False,
        warmup_days=20,
        keep_dossiers=False,
        rework={"R": (p, 1)},
        staff={"STP": 1, "SNV": 2, "UBND": 1},
        desk_staff={"UBND": 20},
        **{**QUIET, "step_ratio": Exponential(1.0)},
    )
    pools = r.pools().set_index(["code", "kind"])
    loops = 1 / (1 - p)
    expected = {
        "STP": rho,
        "SNV": annual * 60 * loops / (2 * MINUTES_2021),
        "UBND": annual * 30 * loops / MINUTES_2021,
    }
    for code, load in expected.items():
        assert pools.loc[(code, "processing"), "offered_load"] == pytest.approx(load, rel=1e-9), code
        # and the simulated utilisation agrees (Poisson arrivals, exponential work)
        assert pools.loc[(code, "processing"), "utilisation"] == pytest.approx(load, abs=0.03), code
    assert pools.loc[("STP", "processing"), "offered_load"] < 1  # was reported at 0.80 / 0.775 = 1.03


def test_unstaffed_agency_is_staffed_from_the_true_load():
    # SNV has no headcount: servers = ceil(load / (0.8 x year)); with the loop counted only from the
    # approval (step 1), SNV's appraisal is visited once: V x 60 / year = 4.0 -> 5 servers (not 10).
    agencies = [
        a if a["code"] != "SNV" else {k: v for k, v in a.items() if k != "headcount"} for a in AGENCIES
    ]
    steps = [
        {
            "name": "Thẩm định",
            "role": "appraisal",
            "responsible": "SNV",
            "duration": 1,
            "unit": "working_hour",
        },
        {"name": "Duyệt", "role": "approval", "responsible": "UBND", "duration": 0.1, "unit": "working_hour"},
    ]
    m = model([procedure("R", steps=steps, limit=10, annual=4.0 * MINUTES_2021 / 60.0)], agencies)
    with pytest.warns(UserWarning, match=r"SNV \(5\)"):
        r = cchc.simulate(
            m, days=20, replications=1, progress=False, rework={"R": (0.5, 1)}, keep_dossiers=False, **QUIET
        )
    pool = r.pools().set_index(["code", "kind"]).loc[("SNV", "processing")]
    assert pool["servers"] == 5 and pool["offered_load"] == pytest.approx(0.8)


def test_desk_load_follows_the_channel_mix():
    # Counter dossiers take desk_time (5 min), online ones online_desk_time (20 min); level 'none'
    # procedures have no online dossiers: load = V x 5 x (1 + supplement_prob) / (servers x year).
    m = model(
        [
            procedure(
                "D", steps=[{"name": "Xử lý", "role": "processing", "duration": 0}], limit=1, annual=10_000
            )
        ]
    )
    r = cchc.simulate(
        m,
        days=10,
        replications=1,
        progress=False,
        keep_dossiers=False,
        desk_staff={"STP": 1},
        **{**QUIET, "desk_time": Fixed(5), "online_desk_time": Fixed(20), "supplement_prob": 0.1},
    )
    desk = r.pools().set_index("kind").loc["desk"]
    assert desk["offered_load"] == pytest.approx(10_000 * 5 * 1.1 / MINUTES_2021)


def test_rework_probability_one_is_refused():
    with pytest.raises(
        ValueError, match=r"rework probability must be within \[0, 1\) \(1 would loop forever\)"
    ):
        cchc.simulate(rework_model(100), days=10, replications=1, progress=False, rework={"R": (1.0, 0)})
    with pytest.raises(ValueError, match=r"rework_prob must be within \[0, 1\)"):
        cchc.simulate(rework_model(100), days=10, replications=1, progress=False, rework_prob=1.0)


# --- 21: inspection plans past the model's structure -----------------------------------------------


def test_inspection_plan_past_the_model_warns_and_uses_the_units_of_the_year():
    with pytest.warns(
        UserWarning,
        match=r"inspection plan for 2026: the model describes its structure up to "
        r"2021-12-31",
    ):
        cchc.inspection.plan(cchc.datasets.lai_chau_2021(), year=2026)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cchc.inspection.plan(cchc.datasets.lai_chau_2021(), year=2022)  # the usual: next year's plan
    m = cchc.datasets.lai_chau_2025()
    units = {y: cchc.inspection.plan(m, year=y).strata.set_index("stratum")["units"] for y in (2024, 2026)}
    assert units[2024]["district People's Committees"] == 8
    assert units[2024]["commune People's Committees"] == 106
    assert "district People's Committees" not in units[2026]
    assert units[2026]["commune People's Committees"] == 38


# --- 23: the sample province staffs every step ---------------------------------------------------


def test_sample_province_simulates_without_a_staffing_warning():
    m = cchc.datasets.lai_chau_2021()
    assert m.agencies["LC.CA"]["headcount"] == 45 and m.agencies["LC.BHXH"]["headcount"] == 30
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = cchc.simulate(m, days=20, replications=1, progress=False, keep_dossiers=False)
    assert not [w for w in caught if "no headcount" in str(w.message) or "no travel_km" in str(w.message)]
    assert not r.pools()["staff_defaulted"].any()
    assert m.agencies["LC.STNMT.DV01"]["travel_km"] == 93.0  # the land registration office receives dossiers


def test_missing_distance_is_reported_not_counted_as_zero_silently():
    # STP has no travel_km and no desk with one: citizens' hours to it would count 0 without a word.
    no_km = [{k: v for k, v in a.items() if k != "travel_km"} for a in AGENCIES]
    m = model(
        [procedure("P", steps=[{"name": "Xử lý", "role": "processing", "duration": 1}], limit=3)], no_km
    )
    with pytest.warns(UserWarning, match=r"1 implementing agencies record no travel_km .*: STP\."):
        cchc.simulate(m, days=20, replications=1, progress=False)
    m = model([procedure("P", steps=[{"name": "Xử lý", "role": "processing", "duration": 1}], limit=3)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = cchc.simulate(m, days=20, replications=1, progress=False, **QUIET)
    # Every counter dossier: 2 trips (submit, collect) x 2 x 12.5 km / 30 km/h.
    d = r.by_procedure().iloc[0]
    assert d["citizen_hours_lost"] / d["finished"] == pytest.approx(2 * 2 * 12.5 / 30)


# --- 14: memory ----------------------------------------------------------------------------------


def test_annual_volume_bound_is_a_validation_error_with_its_pointer():
    doc = {
        "format": "cchc",
        "version": 1,
        "name": "t",
        "agencies": AGENCIES,
        "procedures": [procedure("P", limit=1, annual=1e12)],
    }
    with pytest.raises(cchc.ValidationError) as e:
        cchc.loads(json.dumps(doc))
    [problem] = e.value.problems
    assert problem.path == "/procedures/0/volumes/0/annual"
    assert "annual volume 1e+12 is above 1e+09" in problem.message
    doc["procedures"][0]["volumes"][0]["annual"] = 1e9  # the bound itself loads
    assert cchc.loads(json.dumps(doc)).summary()["annual_dossiers"] == 1e9


def _refused_in_a_subprocess(code: str) -> subprocess.CompletedProcess[str]:
    # Address space capped at 4 GiB: without the check the run would grow until it is killed.
    script = (
        textwrap.dedent("""
        import resource, warnings
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
        warnings.simplefilter("ignore")
        import cchc
        try:
    """)
        + textwrap.indent(textwrap.dedent(code), "    ")
        + textwrap.dedent("""
        except MemoryError as e:
            print("REFUSED", e)
    """)
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)


def test_replications_beyond_memory_are_refused_with_the_estimate():
    out = _refused_in_a_subprocess("""
        cchc.simulate(cchc.datasets.lai_chau_2021(), days=30, replications=10**7, progress=False,
                      keep_dossiers=False)
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("REFUSED simulate would need about "), out.stdout
    assert "10000000 replications x " in out.stdout
    assert "75% of physical memory or of the container's limit" in out.stdout
    assert "max_memory=<bytes>" in out.stdout


def test_volumes_beyond_memory_are_refused_and_the_limit_can_be_raised():
    out = _refused_in_a_subprocess("""
        cchc.simulate(cchc.datasets.lai_chau_2021(), days=365, replications=1, progress=False,
                      volume_scale=1e5)
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("REFUSED simulate would need about "), out.stdout
    assert "kept dossier rows" in out.stdout
    m = model([procedure("P", steps=[{"name": "Xử lý", "role": "processing", "duration": 1}], limit=3)])
    with pytest.raises(MemoryError, match=r"the limit is 1\.0 KiB \(max_memory\)"):
        cchc.simulate(m, days=30, replications=1, progress=False, max_memory=1024)
    r = cchc.simulate(m, days=30, replications=1, progress=False, max_memory=2**40)
    assert r.summary().loc["dossiers", "mean"] > 0
    with pytest.raises(ValueError, match="max_memory must be >= 0"):
        cchc.simulate(m, days=30, replications=1, progress=False, max_memory=-1)


def test_memory_estimate_covers_the_kept_rows():
    # 145 bytes per kept row and its numpy copy: the estimate is at least that for the expected dossiers.
    m = model(
        [
            procedure(
                "P", steps=[{"name": "Xử lý", "role": "processing", "duration": 1}], limit=3, annual=100_000
            )
        ]
    )
    from cchc import _core

    sim = _core.Simulation(m._core, {"days": 365, "replications": 1, "start": 18628})
    assert sim.memory_estimate >= 2 * 145 * 100_000
    small = _core.Simulation(
        m._core, {"days": 365, "replications": 1, "start": 18628, "keep_dossiers": False}
    )
    assert small.memory_estimate < sim.memory_estimate


def test_simulating_a_window_the_agencies_are_not_valid_in_is_reported():
    # The 2025 model's volumes sit at the 38 commune-level units valid from 2025-07-01.
    m = cchc.datasets.lai_chau_2025()
    with pytest.warns(
        UserWarning,
        match=r"implementing agencies receive dossiers but are not valid on any day from "
        r"2021-01-01 for 10 days",
    ):
        cchc.simulate(m, start="2021-01-01", days=10, replications=1, progress=False, keep_dossiers=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cchc.simulate(m, start="2025-07-01", days=10, replications=1, progress=False, keep_dossiers=False)
    assert not [w for w in caught if "not valid" in str(w.message)]


def test_runs_outside_the_calendar_or_with_infinite_volume_are_refused():
    # 2**31 - 1 days wrapped the 32-bit end date: the run simulated nothing and reported success.
    m = model([procedure("P", steps=[{"name": "Xử lý", "role": "processing", "duration": 1}], limit=3)])
    with pytest.raises(
        ValueError,
        match=r"days: a run from 2021-01-01 for 2147483647 days leaves the calendar "
        r"\(1900-01-01 to 2199-12-31\)",
    ):
        cchc.simulate(m, days=2**31 - 1, replications=1, progress=False)
    with pytest.raises(ValueError, match="volume_scale must be finite and >= 0"):
        cchc.simulate(m, days=10, replications=1, progress=False, volume_scale=float("inf"))
    # Draining stops at the calendar's end: a huge drain_days is a cap, not an overflow.
    r = cchc.simulate(m, days=30, replications=1, progress=False, drain_days=1e18, **QUIET)
    assert r.summary().loc["finished", "mean"] == r.summary().loc["dossiers", "mean"] > 0


def test_units_missing_from_risk_data_are_named_not_silently_scored_as_perfect():
    m = model([])
    missing = r"late_rates: 1 units have no value \(nor any sub-unit\): SNV; their risk counts them as none"
    with pytest.warns(UserWarning, match=missing):
        r = cchc.inspection.risk_scores(m, as_of="2021-12-31", late_rates={"STP": 0.1})
    assert r.set_index("agency").loc["SNV", "risk_late_rate"] == 0
    with pytest.warns(UserWarning, match=r"training_compliance: 1 units .*: STP; .* fully trained"):
        cchc.inspection.risk_scores(m, as_of="2021-12-31", training_compliance={"SNV": 0.5})
