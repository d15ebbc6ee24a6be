"""Scenario sweep: 1 vs 2 threads, Dask LocalCluster overhead per task, and multiprocessing over pickled models.

Usage::

    python benchmarks/sweep_scaling.py [--days 60] [--replications 6] [--repeat 3]

The sweep: the embedded Lai Châu province, 4 scenarios (baseline and three
simplification plans) × R replications of ``days`` simulated days plus the
compliance cost of each. Every backend must give the same numbers; the script
checks that before printing times. Load average is printed, as the machine may
be shared.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import pickle
import time

import numpy as np
import pandas as pd

import cchc
from cchc import distributed as dist

METRICS = ["cost_after", "on_time_rate", "lead_time_mean_days", "events"]


def plans() -> dict[str, cchc.Scenario | None]:
    return {
        "baseline": None,
        "một lượt": cchc.Scenario("một lượt").set_trips("*", 1),
        "trực tuyến": cchc.Scenario("trực tuyến").set_online("*", "full", share=0.6),
        "rút ngắn 30%": cchc.Scenario("rút ngắn 30%").cut_time("*", percent=30),
    }


def best(f, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


# --- multiprocessing: the same sweep written by hand --------------------------------------
_MODEL = None


def _init(model_bytes: bytes) -> None:
    global _MODEL
    _MODEL = pickle.loads(model_bytes)  # the snapshot format, once per process


def _mp_task(args: tuple[str, int, int, int]) -> tuple[str, int, float]:
    scenario_json, r, seed, days = args
    s = cchc.Scenario.from_json(scenario_json) if scenario_json else None
    res = cchc.simulate(_MODEL, scenario=s, replications=1, seed=dist.replication_seed(seed, s, r), days=days,
                        progress=False, keep_dossiers=False, threads=1)
    return scenario_json, r, float(res.replication_table()["events"].iloc[0])


def mp_sweep(m: cchc.Model, ps: dict, reps: int, seed: int, days: int, procs: int) -> dict:
    jobs = [(s.to_json(indent=None) if s is not None else "", r, seed, days) for s in ps.values() for r in range(reps)]
    ctx = mp.get_context("spawn")
    with ctx.Pool(procs, initializer=_init, initargs=(pickle.dumps(m),)) as pool:
        return {(sj, r): v for sj, r, v in pool.map(_mp_task, jobs, chunksize=2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--replications", type=int, default=6)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tiny-tasks", type=int, default=200)
    a = ap.parse_args()

    m = cchc.datasets.lai_chau_2021()
    ps = plans()
    kw = dict(replications=a.replications, seed=1, days=a.days, metrics=METRICS, progress=False, chunk_size=1)
    n_tasks = len(ps) * a.replications
    print(f"cchc {cchc.__version__}; {os.cpu_count()} cores; load average before {os.getloadavg()}")
    print(f"sweep: {len(ps)} scenarios × {a.replications} replications × {a.days} days ({n_tasks} simulations)")

    # Interleaved repeats (the machine is shared): best wall time of each, and the process CPU
    # time of that run (CPU ≈ 2 × wall with 2 threads means both really ran at once, GIL-free).
    runs: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
    for _ in range(a.repeat):
        for n in (1, 2):
            c, t = time.process_time(), time.perf_counter()
            res = cchc.sweep(m, ps, threads=n, **kw)
            runs[n].append((time.perf_counter() - t, time.process_time() - c))
            if n == 1:
                r1 = res
            else:
                pd.testing.assert_frame_equal(r1.data, res.data, check_exact=True)
    (t1, c1), (t2, c2) = min(runs[1]), min(runs[2])
    print(f"threads=1: {t1:.2f} s (cpu {c1:.2f} s)   threads=2: {t2:.2f} s (cpu {c2:.2f} s)   "
          f"speed-up {t1 / t2:.2f}×   (identical numbers)")
    print("  all runs (wall, cpu):", {n: [(round(w, 2), round(c, 2)) for w, c in v] for n, v in runs.items()})

    from distributed import Client, LocalCluster

    t = time.perf_counter()
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        start = time.perf_counter() - t
        client.submit(sum, [1]).result()  # workers warm
        td, rd = best(lambda: cchc.sweep(m, ps, client=client, **kw), a.repeat)
        pd.testing.assert_frame_equal(rd.data, r1.data, check_exact=True)
        print(f"Dask LocalCluster (2 processes × 1 thread): {td:.2f} s (cluster start {start:.1f} s; identical numbers)")
        # Overhead per task: a sweep of tiny chunks (a 1-day simulation).
        tiny = dict(replications=a.tiny_tasks // 2, seed=1, days=1, metrics=["events"], progress=False, chunk_size=1)
        tiny_plans = {"baseline": None, "một lượt": ps["một lượt"]}
        tl, _ = best(lambda: cchc.sweep(m, tiny_plans, threads=1, **tiny), a.repeat)
        tdt, _ = best(lambda: cchc.sweep(m, tiny_plans, client=client, **tiny), a.repeat)
        n = 2 * (a.tiny_tasks // 2)
        print(f"tiny tasks ({n} × 1-day simulation): local 1 thread {tl / n * 1e3:.2f} ms/task, "
              f"Dask {tdt / n * 1e3:.2f} ms/task → overhead ≈ {(tdt - tl / 2) / n * 1e3:.2f} ms/task "
              "(Dask time minus ideal 2-worker compute)")

    tm, vm = best(lambda: mp_sweep(m, ps, a.replications, 1, a.days, 2), a.repeat)
    ev = r1.data[r1.data["metric"] == "events"]
    names = list(ps)
    ok = all(vm[(ps[names[int(c)]].to_json(indent=None) if ps[names[int(c)]] is not None else "", int(r))] == v
             for c, r, v in zip(ev["scenario"].cat.codes, ev["replication"], ev["value"], strict=True))
    print(f"multiprocessing.Pool(2, spawn) over a pickled model: {tm:.2f} s (incl. pool start; "
          f"{'identical' if ok else 'DIFFERENT'} numbers)")
    print(f"load average after {os.getloadavg()}")
    print(np.round(r1.summary().loc[(slice(None), "on_time_rate"), ["mean", "ci95_low", "ci95_high"]], 4))


if __name__ == "__main__":
    main()
