"""The same M/M/c reception desk in cchc, SimPy and Ciw, in one run: customers and events per second.

Install the comparators first (they are not dependencies of cchc)::

    pip install simpy ciw

Run from the repository root (after ``pip install -e .``)::

    python benchmarks/sim_vs_simpy.py [--customers 1000000] [--servers 3] [--rho 0.9] [--write]

Model: Poisson arrivals, exponential service, ``c`` servers, FIFO, one run of
``customers`` arrivals (SimPy and Ciw get fewer by default and are scaled to
rates). cchc runs its full dossier machinery for each customer (channel,
supplement and refusal draws, receipt slip and statutory deadline on the
working calendar, result return) with those features switched off, in
summary-only mode and with per-dossier rows. Each engine's mean wait is
checked against Erlang C. ``--write`` appends a dated section to
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import platform
import random
import sys
import time
from pathlib import Path

import cchc
from cchc import calendar
from cchc.sim import Exponential


def erlang_c_wait(lam: float, mu: float, c: int) -> float:
    a = lam / mu
    rho = a / c
    tail = a**c / math.factorial(c) / (1 - rho)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(c)) + tail)
    return p_wait / (c * mu - lam)


def run_cchc(n: int, lam: float, mu: float, c: int, keep: bool, threads: int = 1, replications: int = 1) -> dict:
    minutes_2021 = int(calendar.count_working_days("2021-01-01", "2022-01-01")) * 480
    # Arrival horizon = n / lam working minutes; years of volume at rate lam.
    years = n / lam / minutes_2021
    days = int(math.ceil(years * 365))
    model = cchc.loads(json.dumps({
        "format": "cchc", "version": 1, "name": "bench",
        "agencies": [{"code": "A", "name": "Desk", "kind": "one_stop_desk", "level": "province"}],
        "procedures": [{"code": "P", "name": "P", "field": "F", "levels": ["province"],
                        "methods": [{"channel": "in_person", "processing_time": 1}],
                        "volumes": [{"agency": "A", "annual": lam * minutes_2021}]}],
    }))
    t0 = time.perf_counter()
    r = cchc.simulate(model, start="2021-01-01", days=days, replications=replications, seed=1, progress=False,
                      keep_dossiers=keep, threads=threads, desk_time=Exponential(1 / mu), desk_staff={"A": c},
                      supplement_prob=0, refusal_prob=0, online_share=[0, 0, 0], post_share=0, priority_share=0,
                      pickup_delay=0, post_return_share=0)
    elapsed = time.perf_counter() - t0
    per = r.replication_table()
    return {"customers": int(per["dossiers"].sum()), "events": int(per["events"].sum()), "seconds": elapsed,
            "wait": float(per["desk_wait_mean_min"].mean())}


def run_simpy(n: int, lam: float, mu: float, c: int) -> dict:
    import simpy

    rng = random.Random(1)
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=c)
    waits = []

    def customer(env):
        t = env.now
        with desk.request() as req:
            yield req
            waits.append(env.now - t)
            yield env.timeout(rng.expovariate(mu))

    def source(env):
        for _ in range(n):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(env))

    env.process(source(env))
    t0 = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - t0
    return {"customers": n, "seconds": elapsed, "wait": sum(waits) / len(waits)}


def run_ciw(n: int, lam: float, mu: float, c: int) -> dict:
    import ciw

    net = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(lam)],
                             service_distributions=[ciw.dists.Exponential(mu)], number_of_servers=[c])
    ciw.seed(1)
    sim = ciw.Simulation(net)
    t0 = time.perf_counter()
    sim.simulate_until_max_customers(n, method="Arrive")
    elapsed = time.perf_counter() - t0
    recs = sim.get_all_records()
    return {"customers": len(recs), "seconds": elapsed, "wait": sum(r.waiting_time for r in recs) / len(recs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000, help="customers for cchc")
    ap.add_argument("--simpy-customers", type=int, default=200_000)
    ap.add_argument("--ciw-customers", type=int, default=50_000)
    ap.add_argument("--servers", type=int, default=3)
    ap.add_argument("--rho", type=float, default=0.9)
    ap.add_argument("--write", action="store_true", help="append the results to benchmarks/RESULTS.md")
    args = ap.parse_args()

    c = args.servers
    mu = 0.1  # per working minute: mean service 10 minutes
    lam = args.rho * c * mu
    theory = erlang_c_wait(lam, mu, c)
    rows = []

    def add(name: str, res: dict) -> None:
        rate = res["customers"] / res["seconds"]
        rows.append({"engine": name, **res, "rate": rate})
        ev = f", {res['events'] / res['seconds']:,.0f} events/s" if "events" in res else ""
        print(f"{name:32s} {res['customers']:>10,d} customers in {res['seconds']:7.2f} s: {rate:12,.0f} customers/s"
              f"{ev}; mean wait {res['wait']:.2f} min (Erlang C {theory:.2f})", flush=True)

    add("cchc (summary only)", run_cchc(args.customers, lam, mu, c, keep=False))
    add("cchc (per-dossier rows)", run_cchc(args.customers, lam, mu, c, keep=True))
    add("cchc (4 replications, 2 threads)", run_cchc(args.customers // 4, lam, mu, c, keep=False, threads=2,
                                                     replications=4))
    try:
        add("SimPy", run_simpy(args.simpy_customers, lam, mu, c))
    except ImportError:
        print("SimPy not installed (pip install simpy)")
    try:
        add("Ciw", run_ciw(args.ciw_customers, lam, mu, c))
    except ImportError:
        print("Ciw not installed (pip install ciw)")

    base = rows[0]["rate"]
    lines = ["", f"## M/M/{c} desk, rho = {args.rho} — {dt.date.today().isoformat()}", "",
             f"Command: `python benchmarks/sim_vs_simpy.py {' '.join(sys.argv[1:])}`  ",
             f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
             f"cchc {cchc.__version__}; Erlang C mean wait {theory:.2f} min.", "",
             "| engine | customers | seconds | customers/s | events/s | mean wait (min) | cchc summary-only speed ÷ this |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        ev = f"{r['events'] / r['seconds']:,.0f}" if "events" in r else "—"
        lines.append(f"| {r['engine']} | {r['customers']:,d} | {r['seconds']:.2f} | {r['rate']:,.0f} | {ev} | "
                     f"{r['wait']:.2f} | {base / r['rate']:.1f}× |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        out = Path(__file__).with_name("RESULTS.md")
        if not out.exists():
            out.write_text("# Simulation benchmarks (cchc vs SimPy and Ciw)\n", encoding="utf-8")
        with out.open("a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
