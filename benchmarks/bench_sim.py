"""Simulation benchmarks: cchc against SimPy, Ciw and a hand-written C++ loop, and a national year.

Install the comparators first (they are not dependencies of cchc)::

    pip install simpy ciw

Run from the repository root (after ``pip install -e .``; g++ builds the C++ loop)::

    python benchmarks/bench_sim.py [--customers 1000000] [--simpy-customers 200000]
                                   [--ciw-customers 50000] [--national] [--write]

Models (time in working minutes, Poisson arrivals, exponential service, FIFO):

* ``mm1``: one server, rho = 0.9;
* ``mm3``: three servers, rho = 0.9;
* ``net``: three stations in series (1, 2 and 1 servers; rho 0.64, 0.80, 0.48)
  where after the last station a customer goes back to the first with
  probability 0.25 (the rework loop of the test suite, 25× faster clock).

Each engine runs each model summary-only and with a full per-visit log. cchc
runs its whole dossier machinery (channel, supplement, refusal and rework draws,
receipt slip and statutory deadline on the working calendar, result return)
with those features switched off; its per-visit log is the event log plus the
per-dossier rows. Rates are station visits per second (a network customer makes
1 / (1 - 0.25) x 3 = 4 visits on average). Agreement: each engine's mean wait
(desks) or time in system (network) against queueing theory, standard error by
20 batch means of one run. Every engine's run is repeated (``--repeat``, 3) and the
median time reported: a 0.1 s run is easily disturbed by the machine. ``--national`` adds a year of the synthetic national
model (summary-only, one thread) in a subprocess: seconds and peak RSS
(``--national-only`` runs just that).
``--write`` replaces the simulation section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import cchc
from cchc import calendar
from cchc.sim import Exponential, Fixed

HERE = Path(__file__).resolve().parent
P_REWORK = 0.25
# (name, mean service in minutes, servers) of the network's stations; arrivals 1 per minute.
NET = [("Xử lý", 0.48, 1), ("Thẩm định", 1.2, 2), ("Duyệt", 0.36, 1)]
MODELS = {
    "mm1": {"lam": 0.9, "mean": 1.0, "c": 1},
    "mm3": {"lam": 2.7, "mean": 1.0, "c": 3},
    "net": {"lam": 1.0},
}


# --- theory -----------------------------------------------------------------------
def erlang_c_wait(lam: float, mean: float, c: int) -> float:
    a = lam * mean
    rho = a / c
    tail = a**c / math.factorial(c) / (1 - rho)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(c)) + tail)
    return p_wait / (c / mean - lam)


def theory(model: str) -> float:
    """Mean wait in queue (desks) or mean time in system (network), minutes."""
    if model == "net":
        v = 1 / (1 - P_REWORK)
        lam_i = MODELS["net"]["lam"] * v
        return v * sum(erlang_c_wait(lam_i, mean, c) + mean for _, mean, c in NET)
    m = MODELS[model]
    return erlang_c_wait(m["lam"], m["mean"], m["c"])


def batch_se(x: np.ndarray, batches: int = 20) -> float:
    """Standard error of the mean of a stationary series by batch means."""
    x = np.asarray(x, dtype=float)
    n = len(x) // batches
    if n < 2:
        return math.nan
    means = x[: n * batches].reshape(batches, n).mean(axis=1)
    return float(means.std(ddof=1) / math.sqrt(batches))


def visits_per_customer(model: str) -> float:
    return len(NET) / (1 - P_REWORK) if model == "net" else 1.0


# --- cchc -------------------------------------------------------------------------
OFF = dict(supplement_prob=0, refusal_prob=0, online_share=[0, 0, 0], post_share=0, priority_share=0,
           pickup_delay=0, post_return_share=0, desk_handover=0, paper_transfer=0, electronic_transfer=0)


def cchc_model(model: str, annual: float):
    agencies = [{"code": "UBND", "name": "UBND", "kind": "provincial_people_committee", "level": "province"},
                {"code": "A", "name": "Một cửa", "kind": "one_stop_desk", "level": "province", "parent": "UBND"},
                {"code": "S1", "name": "Station 1", "kind": "department", "level": "province", "parent": "UBND"},
                {"code": "S2", "name": "Station 2", "kind": "department", "level": "province", "parent": "UBND"},
                {"code": "S3", "name": "Station 3", "kind": "department", "level": "province", "parent": "UBND"}]
    proc = {"code": "P", "name": "P", "field": "F", "levels": ["province"],
            "methods": [{"channel": "in_person", "processing_time": 1}],
            "volumes": [{"agency": "A", "annual": annual}]}
    if model == "net":
        proc["steps"] = [{"name": n, "role": "processing", "responsible": f"S{i + 1}", "duration": mean / 60,
                          "unit": "working_hour"} for i, (n, mean, _) in enumerate(NET)]
    return cchc.loads(json.dumps({"format": "cchc", "version": 1, "name": "bench", "agencies": agencies,
                                  "procedures": [proc]}))


def run_cchc(model: str, n: int, log: bool, threads: int = 1, replications: int = 1) -> dict:
    minutes_2021 = int(calendar.count_working_days("2021-01-01", "2022-01-01")) * 480
    lam = MODELS[model]["lam"]
    days = int(math.ceil(n / replications / lam / minutes_2021 * 365))
    m = cchc_model(model, lam * minutes_2021)
    if model == "net":
        kw = dict(desk_time=Fixed(0), desk_staff={"A": 1000}, step_ratio=Exponential(1.0),
                  staff={f"S{i + 1}": c for i, (_, _, c) in enumerate(NET)}, rework={"P": (P_REWORK, 0)})
    else:
        kw = dict(desk_time=Exponential(MODELS[model]["mean"]), desk_staff={"A": MODELS[model]["c"]})
    t0 = time.perf_counter()
    r = cchc.simulate(m, start="2021-01-01", days=days, replications=replications, seed=1, progress=False,
                      keep_dossiers=log, event_log=log, threads=threads, **OFF, **kw)
    elapsed = time.perf_counter() - t0
    per = r.replication_table()
    pools = r._raw["pools"]
    served = np.asarray(pools["served"]).sum(axis=0)
    is_desk = np.asarray(pools["is_desk"]).astype(bool)
    visits = float(served[~is_desk].sum() if model == "net" else served[is_desk].sum())
    out = {"customers": int(per["dossiers"].sum()), "visits": visits, "seconds": elapsed,
           "events": int(per["events"].sum())}
    if model == "net":
        out["mean"] = float(np.average(per["lead_time_mean_days"], weights=per["finished"]) * r.minutes_per_day)
    else:
        out["mean"] = float(np.average(per["desk_wait_mean_min"], weights=per["finished"]))
    if log:
        d = r.dossiers()
        series = d["lead_days"].to_numpy() * r.minutes_per_day if model == "net" else d["desk_wait_min"].to_numpy()
        out["se"] = batch_se(series)
        out["log_rows"] = len(r._raw["event_log"][0]["dossier"])
    return out


# --- SimPy ------------------------------------------------------------------------
def run_simpy(model: str, n: int, log: bool) -> dict:
    import simpy

    rng = random.Random(1)
    env = simpy.Environment()
    lam = MODELS[model]["lam"]
    rows: list[tuple] = []
    series: list[float] = []
    visits = 0

    if model == "net":
        stations = [(simpy.Resource(env, capacity=c), mean) for _, mean, c in NET]

        def customer(env, i):
            nonlocal visits
            t0 = env.now
            k = 0
            while True:
                res, mean = stations[k]
                t = env.now
                with res.request() as req:
                    yield req
                    start = env.now
                    yield env.timeout(rng.expovariate(1 / mean))
                visits += 1
                if log:
                    rows.append((i, k, t, start, env.now))
                k += 1
                if k == len(stations):
                    if rng.random() < P_REWORK:
                        k = 0
                    else:
                        break
            series.append(env.now - t0)
    else:
        desk = simpy.Resource(env, capacity=MODELS[model]["c"])
        mean = MODELS[model]["mean"]

        def customer(env, i):
            nonlocal visits
            t = env.now
            with desk.request() as req:
                yield req
                start = env.now
                series.append(start - t)
                yield env.timeout(rng.expovariate(1 / mean))
            visits += 1
            if log:
                rows.append((i, 0, t, start, env.now))

    def source(env):
        for i in range(n):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer(env, i))

    env.process(source(env))
    t0 = time.perf_counter()
    env.run()
    elapsed = time.perf_counter() - t0
    x = np.asarray(series)
    return {"customers": n, "visits": visits, "seconds": elapsed, "mean": float(x.mean()), "se": batch_se(x),
            "log_rows": len(rows) if log else 0}


# --- Ciw --------------------------------------------------------------------------
def run_ciw(model: str, n: int) -> dict:
    import ciw

    lam = MODELS[model]["lam"]
    if model == "net":
        net = ciw.create_network(
            arrival_distributions=[ciw.dists.Exponential(lam), None, None],
            service_distributions=[ciw.dists.Exponential(1 / mean) for _, mean, _ in NET],
            number_of_servers=[c for _, _, c in NET],
            routing=[[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [P_REWORK, 0.0, 0.0]])
    else:
        net = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(lam)],
                                 service_distributions=[ciw.dists.Exponential(1 / MODELS[model]["mean"])],
                                 number_of_servers=[MODELS[model]["c"]])
    ciw.seed(1)
    sim = ciw.Simulation(net)
    t0 = time.perf_counter()
    sim.simulate_until_max_customers(n, method="Finish")
    elapsed = time.perf_counter() - t0
    recs = sim.get_all_records()  # Ciw always keeps one record per visit
    if model == "net":
        first: dict[int, float] = {}
        last: dict[int, float] = {}
        for r in recs:
            first[r.id_number] = min(first.get(r.id_number, math.inf), r.arrival_date)
            last[r.id_number] = max(last.get(r.id_number, -math.inf), r.exit_date)
        done = sorted({r.id_number for r in recs if r.destination == -1})  # left the network, by arrival
        x = np.asarray([last[i] - first[i] for i in done])
    else:
        x = np.asarray([r.waiting_time for r in sorted(recs, key=lambda r: r.arrival_date)])
    return {"customers": len(x), "visits": len(recs), "seconds": elapsed, "mean": float(x.mean()),
            "se": batch_se(x), "log_rows": len(recs)}


# --- the hand-written loop --------------------------------------------------------
def build_loop() -> Path | None:
    exe = Path(tempfile.gettempdir()) / f"cchc_mm1_loop_{os.getpid()}"
    try:
        subprocess.run(["g++", "-O2", "-std=c++20", "-o", str(exe), str(HERE / "mm1_loop.cpp")], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"could not build the C++ loop: {e}")
        return None
    return exe


def run_loop(exe: Path, n: int, log: bool) -> dict:
    m = MODELS["mm1"]
    out = subprocess.run([str(exe), str(n), str(m["lam"]), str(1 / m["mean"])] + (["log"] if log else []),
                         check=True, capture_output=True, text=True).stdout.split()
    return {"customers": int(out[0]), "visits": int(out[0]), "seconds": float(out[1]), "mean": float(out[2]),
            "log_rows": int(out[4])}


# --- national year ----------------------------------------------------------------
NATIONAL = r"""
import json, resource, time, warnings, cchc
warnings.simplefilter("ignore")
t0 = time.perf_counter()
# The default national model (2 M people: headcounts are scaled to `people`, so fewer people means
# fewer staff for the same volumes); one training record per person, which the simulation ignores.
m = cchc.datasets.synthetic(records_per_person=1, seed=1)
t1 = time.perf_counter()
rss_model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kw = dict(start="2026-01-01", replications=1, seed=1, progress=False, keep_dossiers=False, threads=1)
# Setup alone (streams, pools, calendar) and the offered load at headcount-derived staffing.
c = time.process_time()
p0 = cchc.simulate(m, days=1, drain_days=0, **kw).pools()
setup = time.process_time() - c
cpu0 = time.process_time()
r = cchc.simulate(m, days=365, understaffed_utilisation=UTIL, **kw)
t2 = time.perf_counter()
cpu = time.process_time() - cpu0
s = r.summary()["mean"]
p = r.pools()
print(json.dumps({"model_seconds": t1 - t0, "sim_seconds": t2 - t1, "sim_cpu_seconds": cpu, "setup_cpu_seconds": setup,
                  "rss_model_mb": rss_model, "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "agencies": len(m.agencies), "procedures": len(m.procedures), "pools": len(p),
                  "annual_dossiers": m.summary()["annual_dossiers"], "utilisation_target": UTIL,
                  "overloaded_pools": int((p0["offered_load"] >= 1).sum()), "raised_pools": int(p["staff_raised"].sum()),
                  "max_offered_before": float(p0["offered_load"].max()), "max_offered": float(p["offered_load"].max()),
                  "dossiers": float(s["dossiers"]), "events": float(s["events"]), "peak_wip": float(s["peak_wip"]),
                  "on_time": float(s["on_time_rate"]), "lead_days": float(s["lead_time_mean_days"]),
                  "saturated_pools": int((p["utilisation"] > 0.99).sum())}))
