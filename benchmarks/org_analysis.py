"""Organisation analyses on the synthetic national model, and the overlap analysis in pandas.

    python benchmarks/org_analysis.py [--people 200000] [--repeat 3]

Times ``cchc.org.analyze`` (chairs, overlaps, structure, staffing, procedures by level) and
its C++ parts, then a pandas implementation of the overlap analysis (self-join of the task
assignments valid on the date, Jaccard similarity of the agencies' task sets) in the same
run, and checks both give the same top pairs.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import cchc
from cchc import _core


def best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def pandas_overlaps(m: cchc.Model, as_of: str, top: int) -> pd.DataFrame:
    asg = m.tasks.assignments.to_pandas()
    ag = m.agencies.to_pandas()
    day = np.datetime64(as_of)
    ok = (asg["valid_from"].isna() | (asg["valid_from"] <= day)) & (asg["valid_to"].isna() | (asg["valid_to"] >= day))
    valid = (ag["valid_from"].isna() | (ag["valid_from"] <= day)) & (ag["valid_to"].isna() | (ag["valid_to"] >= day))
    codes = ag["code"].to_numpy()
    a = asg[ok][["task", "agency", "role"]].copy()
    a["task"] = a["task"].cat.codes
    a["agency"] = a["agency"].cat.codes
    a = a[valid.to_numpy()[a["agency"].to_numpy()]]
    a["chair"] = a["role"] == "chair"
    a = a.groupby(["task", "agency"], as_index=False)["chair"].any()
    size = a.groupby("agency").size()
    pairs = a.merge(a, on="task", suffixes=("_a", "_b"))
    pairs = pairs[pairs["agency_a"] < pairs["agency_b"]]
    pairs["both"] = pairs["chair_a"] & pairs["chair_b"]
    g = pairs.groupby(["agency_a", "agency_b"]).agg(shared=("task", "size"), shared_chaired=("both", "sum")).reset_index()
    g["jaccard"] = g["shared"] / (size.reindex(g["agency_a"]).to_numpy() + size.reindex(g["agency_b"]).to_numpy()
                                  - g["shared"])
    g = g.sort_values(["jaccard", "shared", "agency_a", "agency_b"], ascending=[False, False, True, True]).head(top)
    return pd.DataFrame({"agency_a": codes[g["agency_a"]], "agency_b": codes[g["agency_b"]],
                         "shared": g["shared"].to_numpy(), "jaccard": g["jaccard"].to_numpy()})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t = time.perf_counter()
    m = cchc.datasets.synthetic(people=args.people, records_per_person=1.0, seed=1)
    print(f"synthetic model: {time.perf_counter() - t:.1f} s; {len(m.agencies):,} agencies, {len(m.tasks):,} tasks, "
          f"{len(m.tasks.assignments):,} task assignments, {len(m.people):,} people, {len(m.procedures):,} procedures")
    day = m.as_of
    core = m._core
    rows = [("C++ task_chairs", best(lambda: _core.org.task_chairs(core, day), args.repeat)[0]),
            ("C++ overlaps (top 50)", best(lambda: _core.org.overlaps(core, day, False, 1, 0.0, 50), args.repeat)[0]),
            ("C++ structure (depth, span, staffing)", best(lambda: _core.org.structure(core, day), args.repeat)[0])]
    t_all, a = best(lambda: cchc.org.analyze(m, day), args.repeat)
    rows.append(("**cchc.org.analyze (all analyses → DataFrames)**", t_all))
    t_pd, p = best(lambda: pandas_overlaps(m, day, 50), args.repeat)
    rows.append(("pandas overlap analysis (same result)", t_pd))
    t_ov, _ = best(lambda: _core.org.overlaps(core, day, False, 1, 0.0, 50), args.repeat)
    mine = a.overlaps[["agency_a", "agency_b", "shared"]].astype({"agency_a": str, "agency_b": str})
    theirs = p[["agency_a", "agency_b", "shared"]].astype({"agency_a": str, "agency_b": str})
    assert mine.reset_index(drop=True).equals(theirs.reset_index(drop=True)), (mine.head(), theirs.head())
    np.testing.assert_allclose(a.overlaps["jaccard"].to_numpy(), p["jaccard"].to_numpy())
    print("| step | time |\n|---|---|")
    for name, s in rows:
        print(f"| {name} | {s:.3f} s |")
    print(f"| overlap speed-up (pandas / C++) | {t_pd / t_ov:.0f}× |")
    s = a.summary()
    print(f"\nsummary: {s}")


if __name__ == "__main__":
    main()
