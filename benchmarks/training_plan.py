"""Benchmark: the training plan at national scale, and its quality against HiGHS.

1. National plan: the synthetic national population (`_core.training_synthetic`, 2M people,
   ~20M records), SESSIONS sessions of the 7 programmes with mandatory gaps at the 714
   provincial units (each province's People's Committee and 20 departments), 40 seats each,
   a budget (several: one that binds, one that leaves the seats binding), gaps as of 1 January
   of the year. With --multi-year, also 2022–2024 in multi-year mode. Times `cchc.training.plan` end to end (gap
   evaluation, instance, greedy, DataFrames) and reports seats filled and where.
2. Quality: a 10,000-person synthetic instance, small enough for HiGHS (`highspy`); the
   heuristic's objective against HiGHS's best plan and dual bound after a time limit.

    python benchmarks/training_plan.py [--people 2000000] [--sessions 5000] [--budgets 200e9 1000e9]
                                      [--multi-year] [--quality-people 10000] [--highs-time 120]
"""

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd

import cchc
from cchc import _core

PROGRAMMES = {  # course → days of a session (the course's periods / 8)
    "QLNN-CV": 35, "QLNN-CVC": 40, "QLNN-CVCC": 50, "LD-PHONG": 10, "LD-SO": 20, "XA": 5, "MOT-CUA": 2,
}


def make_sessions(m, n, year, seats, seed, places=None):
    """n sessions spread evenly over the programmes and the provincial units, random start dates."""
    rng = np.random.default_rng(seed)
    codes = np.asarray(m._codes("agencies"))
    if places is None:
        ag = m.agencies.to_pandas()
        places = codes[(ag["level"] == "province").to_numpy() & (ag["kind"] != "service_centre").to_numpy()]
    courses = np.asarray(list(PROGRAMMES))
    course = courses[np.arange(n) % len(courses)]
    place = np.asarray(places)[rng.permutation(n) % len(places)]
    start = pd.Timestamp(f"{year}-01-05") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    days = np.array([PROGRAMMES[c] for c in course])
    return pd.DataFrame({
        "session": [f"S{i:05d}" for i in range(n)], "course": course, "start": start,
        "end": start + pd.to_timedelta(days - 1, unit="D"), "place": place, "seats": seats,
        "cost_per_seat": rng.integers(20, 60, n) * 100_000,
    })


def national(args):
    t = time.perf_counter()
    m = cchc.Model(_core.training_synthetic(args.people, 10.0, 1))
    print(f"built {m!r} in {time.perf_counter() - t:.1f} s")
    sessions = make_sessions(m, args.sessions, 2022, 40, seed=7)
    print(f"sessions: {len(sessions):,} of {sessions['course'].nunique()} programmes at "
          f"{sessions['place'].nunique()} places, {sessions['seats'].sum():,} seats")
    cchc.training.gaps(m, "2021-01-01")  # warm the cached codes and dtypes, as in an analyst's session
    for budget in args.budgets:
        kw = dict(year=2022, budget=int(budget), sessions=sessions, max_days_away=60)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            p = cchc.training.plan(m, **kw)
            times.append(time.perf_counter() - t)
        s = p.summary()
        used = p.rosters.groupby("session").size().reindex(sessions["session"], fill_value=0)
        print(f"national plan, budget {budget / 1e9:,.0f} bn đ: {min(times):.2f} s end to end (best of {args.repeat}: "
              f"{', '.join(f'{x:.2f}' for x in times)}); local-search rounds {p.rounds}")
        print(f"  gaps {s['gaps']:,}, closed {s['gaps_closed']:,}; places filled {s['places']:,} of "
              f"{sessions['seats'].sum():,} seats in {s['sessions_used']:,} of {len(sessions):,} sessions "
              f"({(used == sessions['seats'].to_numpy()).sum():,} full, {(used == 0).sum():,} empty)")
        print(f"  budget used {s['budget_used'] / 1e9:.1f} bn đ; unmet by reason {s['unmet_by_reason']}")
        travel = p.rosters["agency"].astype(str) != p.rosters["place"].astype(str)
        print(f"  trained away from their own unit: {travel.mean():.1%}")
    if args.multi_year:
        years = [2022, 2023, 2024]
        ses = pd.concat([sessions.assign(session=sessions["session"] + f"/{y}",
                                         start=sessions["start"] + pd.DateOffset(years=y - 2022),
                                         end=sessions["end"] + pd.DateOffset(years=y - 2022)) for y in years],
                        ignore_index=True)
        t = time.perf_counter()
        mp = cchc.training.plan(m, years=years, budget=int(args.budgets[0]), sessions=ses, max_days_away=60)
        t = time.perf_counter() - t
        s = mp.summary()
        print(f"multi-year plan {years[0]}–{years[-1]} (budget {args.budgets[0] / 1e9:,.0f} bn đ a year): {t:.1f} s "
              f"(three one-year plans, records carried forward, compliance per year)")
        print(s[["year", "gaps", "gaps_closed", "budget_used", "compliance_rate", "compliance_rate_after"]]
              .to_string(index=False))


def quality(args):
    m = cchc.Model(_core.training_synthetic(args.quality_people, 10.0, 3))
    ag = m.agencies.to_pandas()
    codes = np.asarray(m._codes("agencies"))
    # two provinces' units host the sessions
    places = codes[(ag["level"] == "province").to_numpy() & ag["code"].str.match(r"^P[01](-S\d+)?$").to_numpy()]
    sessions = make_sessions(m, args.quality_sessions, 2022, 20, seed=11, places=places)
    t = time.perf_counter()
    p = cchc.training.plan(m, year=2022, budget=args.quality_budget, sessions=sessions, max_days_away=60)
    th = time.perf_counter() - t
    c = p._instance.candidates()
    print(f"quality instance: {args.quality_people:,} people, {len(p.gaps):,} gaps, "
          f"{len(c['cand_person']):,} candidates, {len(sessions)} sessions × 20 seats, "
          f"budget {args.quality_budget / 1e6:,.0f} M đ")
    print(f"  heuristic: objective {p.objective:.2f} (greedy {p.greedy_objective:.2f}, {p.rounds} rounds) "
          f"in {th:.2f} s; {len(p.rosters)} places, budget used {p.budget_used / 1e6:,.1f} M đ")
    try:
        import highspy  # noqa: F401
    except ImportError:
        print("  highspy not installed: no exact comparison")
        return
    t = time.perf_counter()
    ex = p.exact(time_limit=args.highs_time, mip_rel_gap=1e-4)
    tx = time.perf_counter() - t
    print(f"  HiGHS ({tx:.0f} s, limit {args.highs_time:.0f} s): status {ex['status']}, best {ex['objective']:.2f}, "
          f"bound {ex['bound']:.2f}")
    print(f"  heuristic / HiGHS best = {p.objective / ex['objective']:.4f}; heuristic within "
          f"{ex['gap_pct']:.2f}% of the bound")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=2_000_000)
    ap.add_argument("--sessions", type=int, default=5000)
    ap.add_argument("--budgets", type=float, nargs="+", default=[200e9, 1000e9])
    ap.add_argument("--multi-year", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--quality-people", type=int, default=10_000)
    ap.add_argument("--quality-sessions", type=int, default=40)
    ap.add_argument("--quality-budget", type=int, default=300_000_000)
    ap.add_argument("--highs-time", type=float, default=120.0)
    ap.add_argument("--skip-national", action="store_true")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()}")
    if not args.skip_national:
        national(args)
    quality(args)
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"pandas {pd.__version__}, load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
