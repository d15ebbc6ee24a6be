"""Benchmark: the training plan's quality against HiGHS over many seeds of every small instance type.

For each instance type and seed, the heuristic alone (``exact=False``) is compared with HiGHS on the
same instance (``TrainingPlan.exact``, a time limit per instance): ratio = heuristic / HiGHS's best
plan, and heuristic / HiGHS's dual bound (a lower bound on the true ratio when HiGHS stops early).

Instance types:
  random     people of a province department, a commune and a one-stop desk; rank, position and update
             rules; 15 sessions of four courses (tests/python/test_training.py's random case, 60 people)
  spill      most people in a far commune, few seats near them: demand must spill to farther sessions
  update2021 the 2021 knowledge update: 40 periods a year, closed by 40-period or partly by 24- and
             16-period short courses, days away capped at 8, agencies of district and commune level,
             about 10 sessions, a budget at half the cost of filling the seats (issue 22)
  synthetic  a small synthetic population (``_core.training_synthetic``) with the default rule pack

    python benchmarks/training_quality.py [--seeds 50] [--types random spill update2021 synthetic]
                                          [--highs-time 20] [--auto] [--csv out.csv]

With --auto, the plans measured are those of ``plan(exact="auto", exact_time_limit=--highs-time)``
(the heuristic polished by HiGHS, warm-started from it), each against the bound HiGHS proved.
"""

import argparse
import json
import os
import platform
import time

import numpy as np
import pandas as pd

import cchc
from cchc import _core
from cchc.training import rules as trules

AGENCIES = [
    {"code": "UBND", "name": "UBND tỉnh", "kind": "provincial_people_committee", "level": "province", "travel_km": 0},
    {"code": "SNV", "name": "Sở Nội vụ", "kind": "department", "level": "province", "parent": "UBND", "travel_km": 2},
    {"code": "XA1", "name": "UBND xã Một", "kind": "commune_people_committee", "level": "commune", "parent": "UBND",
     "travel_km": 40},
    {"code": "MC", "name": "Bộ phận một cửa", "kind": "one_stop_desk", "level": "province", "parent": "UBND",
     "travel_km": 1},
]
AGENCIES_2021 = [
    {"code": "H1", "name": "UBND huyện Một", "kind": "district_people_committee", "level": "district", "travel_km": 30},
    {"code": "H2", "name": "UBND huyện Hai", "kind": "district_people_committee", "level": "district", "travel_km": 55},
    {"code": "X1", "name": "UBND xã Một", "kind": "commune_people_committee", "level": "commune", "parent": "H1",
     "travel_km": 42},
    {"code": "X2", "name": "UBND xã Hai", "kind": "commune_people_committee", "level": "commune", "parent": "H1",
     "travel_km": 48},
    {"code": "X3", "name": "UBND xã Ba", "kind": "commune_people_committee", "level": "commune", "parent": "H2",
     "travel_km": 70},
]
COURSES = [
    {"code": "CN", "name": "Cập nhật kiến thức", "content": "knowledge_update", "periods": 24, "days": 3},
    {"code": "CN16", "name": "Cập nhật kiến thức 16", "content": "knowledge_update", "periods": 16, "days": 2},
    {"code": "CN40", "name": "Cập nhật kiến thức 40", "content": "knowledge_update", "periods": 40, "days": 5},
    {"code": "QLNN-CV", "name": "QLNN chuyên viên", "content": "state_management", "periods": 280, "days": 35},
    {"code": "HT", "name": "Hộ tịch", "content": "job_position", "periods": 24, "days": 3},
]
R_RANK = {"code": "R", "source": "test", "kind": "once", "grace_days": 365,
          "applies_to": {"rank_group": ["specialist"]}, "match": {"courses": ["QLNN-CV"]}}
R_HT = {"code": "HT", "source": "test", "kind": "once", "applies_to": {"position": ["Hộ tịch"]},
        "match": {"courses": ["HT"]}, "mandatory": False}
R_UPD = {"code": "U", "source": "test", "kind": "periodic", "periods": 40, "valid_from": "2020-01-01",
         "match": {"content": ["knowledge_update"]}}


def _model(people, agencies=AGENCIES):
    return cchc.loads(json.dumps({"format": "cchc", "version": 1, "name": "q", "agencies": agencies,
                                  "courses": COURSES, "people": people}))


def _pack(*rules):
    return trules.from_dict({"format": "cchc-training-rules", "version": 1, "name": "q", "rules": list(rules)})


