"""Service-flow simulation against queueing theory, hand-worked calendars and legal deadline rules."""

import json
import math

import numpy as np
import pandas as pd
import pytest

import cchc
from cchc import calendar
from cchc.sim import Exponential, Fixed

# Working minutes of 2021 under the default calendar (7:00-11:30, 13:30-17:00).
WORK_DAYS_2021 = int(calendar.count_working_days("2021-01-01", "2022-01-01"))
MINUTES_2021 = WORK_DAYS_2021 * 480


def model(procedures, agencies=None):
    agencies = agencies or [
        {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province",
         "headcount": 10},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND",
         "headcount": 10},
    ]
    return cchc.loads(json.dumps({"format": "cchc", "version": 1, "name": "test", "agencies": agencies,
                                  "procedures": procedures}))


# A procedure resolved at the desk: steps of reception and return only, a time limit of 5 working
# days (without steps or a time limit a procedure would run a derived plan or be left out).
AT_DESK = {"steps": [{"name": "Tiếp nhận", "role": "reception", "duration": 0},
                     {"name": "Trả kết quả", "role": "result_return", "duration": 0}],
           "methods": [{"channel": "in_person", "processing_time": 5}]}


def desk_model(annual):
    """One procedure resolved at the desk: the dossier only visits the reception desk."""
    return model([{"code": "P", "name": "Thủ tục", "field": "F", "levels": ["province"], **AT_DESK,
                   "volumes": [{"agency": "STP", "annual": annual}]}])


# Every random element off except the desk: a pure queue in working time.
PURE_DESK = dict(supplement_prob=0.0, refusal_prob=0.0, online_share=[0, 0, 0], post_share=0.0,
                 priority_share=0.0, desk_handover=0.0, pickup_delay=0.0, post_return_share=0.0)


