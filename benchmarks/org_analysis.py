"""Organisation analyses on the synthetic national model, and the overlap analysis in pandas.

    python benchmarks/org_analysis.py [--people 200000] [--repeat 3]

Times ``cchc.org.analyze`` (chairs, overlaps, structure, staffing, procedures by level) and
its C++ parts, then a pandas implementation of the overlap analysis (self-join of the task
assignments valid on the date, Jaccard similarity of the agencies' task sets) in the same
run, and checks both give the same top pairs.
"""

from __future__ import annotations

import argparse
import json
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


def with_many_tasks(m: cchc.Model, per_commune: int = 30, per_department: int = 60, seed: int = 1) -> cchc.Model:
    """The synthetic model's agencies with a task table of national size (no people).

    The synthetic generator makes 8 tasks per department; an organisation review of the
    whole country sees every commune's and department's duties: each commune People's
    Committee chairs ``per_commune`` tasks coordinated by one or two units (another commune
    of the province or a department), each department ``per_department`` tasks coordinated by
    two other departments of its province; 1% of the tasks get a second chair.
    """
    ag = m.agencies.to_pandas()
    rng = np.random.default_rng(seed)  # PCG64: same stream on every machine
    agencies = []
    for r in ag.itertuples(index=False):
        a = {"code": r.code, "name": r.name, "kind": str(r.kind), "level": str(r.level),
             "quota_civil_servants": int(r.quota_civil_servants), "headcount": int(r.headcount)}
        if isinstance(r.parent, str):
            a["parent"] = r.parent
        agencies.append(a)
    idx = np.arange(len(ag))
    kind = ag["kind"].astype(str).to_numpy()
    province = ag["code"].str.slice(0, 3).to_numpy()
    groups = {k: {} for k in ("commune_people_committee", "department")}
    for k in groups:
        for i in idx[kind == k]:
            groups[k].setdefault(province[i], []).append(i)
    codes = ag["code"].to_numpy()
    tasks = []
    for k, n in (("commune_people_committee", per_commune), ("department", per_department)):
        for prov, members in groups[k].items():
            depts = groups["department"].get(prov, members)
            for i in members:
                for j in range(n):
                    others = rng.choice(depts if k == "department" or rng.random() < 0.5 else members, size=2)
                    asg = [{"agency": codes[i], "role": "chair"}]
                    for o in dict.fromkeys(int(x) for x in others if x != i):
                        asg.append({"agency": codes[o], "role": "chair" if rng.random() < 0.01 else "coordinate"})
                    tasks.append({"code": f"{codes[i]}-NV{j}", "name": f"Nhiệm vụ {j}", "field": k,
                                  "assignments": asg})
    doc = {"format": "cchc", "version": 1, "name": "synthetic + tasks", "as_of": m.as_of,
           "agencies": agencies, "tasks": tasks}
    return cchc.loads(json.dumps(doc, ensure_ascii=False))


def run(m: cchc.Model, repeat: int, title: str) -> None:
    day = m.as_of
    core = m._core
    print(f"\n### {title}: {len(m.agencies):,} agencies, {len(m.tasks):,} tasks, "
          f"{len(m.tasks.assignments):,} task assignments, {len(m.people):,} people\n")
    rows = [("C++ task_chairs", best(lambda: _core.org.task_chairs(core, day), repeat)[0]),
            ("C++ overlaps (top 50)", best(lambda: _core.org.overlaps(core, day, False, 1, 0.0, 50), repeat)[0]),
            ("C++ structure (depth, span, staffing)", best(lambda: _core.org.structure(core, day), repeat)[0])]
    t_all, a = best(lambda: cchc.org.analyze(m, day), repeat)
    rows.append(("**cchc.org.analyze (all analyses → DataFrames)**", t_all))
    t_pd, p = best(lambda: pandas_overlaps(m, day, 50), repeat)
    rows.append(("pandas overlap analysis (same top 50)", t_pd))
    t_ov = rows[1][1]
    mine = a.overlaps[["agency_a", "agency_b", "shared"]]
    assert (mine["agency_a"].astype(str).to_numpy() == p["agency_a"].astype(str).to_numpy()).all()
    assert (mine["agency_b"].astype(str).to_numpy() == p["agency_b"].astype(str).to_numpy()).all()
    assert (mine["shared"].to_numpy() == p["shared"].to_numpy()).all()
    np.testing.assert_allclose(a.overlaps["jaccard"].to_numpy(), p["jaccard"].to_numpy())
    print("| step | time |\n|---|---|")
    for name, s in rows:
        print(f"| {name} | {s:.3f} s |")
    print(f"| overlap speed-up (pandas / C++) | {t_pd / t_ov:.0f}× |")
    s = a.summary()
    print(f"\nsummary: tasks {s['tasks']:,}, without chair {s['tasks_without_chair']}, several chairs "
          f"{s['tasks_with_several_chairs']}, units {s['units']:,}, max depth {s['max_depth']}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t = time.perf_counter()
    m = cchc.datasets.synthetic(people=args.people, records_per_person=1.0, seed=1)
    print(f"synthetic model: {time.perf_counter() - t:.1f} s; {len(m.agencies):,} agencies, {len(m.tasks):,} tasks, "
          f"{len(m.tasks.assignments):,} task assignments, {len(m.people):,} people, {len(m.procedures):,} procedures")
    run(m, args.repeat, "synthetic national model")
    t = time.perf_counter()
    big = with_many_tasks(m)
    print(f"\n(task table generated and loaded in {time.perf_counter() - t:.1f} s)")
    run(big, args.repeat, "synthetic agencies + national task table")


if __name__ == "__main__":
    main()