def _session(course, start, place, seats, cost, sid, days):
    start = pd.Timestamp(start)
    return {"session": sid, "course": course, "start": start, "end": start + pd.Timedelta(days=days - 1),
            "place": place, "seats": seats, "cost_per_seat": cost}


def case_random(seed):
    rng = np.random.default_rng(seed)
    people = [{"id": f"p{i}", "agency": ["SNV", "XA1", "MC"][rng.integers(3)], "category": "cong_chuc",
               "gender": "female", "rank_group": ["specialist", "none"][rng.integers(2)],
               "leadership": ["none", "none", "division_head"][rng.integers(3)],
               "position": ["Hộ tịch", "Khác"][rng.integers(2)],
               "entered": f"{rng.integers(2015, 2022)}-0{rng.integers(1, 9)}-01",
               "training": [{"course": "CN", "start": "2022-01-05", "end": "2022-01-07"}] if rng.random() < 0.3 else []}
              for i in range(60)]
    courses = ["QLNN-CV", "HT", "CN", "CN40"]
    sessions = []
    for s in range(15):
        start = pd.Timestamp("2022-01-10") + pd.Timedelta(days=int(rng.integers(0, 300)))
        sessions.append(_session(courses[rng.integers(4)], start, ["SNV", "XA1", "MC"][rng.integers(3)],
                                 int(rng.integers(1, 8)), int(rng.integers(2, 20)) * 100_000, f"S{s}",
                                 int(rng.integers(1, 13))))
    return dict(model=_model(people), year=2022, sessions=sessions, rules=_pack(R_RANK, R_HT, R_UPD),
                budget=int(rng.integers(3, 40)) * 500_000, max_days_away=float(rng.integers(5, 30)))


def case_spill(seed):
    rng = np.random.default_rng(seed)
    people = [{"id": f"p{i}", "agency": ["XA1", "XA1", "XA1", "SNV", "MC"][rng.integers(5)], "category": "cong_chuc",
               "gender": "female", "rank_group": "specialist",
               "leadership": ["none", "none", "division_head"][rng.integers(3)],
               "entered": f"{rng.integers(2015, 2022)}-0{rng.integers(1, 9)}-01"} for i in range(24)]
    sessions = []
    for k, place in enumerate(["XA1", "XA1", "SNV", "MC", "UBND", "UBND"]):
        start = pd.Timestamp("2022-02-01") + pd.Timedelta(days=int(rng.integers(0, 200)))
        sessions.append(_session(["QLNN-CV", "CN40"][k % 2], start, place, int(rng.integers(1, 5)),
                                 int(rng.integers(5, 15)) * 100_000, f"S{k}", int(rng.integers(2, 7))))
    return dict(model=_model(people), year=2022, sessions=sessions, rules=_pack(R_RANK, R_UPD),
                budget=int(rng.integers(8, 30)) * 500_000, max_days_away=30.0)