def erlang_c_wait(lam, mu, c):
    """Mean wait in queue of M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    tail = a**c / math.factorial(c) / (1 - rho)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(c)) + tail)
    return p_wait / (c * mu - lam), p_wait


def within_4_se(values, expected):
    v = np.asarray(values, dtype=float)
    se = v.std(ddof=1) / math.sqrt(len(v))
    assert abs(v.mean() - expected) < 4 * se + 1e-9, (v.mean(), expected, se)


def run_desk(lam_per_min, mean_service, servers, dist="exp", reps=10, seed=3, **kw):
    annual = lam_per_min * MINUTES_2021
    m = desk_model(annual)
    desk_time = Exponential(mean_service) if dist == "exp" else Fixed(mean_service)
    return cchc.simulate(m, start="2021-01-01", days=365, replications=reps, seed=seed, progress=False,
                         desk_time=desk_time, desk_staff={"STP": servers}, warmup_days=20,
                         keep_replications=reps, **PURE_DESK, **kw)


def test_mm1_mean_wait_and_tail():
    lam, mu = 0.07, 0.1  # per working minute: rho = 0.7
    r = run_desk(lam, 1 / mu, 1)
    per = r.replication_table()
    wq = (lam / mu) / (mu - lam)
    within_4_se(per["desk_wait_mean_min"], wq)
    # P(wait > t) = rho exp(-(mu - lambda) t)
    t = 30.0
    fractions = [(r.dossiers(k).query("arrival >= '2021-01-29'")["desk_wait_min"] > t).mean() for k in range(10)]
    within_4_se(fractions, 0.7 * math.exp(-(mu - lam) * t))
    # Little's law on the queue, from the same runs (utilisation = lambda / mu is checked against its
    # standard error in test_sim_power.test_mm1_wait_and_utilisation_detect_a_2pct_bias).
    pool = r.pools().iloc[0]
    assert pool["queue_mean"] == pytest.approx(lam * pool["wait_mean_min"], rel=0.05)


def test_mmc_erlang_c():
    lam, mu, c = 0.25, 0.1, 3  # rho = 0.833
    r = run_desk(lam, 1 / mu, c)
    wq, p_wait = erlang_c_wait(lam, mu, c)
    within_4_se(r.replication_table()["desk_wait_mean_min"], wq)
    waited = [(r.dossiers(k)["desk_wait_min"] > 0).mean() for k in range(10)]
    within_4_se(waited, p_wait)
    pool = r.pools().iloc[0]
    assert pool["servers"] == 3  # utilisation: test_sim_power.test_mmc_erlang_c_detects_a_2pct_bias
    assert pool["queue_mean"] == pytest.approx(lam * pool["wait_mean_min"], rel=0.05)


def test_md1_pollaczek_khinchine():
    lam, s = 0.07, 10.0
    r = run_desk(lam, s, 1, dist="fixed")
    rho = lam * s
    within_4_se(r.replication_table()["desk_wait_mean_min"], lam * s * s / (2 * (1 - rho)))


def test_littles_law_whole_system():
    # Mean dossiers in the system at day ends ~ lambda x mean time in system (deterministic 2-day step).
    m = model([{"code": "P", "name": "T", "field": "F", "levels": ["province"],
                "steps": [{"name": "Xử lý", "role": "processing", "duration": 2}],
                "methods": [{"channel": "in_person", "processing_time": 5}],
                "volumes": [{"agency": "STP", "annual": 0.02 * MINUTES_2021}]}])
    r = cchc.simulate(m, days=365, replications=4, seed=5, progress=False, desk_time=Fixed(0),
                      step_ratio=Fixed(1.0), staff={"STP": 1000}, **PURE_DESK)
    wip = r.wip()
    wip = wip[(wip["date"] > "2021-02-01") & (wip["date"] < "2021-12-01")]
    assert wip["in_system"].mean() == pytest.approx(0.02 * 960, rel=0.05)


def step_model(days_by_code, deadline=3, transfer="none"):
    return model([{"code": code, "name": code, "field": "F", "levels": ["province"],
                   "steps": [{"name": "Xử lý", "role": "processing", "duration": d, "transfer": transfer}],
                   "methods": [{"channel": "in_person", "processing_time": deadline}],
                   "volumes": [{"agency": "STP", "annual": 0}]} for code, d in days_by_code.items()])


EXACT = dict(PURE_DESK, desk_time=Fixed(0), step_ratio=Fixed(1.0), paper_transfer=Fixed(0), electronic_transfer=Fixed(0))


def test_deterministic_step_across_weekend_and_tet():
    m = step_model({"D1": 1, "D2": 2})
    arrivals = pd.DataFrame({"procedure": ["D1", "D2", "D1"], "agency": "STP",
                             "time": ["2021-02-09 16:00", "2021-03-05 16:00", "2021-03-06 10:00"]})
    r = cchc.simulate(m, start="2021-02-01", days=60, replications=1, progress=False, arrivals=arrivals, **EXACT)
    d = r.dossiers()
    # Tết 2021: 10-16 February off. 1 h on 9 Feb, then 7 h on 17 Feb -> 16:00.
    assert d["ready"].tolist() == [pd.Timestamp("2021-02-17 16:00"), pd.Timestamp("2021-03-09 16:00"),
                                   pd.Timestamp("2021-03-08 17:00")]
    # An arrival on Saturday is received when the office opens on Monday and a whole
    # working day of work ends at Monday's closing time.
    assert d["receipt"].iloc[2] == pd.Timestamp("2021-03-08 07:00")
    assert d["lead_days"].tolist() == pytest.approx([1.0, 2.0, 1.0])


def test_random_arrivals_lead_time_equals_step_in_working_time():
    m = model([{"code": "P", "name": "T", "field": "F", "levels": ["province"],
                "steps": [{"name": "Xử lý", "role": "processing", "duration": 3}],
                "methods": [{"channel": "in_person", "processing_time": 5}],
                "volumes": [{"agency": "STP", "annual": 3000}]}])
    r = cchc.simulate(m, start="2021-01-15", days=40, replications=1, seed=9, progress=False,
                      staff={"STP": 10000}, **EXACT)
    d = r.dossiers()
    assert len(d) > 100
    receipt = d["receipt"].dt.floor("min").to_numpy()
    ready = d["ready"].dt.floor("min").to_numpy()  # same seconds as the receipt: work is whole minutes
    assert (np.asarray(calendar.working_minutes_between(receipt, ready)) == 3 * 480).all()
    # Deadlines: 5 working days from the day of receipt, as the calendar computes them.
    np.testing.assert_array_equal(d["deadline"].to_numpy().astype("datetime64[m]"), calendar.deadline(receipt, 5))
    # Dossiers straddling Tết (10-16 Feb) take 3 working days, not 3 calendar days.
    assert (d["ready"] - d["receipt"]).max() >= pd.Timedelta(days=9)


def test_deadline_classification_by_hand():
    # Received Tue 9 Feb 2021 16:00, 3 working days -> deadline Fri 19 Feb 17:00 (Tết 10-16 Feb).
    m = step_model({"E": 1, "T": 3, "L": 4})
    arrivals = pd.DataFrame({"procedure": ["E", "T", "L"], "agency": "STP", "time": "2021-02-09 16:00"})
    r = cchc.simulate(m, start="2021-02-01", days=60, replications=1, progress=False, arrivals=arrivals, **EXACT)
    d = r.dossiers().set_index("procedure")
    assert (d["deadline"] == pd.Timestamp("2021-02-19 17:00")).all()
    assert d.loc["E", "ready"] == pd.Timestamp("2021-02-17 16:00")
    assert d.loc["T", "ready"] == pd.Timestamp("2021-02-19 16:00")
    assert d.loc["L", "ready"] == pd.Timestamp("2021-02-22 16:00")
    assert d["outcome"].astype(str).to_dict() == {"E": "early", "T": "on_time", "L": "late"}
    s = r.summary()["mean"]
    assert s["on_time_rate"] == pytest.approx(2 / 3)
    assert s["apology_slips"] == 1


def test_supplement_extra_trip_and_clock_rules():
    m = step_model({"P": 2}, deadline=3)
    arrivals = pd.DataFrame({"procedure": ["P"], "agency": "STP", "time": ["2021-03-01 08:00"]})
    common = dict(EXACT, supplement_prob=1.0, supplement_delay=Fixed(480 * 5))
    restart = cchc.simulate(m, start="2021-03-01", days=30, replications=1, progress=False, arrivals=arrivals,
                            **common).dossiers().iloc[0]
    cont = cchc.simulate(m, start="2021-03-01", days=30, replications=1, progress=False, arrivals=arrivals,
                         clock_rule="continue", **common).dossiers().iloc[0]
    assert restart["trips"] == 3 and cont["trips"] == 3  # submit, bring the missing papers, collect
    # Back after 5 working days: Mon 8 Mar 08:00; 3 working days -> Thu 11 Mar.
    assert restart["deadline"] == pd.Timestamp("2021-03-11 17:00")
    assert cont["deadline"] == pd.Timestamp("2021-03-04 17:00")
    assert restart["outcome"] == "early" and cont["outcome"] == "late"


def test_same_seed_same_results_any_thread_count():
    m = step_model({"P": 2})
    m = model([{"code": "P", "name": "T", "field": "F", "levels": ["province"], "online_level": "partial",
                "steps": [{"name": "Xử lý", "role": "processing", "duration": 2},
                          {"name": "Duyệt", "role": "approval", "responsible": "UBND", "duration": 1,
                           "transfer": "paper"}],
                "methods": [{"channel": "in_person", "processing_time": 4}],
                "volumes": [{"agency": "STP", "annual": 20000}]}])
    kw = dict(days=120, replications=4, seed=42, progress=False, keep_replications=4, staff={"STP": 40, "UBND": 20})
    a = cchc.simulate(m, threads=1, **kw)
    b = cchc.simulate(m, threads=2, **kw)
    pd.testing.assert_frame_equal(a.replication_table(), b.replication_table())
    for k in range(4):
        pd.testing.assert_frame_equal(a.dossiers(k), b.dossiers(k))
    c = cchc.simulate(m, threads=2, **dict(kw, seed=43))
    assert not a.replication_table().equals(c.replication_table())
    # Summary-only mode gives the same statistics.
    s = cchc.simulate(m, threads=2, keep_dossiers=False, **kw)
    pd.testing.assert_frame_equal(a.summary(), s.summary())
    with pytest.raises(ValueError, match="keep_dossiers"):
        s.dossiers()


def test_zero_volume_procedures_produce_no_dossiers():
    m = model([{"code": "Z", "name": "Z", "field": "F", "levels": ["province"], **AT_DESK,
                "volumes": [{"agency": "STP", "annual": 0}]},
               {"code": "A", "name": "A", "field": "F", "levels": ["province"], **AT_DESK,
                "volumes": [{"agency": "STP", "annual": 500}]}])
    r = cchc.simulate(m, days=365, replications=2, progress=False)
    d = r.dossiers()
    assert len(d) > 0 and set(d["procedure"].astype(str)) == {"A"}
    assert list(r.by_procedure()["code"]) == ["A"]
    empty = cchc.simulate(step_model({"Z": 1}), days=365, replications=2, progress=False)
    assert empty.summary().loc["dossiers", "mean"] == 0
    assert len(empty.dossiers()) == 0


def test_arrival_volume_and_profiles():
    annual = 10000
    m = desk_model(annual)
    months = [3] + [1] * 11  # January three times as busy as each other month
    r = cchc.simulate(m, days=365, replications=4, seed=2, progress=False, month_weights=months, keep_replications=4,
                      **PURE_DESK)
    within_4_se(r.replication_table()["dossiers"], annual)  # Poisson: sd = sqrt(annual)
    d = pd.concat([r.dossiers(k) for k in range(4)])
    jan = (d["arrival"].dt.month == 1).mean()
    wd = np.asarray(calendar.is_working_day(pd.date_range("2021-01-01", "2021-12-31").to_numpy()))
    months_of = pd.date_range("2021-01-01", "2021-12-31").month.to_numpy()
    weights = np.where(months_of == 1, 3.0, 1.0) * wd
    assert jan == pytest.approx(weights[months_of == 1].sum() / weights.sum(), abs=0.01)


def test_channels_trips_and_desks():
    agencies = [
        {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province"},
        {"code": "TT", "name": "Trung tâm Phục vụ hành chính công", "kind": "service_centre", "level": "province",
         "parent": "UBND", "headcount": 3},
        {"code": "SXD", "name": "Sở Xây dựng", "kind": "department", "level": "province", "parent": "UBND",
         "headcount": 30},
    ]
    m = model([{"code": "F", "name": "Full online", "field": "F", "levels": ["province"], "online_level": "full",
                **AT_DESK, "volumes": [{"agency": "SXD", "annual": 4000}]}], agencies)
    r = cchc.simulate(m, days=200, replications=1, progress=False, online_share={"full": 1.0}, supplement_prob=0,
                      post_return_share=0)
    d = r.dossiers()
    assert set(d["desk"].astype(str)) == {"TT"}  # the provincial centre receives the department's dossiers
    assert (d["channel"] == "online").all() and (d["trips"] == 0).all()
    r2 = cchc.simulate(m, days=200, replications=1, progress=False, online_share={"full": 0.0}, post_share=0,
                       supplement_prob=0, post_return_share=0)
    assert (r2.dossiers()["trips"] == 2).all()
    desk = r2.pools().set_index("code").loc["TT"]
    assert desk["servers"] == 3 and desk["kind"] == "desk"


def test_event_log_pm4py_columns(tmp_path):
    m = step_model({"P": 1}, transfer="paper")
    m = model([{"code": "P", "name": "T", "field": "F", "levels": ["province"],
                "steps": [{"name": "Thẩm định", "role": "appraisal", "duration": 1, "transfer": "paper"}],
                "volumes": [{"agency": "STP", "annual": 2000}]}])
    r = cchc.simulate(m, days=30, replications=2, progress=False, supplement_prob=0.2)
    log = r.event_log()
    assert list(log.columns[:5]) == ["case:concept:name", "concept:name", "org:resource", "start_timestamp",
                                     "time:timestamp"]
    assert (log["start_timestamp"] <= log["time:timestamp"]).all()
    acts = log.groupby("case:concept:name")["concept:name"].apply(lambda s: set(s.astype(str)))
    d = r.dossiers()
    done = d.loc[d["status"] == "done", "id"].astype(str)
    assert all({"Tiếp nhận hồ sơ", "Thẩm định", "Có kết quả", "Trả kết quả"} <= acts[c] for c in done)
    assert set(log.loc[log["concept:name"] == "Thẩm định", "org:resource"]) == {"STP"}
    n_supp = int((log["concept:name"] == "Yêu cầu bổ sung hồ sơ").sum())
    assert n_supp == int(r.replication_table()["supplement_rate"].iloc[0] * r.replication_table()["dossiers"].iloc[0]
                         + 0.5)
    path = r.write_event_log(tmp_path / "log.csv")
    back = pd.read_csv(path)
    assert len(back) == len(log) and back.columns[0] == "case:concept:name"


def test_scenario_interface_and_overrides():
    m = step_model({"P": 1})

    class Stub:
        applied = 0

        def apply(self, model):
            Stub.applied += 1
            return desk_model(1000)

        def sim_overrides(self):
            return {"supplement_prob": 1.0}

    r = cchc.simulate(m, scenario=Stub(), days=60, replications=1, progress=False, post_return_share=0,
                      online_share=[0, 0, 0], post_share=0)
    assert Stub.applied == 1
    d = r.dossiers()
    assert len(d) > 0 and (d["trips"] == 3).all()


def test_bad_parameters_are_named():
    m = desk_model(100)
    with pytest.raises(TypeError, match="desk_tme"):
        cchc.simulate(m, replications=1, progress=False, desk_tme=Fixed(1))
    with pytest.raises(ValueError, match="supplement_prob"):
        cchc.simulate(m, replications=1, progress=False, supplement_prob=1.5)
    with pytest.raises(ValueError, match="triangular"):
        cchc.simulate(m, replications=1, progress=False, desk_time=cchc.sim.Triangular(5, 1, 9))
    with pytest.raises(cchc.ReferenceError, match="SNV"):
        cchc.simulate(m, replications=1, progress=False, staff={"SNV": 3})
    with pytest.raises(ValueError, match="days"):
        cchc.simulate(m, days=0, replications=1, progress=False)


def mm1_or_c_sojourn(lam, mean_service, c):
    """Mean time in an M/M/c station (wait + service)."""
    wq, _ = erlang_c_wait(lam, 1 / mean_service, c)
    return wq + mean_service


# Three stations in series with rework after the last (approval) back to the first.
JACKSON_STEPS = [  # (name, role, agency, mean minutes, servers)
    ("Xử lý", "processing", "STP", 12.0, 1),
    ("Thẩm định", "appraisal", "SNV", 30.0, 2),
    ("Duyệt", "approval", "UBND", 9.0, 1),
]


def jackson_model(lam_per_min):
    agencies = [
        {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province"},
        {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province", "parent": "UBND"},
        {"code": "SNV", "name": "Sở Nội vụ", "kind": "department", "level": "province", "parent": "UBND"},
    ]
    steps = [{"name": n, "role": role, "responsible": ag, "duration": mean / 60, "unit": "working_hour"}
             for n, role, ag, mean, _ in JACKSON_STEPS]
    return model([{"code": "P", "name": "T", "field": "F", "levels": ["province"], "steps": steps,
                   "methods": [{"channel": "in_person", "processing_time": 5}],
                   "volumes": [{"agency": "STP", "annual": lam_per_min * MINUTES_2021}]}], agencies)


def test_open_jackson_network_with_rework():
    # Poisson arrivals (lambda per working minute), exponential service at three M/M/c stations,
    # after the last one the dossier goes back to the first with probability p.
    lam, p = 0.04, 0.25
    m = jackson_model(lam)
    r = cchc.simulate(m, days=365, replications=10, seed=11, progress=False, warmup_days=20, keep_dossiers=False,
                      rework={"P": (p, "Xử lý")}, step_ratio=Exponential(1.0), desk_time=Fixed(0),
                      desk_staff={"STP": 50}, staff={ag: c for _, _, ag, _, c in JACKSON_STEPS},
                      paper_transfer=Fixed(0), electronic_transfer=Fixed(0), **PURE_DESK)
    # Traffic equations: every station sees lambda_i = lambda / (1 - p); visits per dossier 1 / (1 - p).
    visits = 1 / (1 - p)
    lam_i = lam * visits
    expected = visits * sum(mm1_or_c_sojourn(lam_i, mean, c) for _, _, _, mean, c in JACKSON_STEPS)
    per = r.replication_table()
    within_4_se(per["lead_time_mean_days"] * 480, expected)
    within_4_se(per["rework_rate"], p / (1 - p))  # mean loops per dossier (geometric)
    pools = r.pools().set_index("code")
    for _, _, ag, mean, c in JACKSON_STEPS:
        # utilisation: test_sim_power.test_jackson_network_utilisation_and_rework_detect_a_2pct_bias
        pool = pools.loc[(pools["kind"] == "processing")].loc[ag]
        wq, _ = erlang_c_wait(lam_i, 1 / mean, c)
        assert pool["wait_mean_min"] == pytest.approx(wq, rel=0.15)
        assert pool["queue_mean"] == pytest.approx(lam_i * pool["wait_mean_min"], rel=0.05)  # Little


def test_rework_is_named_and_off_by_default():
    m = jackson_model(0.01)
    with pytest.raises(cchc.Error, match="no step named 'Nope'"):
        cchc.simulate(m, days=10, replications=1, progress=False, rework={"P": (0.2, "Nope")})
    with pytest.raises(ValueError, match="rework_prob"):
        cchc.simulate(m, days=10, replications=1, progress=False, rework_prob=2.0)
    r = cchc.simulate(m, days=60, replications=1, progress=False, staff={"STP": 1, "SNV": 1, "UBND": 1})
    assert r.replication_table()["rework_rate"].iloc[0] == 0
    # Back to the second step with p = 0.5: steps 2 and 3 run 1 / (1 - p) = 2 times per dossier on average.
    r = cchc.simulate(m, days=120, replications=1, progress=False, rework={"P": (0.5, 1)}, event_log=True,
                      staff={"STP": 100, "SNV": 100, "UBND": 100})
    counts = r.event_log()["concept:name"].astype(str).value_counts()
    assert counts["Thẩm định"] == counts["Duyệt"]
    assert counts["Duyệt"] == pytest.approx(2 * counts["Xử lý"], rel=0.15)


def test_queues_over_time_match_pool_means():
    # Daily time-weighted queues per pool, collected in summary mode, average to the pool's queue_mean.
    lam, mu = 0.07, 0.1
    r = run_desk(lam, 1 / mu, 1, reps=4, keep_dossiers=False)
    q = r.queues()
    assert list(q.columns) == ["date", "code", "kind", "queue_mean", "queue_max"]
    assert set(q["kind"]) == {"desk"} and len(q) == WORK_DAYS_2021
    after_warmup = q[q["date"] >= "2021-01-21"]  # warmup_days=20 from 1 January
    pool = r.pools().iloc[0]
    assert after_warmup["queue_mean"].mean() == pytest.approx(pool["queue_mean"], rel=1e-3)
    assert q["queue_max"].max() == pool["max_queue"]
    assert (q["queue_max"] >= q["queue_mean"]).all()
    weekly = r.queues("W")
    assert len(weekly) == q["date"].dt.to_period("W").nunique()
    assert weekly["queue_max"].max() == q["queue_max"].max()


def test_agency_without_headcount_is_staffed_for_its_work():
    # 4,000 dossiers of 2 working days each at an agency with no headcount: 8,000 server-days a
    # year; at 80% utilisation over 2021's working days that is ceil(8000 / (0.8 x days)) servers.
    agencies = [{"code": "UBND", "name": "UBND", "kind": "provincial_people_committee", "level": "province"},
                {"code": "CA", "name": "Công an tỉnh", "kind": "department", "level": "province", "parent": "UBND"}]
    m = model([{"code": "P", "name": "T", "field": "F", "levels": ["province"],
                "steps": [{"name": "Xử lý", "role": "processing", "duration": 2}],
                "volumes": [{"agency": "CA", "annual": 4000}]}], agencies)
    with pytest.warns(UserWarning, match=r"no headcount.*CA \(" + str(math.ceil(8000 / (0.8 * WORK_DAYS_2021)))):
        r = cchc.simulate(m, days=120, replications=1, progress=False, step_ratio=Fixed(1.0))
    pool = r.pools().query("kind == 'processing'").iloc[0]
    assert pool["staff_defaulted"] and pool["utilisation"] == pytest.approx(0.8, abs=0.08)
    r = cchc.simulate(m, days=120, replications=1, progress=False, unstaffed_utilisation=0)
    assert r.pools().query("kind == 'processing'").iloc[0]["servers"] == 1


def test_online_share_defaults_are_the_cost_engines():
    d = cchc._core.cost_defaults()
    m = model([{"code": "P", "name": "T", "field": "F", "levels": ["province"], "online_level": "full",
                **AT_DESK, "volumes": [{"agency": "STP", "annual": 20000}]}])
    r = cchc.simulate(m, days=365, replications=1, progress=False)
    channel = r.dossiers()["channel"]
    p = d["online_share_full"]
    se = math.sqrt(p * (1 - p) / len(channel))  # binomial standard error; the bound is 4 SE
    assert abs((channel == "online").mean() - p) <= 4 * se, ((channel == "online").mean(), p, se)