"""


def run_national(utilisation: float = 0.85) -> dict:
    code = NATIONAL.replace("UTIL", repr(float(utilisation)))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- main -------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000, help="customers for cchc and the C++ loop")
    ap.add_argument("--simpy-customers", type=int, default=200_000)
    ap.add_argument("--ciw-customers", type=int, default=50_000)
    ap.add_argument("--models", default="mm1,mm3,net")
    ap.add_argument("--national", action="store_true", help="also a year of the synthetic national model")
    ap.add_argument("--national-only", action="store_true", help="only the national year")
    ap.add_argument("--understaffed-utilisation", type=float, default=0.85,
                    help="staffing of the national year's overloaded pools (0: headcount only, which saturates)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per engine and model; the median time is reported")
    ap.add_argument("--write", action="store_true", help="replace the simulation section of benchmarks/RESULTS.md")
    args = ap.parse_args()

    load_before = os.getloadavg()
    started = dt.datetime.now(dt.timezone.utc)
    results: list[dict] = []

    def add(model: str, engine: str, log: bool, run) -> None:
        runs = sorted((run() for _ in range(max(1, args.repeat))), key=lambda r: r["seconds"])
        res = {"model": model, "engine": engine, "log": log, **runs[len(runs) // 2]}
        res["rate"] = res["visits"] / res["seconds"]
        results.append(res)
        se = f" ± {res['se']:.3f}" if not math.isnan(res.get("se", math.nan)) else ""
        print(f"{model:4s} {engine:24s} {'log' if log else 'summary':8s} {res['customers']:>9,d} customers "
              f"{res['seconds']:7.2f} s {res['rate']:>12,.0f} visits/s  mean {res['mean']:.3f}{se} "
              f"(theory {theory(model):.3f})", flush=True)

    exe = None if args.national_only else build_loop()
    for model in ([] if args.national_only else args.models.split(",")):
        for log in (False, True):
            add(model, "cchc", log, lambda: run_cchc(model, args.customers, log))
        if model != "mm1":
            add(model, "cchc 2 threads × 2 reps", False,
                lambda: run_cchc(model, args.customers, False, threads=2, replications=2))
        if model == "mm1" and exe is not None:
            for log in (False, True):
                add(model, "hand-written C++ loop", log, lambda: run_loop(exe, args.customers, log))
        try:
            for log in (False, True):
                add(model, "SimPy", log, lambda: run_simpy(model, args.simpy_customers, log))
        except ImportError:
            print("SimPy not installed (pip install simpy)")
        try:
            add(model, "Ciw", True, lambda: run_ciw(model, args.ciw_customers))
        except ImportError:
            print("Ciw not installed (pip install ciw)")
    if exe is not None:
        exe.unlink(missing_ok=True)
    national = run_national(args.understaffed_utilisation) if args.national or args.national_only else None
    if national:
        print(json.dumps(national))
    load_after = os.getloadavg()

    text = report(results, national, args, started, load_before, load_after)
    print(text)
    if args.write:
        path = HERE / "RESULTS.md"
        old = path.read_text(encoding="utf-8")
        start = old.index("## Simulation benchmarks")
        nxt = re.search(r"^## (?!Simulation)(?!Run \d)(?!M/M)", old[start + 3:], flags=re.M)
        end = start + 3 + nxt.start() if nxt else len(old)
        rest = re.sub(r"\n## M/M/\d desk, rho = [^\n]*\n.*?(?=\n## |\Z)", "", old[end:], flags=re.S)  # old appends
        # The hand-written notes under the tables stay (re-read them against the new figures).
        notes = old.find("\n### Notes", start, end)
        kept = old[notes + 1:end].rstrip("\n") + "\n\n" if notes >= 0 else ""
        path.write_text(old[:start] + text + "\n" + kept + rest.lstrip("\n"), encoding="utf-8")
        if kept:
            print("benchmarks/RESULTS.md: the section's Notes were kept: check them against the new figures")


def report(results: list[dict], national: dict | None, args, started, load_before, load_after) -> str:
    lines = ["## Simulation benchmarks (cchc vs SimPy, Ciw and a hand-written C++ loop)", "",
             f"{started:%Y-%m-%d %H:%M} UTC, `python benchmarks/bench_sim.py {' '.join(sys.argv[1:])}`; "
             f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (2 cores, shared); "
             f"{platform.machine()}, CPython {platform.python_version()}, cchc {cchc.__version__}, g++ -O2 for the loop.",
             "",
             f"Rates are station visits per second of simulated work (cchc and the loop: {args.customers:,d} customers; "
             f"SimPy {args.simpy_customers:,d}, Ciw {args.ciw_customers:,d}, fewer because a full run takes minutes: "
             f"compare rates, not seconds); each the median of {args.repeat} runs. "
             "Mean: wait in queue (desks, minutes) or time in system (network), "
             "± one standard error by batch means; theory: Erlang C / Jackson traffic equations. "
             "Ratio: cchc summary-only visits/s ÷ this row's.", ""]
    for model in dict.fromkeys(r["model"] for r in results):
        rows = [r for r in results if r["model"] == model]
        for r in rows:  # cchc's summary and log runs are the same run (same seed): same mean, same SE
            if r["engine"] == "cchc" and not r["log"]:
                twin = next((x for x in rows if x["engine"] == "cchc" and x["log"]), None)
                if twin is not None and twin["mean"] == r["mean"]:
                    r["se"] = twin.get("se", math.nan)
        base = next(r["rate"] for r in rows if r["engine"] == "cchc" and not r["log"])
        th = theory(model)
        title = {"mm1": "M/M/1, rho = 0.9", "mm3": "M/M/3, rho = 0.9",
                 "net": f"3-station network with rework p = {P_REWORK}"}[model]
        lines += [f"### {title} (theory {th:.3f} min)", "",
                  "| engine | mode | customers | visits/s | mean | within 4 SE | ratio |", "|---|---|---:|---:|---:|---|---:|"]
        for r in rows:
            se = r.get("se", math.nan)
            ok = "—" if math.isnan(se) else ("yes" if abs(r["mean"] - th) < 4 * se else f"no ({abs(r['mean'] - th) / se:.1f} SE)")
            mean = f"{r['mean']:.3f}" + ("" if math.isnan(se) else f" ± {se:.3f}")
            mode = "per-visit log" if r["log"] else "summary"
            lines.append(f"| {r['engine']} | {mode} | {r['customers']:,d} | {r['rate']:,.0f} | {mean} | {ok} | "
                         f"{base / r['rate']:.2f}× |")
        lines.append("")
    if national:
        n = national
        lines += ["### National year (synthetic national model, summary-only, one thread)", "",
                  f"`cchc.datasets.synthetic(records_per_person=1, seed=1)` (defaults: 34 provinces, 3,321 communes, "
                  f"2 M people; {n['agencies']:,d} agencies, {n['procedures']:,d} procedures, {n['pools']:,d} staff pools, "
                  f"{n['annual_dossiers']:,.0f} dossiers a year), `cchc.simulate(m, start=\"2026-01-01\", days=365, "
                  f"replications=1, threads=1, keep_dossiers=False, understaffed_utilisation={n['utilisation_target']})`. "
                  f"At headcount-derived staffing {n['overloaded_pools']} pools have an offered load ≥ 1 (up to "
                  f"{n['max_offered_before']:.1f}); {n['raised_pools']} pools were raised to carry their expected work "
                  f"at {n['utilisation_target']:.0%} (highest offered load now {n['max_offered']:.2f}).", "",
                  "| dossiers | events | seconds per replication (wall / CPU) | setup CPU | peak RSS | RSS of the model alone | peak dossiers in progress | on-time | lead (working days) | pools > 99% busy |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
                  f"| {n['dossiers']:,.0f} | {n['events']:,.0f} | {n['sim_seconds']:.1f} / {n['sim_cpu_seconds']:.1f} | "
                  f"{n['setup_cpu_seconds']:.1f} s | {n['rss_peak_mb']:,.0f} MB | {n['rss_model_mb']:,.0f} MB | "
                  f"{n['peak_wip']:,.0f} | {n['on_time']:.1%} | {n['lead_days']:.2f} | {n['saturated_pools']} |", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