def case_update2021(seed, n_people=24, n_sessions=10):
    """Issue 22's type: the 40-period update of 2021, short courses, 8 days away, half-cost budget."""
    rng = np.random.default_rng(seed)
    codes = [a["code"] for a in AGENCIES_2021]
    people = []
    for i in range(n_people):
        done = rng.integers(4)  # some already took a short course in 2021
        training = [{"course": ["CN16", "CN"][done - 1], "start": "2021-01-04", "end": "2021-01-05"}] if done in (1, 2) else []
        people.append({"id": f"p{i}", "agency": codes[rng.integers(len(codes))], "category": "cong_chuc",
                       "gender": "female", "leadership": ["none", "none", "none", "division_head"][rng.integers(4)],
                       "entered": f"{rng.integers(2010, 2020)}-0{rng.integers(1, 9)}-01", "training": training})
    sessions = []
    for s in range(n_sessions):
        course = ["CN", "CN16", "CN40"][rng.integers(3)]
        days = {"CN": 3, "CN16": 2, "CN40": 5}[course]
        start = pd.Timestamp("2021-02-01") + pd.Timedelta(days=int(rng.integers(0, 300)))
        cost = {"CN": 8, "CN16": 6, "CN40": 12}[course] * 100_000 + int(rng.integers(0, 5)) * 100_000
        sessions.append(_session(course, start, codes[rng.integers(len(codes))], int(rng.integers(2, 7)), cost,
                                 f"S{s}", days))
    m = _model(people, AGENCIES_2021)
    fill = sum(x["seats"] * x["cost_per_seat"] for x in sessions)
    return dict(model=m, year=2021, sessions=sessions, rules=_pack(R_UPD), budget=fill // 2, max_days_away=8.0)


def case_synthetic(seed, people=300, n_sessions=12):
    m = cchc.Model(_core.training_synthetic(people, 10.0, seed))
    ag = m.agencies.to_pandas()
    codes = np.asarray(m._codes("agencies"))
    places = codes[(ag["level"] == "province").to_numpy() & ag["code"].str.match(r"^P0(-S\d+)?$").to_numpy()]
    rng = np.random.default_rng(seed)
    programmes = {"QLNN-CV": 35, "LD-PHONG": 10, "XA": 5, "MOT-CUA": 2}
    sessions = []
    for s in range(n_sessions):
        course = list(programmes)[s % len(programmes)]
        start = pd.Timestamp("2022-01-05") + pd.Timedelta(days=int(rng.integers(0, 300)))
        sessions.append(_session(course, start, places[rng.integers(len(places))], int(rng.integers(3, 12)),
                                 int(rng.integers(20, 60)) * 100_000, f"S{s}", programmes[course]))
    fill = sum(x["seats"] * x["cost_per_seat"] for x in sessions)
    return dict(model=m, year=2022, sessions=sessions, rules=None, budget=fill // 3, max_days_away=60.0)


CASES = {"random": case_random, "spill": case_spill, "update2021": case_update2021, "synthetic": case_synthetic}


def run_case(case, seed, highs_time, auto=False, **plan_kw):
    """auto: the plan of exact="auto" (HiGHS polish within highs_time), measured by its own proven bound;
    else the plan of plan_kw, measured against a separate HiGHS solve."""
    c = CASES[case](seed)
    if auto:
        plan_kw = {**plan_kw, "exact": "auto", "exact_time_limit": highs_time}
    t = time.perf_counter()
    p = cchc.training.plan(c["model"], year=c["year"], budget=c["budget"], sessions=c["sessions"], rules=c["rules"],
                           max_days_away=c["max_days_away"], **plan_kw)
    th = time.perf_counter() - t
    if auto:
        ex = {"objective": p.objective, "bound": p.bound if p.bound is not None else np.inf, "status": p.exact_status}
    else:
        ex = p.exact(time_limit=highs_time, mip_rel_gap=1e-6)
    best = max(ex["objective"], p.objective)
    bound = ex["bound"]
    return {"type": case, "seed": seed, "heuristic": p.objective, "highs": ex["objective"], "bound": bound,
            "status": ex["status"], "solver": p.solver, "ratio_best": p.objective / best if best > 0 else 1.0,
            # no finite bound: HiGHS stopped before its first one (counted apart, not as a ratio)
            "ratio_bound": (p.objective / bound if bound > 0 else 1.0) if np.isfinite(bound) else np.nan,
            "seconds": th}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--types", nargs="+", default=list(CASES))
    ap.add_argument("--highs-time", type=float, default=20.0)
    ap.add_argument("--csv")
    ap.add_argument("--auto", action="store_true", help='measure plan(exact="auto") (HiGHS polish) instead')
    ap.add_argument("--no-exact-arg", action="store_true", help="for a cchc before plan(exact=...) existed")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()}")
    rows = []
    for case in args.types:
        for seed in range(args.seeds):
            if args.auto:
                rows.append(run_case(case, seed, args.highs_time, auto=True))
            else:
                rows.append(run_case(case, seed, args.highs_time, **({} if args.no_exact_arg else {"exact": False})))
    df = pd.DataFrame(rows)
    if args.csv:
        df.to_csv(args.csv, index=False)
    print("| type | seeds | HiGHS optimal | worst ratio to best | median | worst ratio to bound | median "
          "| below 0.99 | no bound | HiGHS's plan used | plan s (median) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case, g in df.groupby("type", sort=False):
        print(f"| {case} | {len(g)} | {(g['status'] == 'Optimal').sum()} | {g['ratio_best'].min():.4f} "
              f"| {g['ratio_best'].median():.4f} | {g['ratio_bound'].min():.4f} | {g['ratio_bound'].median():.4f} "
              f"| {(g['ratio_bound'] < 0.99).sum()} | {g['ratio_bound'].isna().sum()} | {(g['solver'] == 'highs').sum()} "
              f"| {g['seconds'].median():.3f} |")
    worst = df.nsmallest(5, "ratio_bound")[["type", "seed", "heuristic", "highs", "bound", "status", "ratio_bound"]]
    print(worst.to_string(index=False))
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
