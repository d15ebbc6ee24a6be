"""Benchmark: training gaps and compliance in C++ vs pandas (merge + groupby) on the same rules.

Builds a synthetic national population in C++ (34 provinces, 4,080 agencies, N people with on
average 10 records each), evaluates the default rule pack in force on AS_OF with
cchc.training.gaps / compliance, then the same rules with pandas, checks both agree
(gap counts per rule, overdue/pending/met per agency), and prints the timings.

    python benchmarks/training_gaps.py [--people 2000000] [--records 10] [--as-of 2021-06-30]
"""

import argparse
import platform
import time

import numpy as np
import pandas as pd

import cchc
from cchc import _core


def pandas_gaps(m, rules, as_of):
    """The rules in force on as_of, evaluated with pandas: one frame of gaps + per-person outcome counts."""
    as_of = pd.Timestamp(as_of)
    people = m.people.to_pandas()
    ag = m.agencies.to_pandas()[["code", "level", "kind"]].rename(columns={"code": "agency"})
    P = people[["agency", "category", "rank_group", "leadership", "position", "entered", "left"]].copy()
    P["person"] = np.arange(len(P))
    P = P.merge(ag, on="agency", how="left")
    P = P[(P["entered"].isna() | (P["entered"] <= as_of)) & (P["left"].isna() | (P["left"] >= as_of))]
    R = m.training_records.to_pandas()
    R["person"] = R["person"].cat.codes
    R = R.merge(m.courses.to_pandas()[["code", "content", "certificate_validity_years"]],
                left_on="course", right_on="code", how="left")
    R = R[R["result"].isin(["passed", "exempt"]) & (R["end"] <= as_of)]
    out, outcomes = [], []
    for i, r in enumerate(rules["rules"]):
        vf = pd.Timestamp(r["valid_from"]) if r.get("valid_from") else None
        vt = pd.Timestamp(r["valid_to"]) if r.get("valid_to") else None
        if (vf is not None and vf > as_of) or (vt is not None and vt < as_of):
            continue
        sel = r.get("applies_to", {})
        assert not r.get("exempt") and not r.get("exempt_if_held") and "position" not in sel
        mask = pd.Series(True, index=P.index)
        for col, key in (("category", "category"), ("rank_group", "rank_group"), ("leadership", "leadership"),
                         ("level", "level"), ("kind", "agency_kind")):
            if key in sel:
                mask &= P[col].isin(sel[key])
        A = P[mask]
        mt = r["match"]
        rm = R["course"].isin(mt.get("courses", [])) | R["content"].isin(mt.get("content", []))
        rm &= R["periods"] >= mt.get("min_record_periods", 0)
        M = R[rm]
        since0 = A["entered"] if vf is None else A["entered"].where(A["entered"] > vf, vf).fillna(vf)
        if r["kind"] == "periodic":
            ps = pd.Timestamp(year=as_of.year, month=1, day=1)
            pe = min(pd.Timestamp(year=as_of.year, month=12, day=31), vt) if vt is not None else \
                pd.Timestamp(year=as_of.year, month=12, day=31)
            s = M[M["end"] >= ps].groupby("person")["periods"].sum()
            A = A.merge(s.rename("sum"), left_on="person", right_index=True, how="left").fillna({"sum": 0})
            gap = A[A["sum"] + 1e-6 < r["periods"]]
            g = pd.DataFrame({"person": gap["person"], "agency": gap["agency"], "rule": r["code"],
                              "missing": r["periods"] - gap["sum"], "due": pe, "overdue": as_of > pe})
        elif r["kind"] == "once":
            s = M.groupby("person")["periods"].agg(["sum", "count"])
            A = A.assign(since=since0).merge(s, left_on="person", right_index=True, how="left")
            A[["sum", "count"]] = A[["sum", "count"]].fillna(0)
            gap = A[~((A["count"] > 0) & (A["sum"] + 1e-6 >= r.get("periods", 0)))]
            due = gap["since"] + pd.Timedelta(days=r.get("grace_days", 0))
            g = pd.DataFrame({"person": gap["person"], "agency": gap["agency"], "rule": r["code"],
                              "missing": np.maximum(0, r.get("periods", 0) - gap["sum"]), "due": due,
                              "overdue": due.isna() | (as_of > due)})
        else:  # certificate
            C = M[M["certificate"]]
            years = r.get("validity_years") or C["certificate_validity_years"]
            y = C["end"].dt.year + years
            exp = pd.to_datetime(pd.DataFrame({"year": y, "month": C["end"].dt.month, "day": C["end"].dt.day}),
                                 errors="coerce")
            exp = exp.fillna(pd.to_datetime(pd.DataFrame({"year": y, "month": C["end"].dt.month, "day": 28})))
            best = exp.groupby(C["person"]).max()
            A = A.assign(since=since0).merge(best.rename("expiry"), left_on="person", right_index=True, how="left")
            gap = A[~(A["expiry"] > as_of)]
            due = gap["expiry"].where(gap["expiry"].notna(), gap["since"] + pd.Timedelta(days=r.get("grace_days", 0)))
            g = pd.DataFrame({"person": gap["person"], "agency": gap["agency"], "rule": r["code"], "missing": 0.0,
                              "due": due, "overdue": due.isna() | (as_of > due)})
        out.append(g)
        outcomes.append(A[["person", "agency"]].assign(rule=r["code"]))
    gaps = pd.concat(out, ignore_index=True)
    applicable = pd.concat(outcomes, ignore_index=True)
    # compliance by agency: requirements, overdue, pending, met
    req = applicable.groupby("agency", observed=True).size().rename("requirements")
    od = gaps.groupby("agency", observed=True)["overdue"].agg(["sum", "count"])
    comp = pd.concat([req, od], axis=1).fillna(0)
    comp["overdue"] = comp["sum"].astype(int)
    comp["pending"] = (comp["count"] - comp["sum"]).astype(int)
    comp["met"] = (comp["requirements"] - comp["count"]).astype(int)
    return gaps, comp[["requirements", "met", "pending", "overdue"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=2_000_000)
    ap.add_argument("--records", type=float, default=10.0)
    ap.add_argument("--as-of", default="2021-06-30")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t = time.perf_counter()
    m = cchc.Model(_core.training_synthetic(args.people, args.records, 1))
    print(f"built {m!r} in {time.perf_counter() - t:.1f} s")
    rules = cchc.training.rules.vietnam()
    day = cchc.training._day(args.as_of)

    def best(f):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            res = f()
            times.append(time.perf_counter() - t)
        return min(times), res

    t_core, raw = best(lambda: _core.training_gaps(m._core, rules._core, day, 0))
    t_core1, _ = best(lambda: _core.training_gaps(m._core, rules._core, day, 1))
    t_comp, _ = best(lambda: _core.training_compliance(m._core, rules._core, ["agency"], day, 0))
    cchc.training.gaps(m, args.as_of)  # warm the cached codes and dtypes, as in an analyst's session
    t_api, g = best(lambda: cchc.training.gaps(m, args.as_of))
    t_capi, c = best(lambda: cchc.training.compliance(m, args.as_of, by="agency"))
    t = time.perf_counter()
    pg, pc = pandas_gaps(m, rules.to_dict(), args.as_of)
    t_pd = time.perf_counter() - t

    # same answers
    a = g.groupby("requirement", observed=True).size()
    b = pg.groupby("rule").size()
    assert a.to_dict() == b.to_dict(), (a, b)
    cc = c.set_index(c["agency"].astype(str))[["requirements", "met", "pending", "overdue"]]
    pc.index = pc.index.astype(str)
    pc = pc.reindex(cc.index).fillna(0).astype(int)
    assert (cc.to_numpy() == pc.to_numpy()).all()

    cxx = t_api + t_capi
    print(f"people {len(m.people):,}, records {len(m.training_records):,}, gaps {len(g):,}, as_of {args.as_of}")
    print(f"C++ gaps core: {t_core:.3f} s (all threads), {t_core1:.3f} s (1 thread); compliance by agency core: "
          f"{t_comp:.3f} s")
    print(f"cchc.training.gaps → DataFrame: {t_api:.3f} s; compliance → DataFrame: {t_capi:.3f} s; total {cxx:.3f} s")
    print(f"pandas (merge + groupby, same rules, gaps + compliance by agency): {t_pd:.3f} s")
    print(f"speed-up: {t_pd / cxx:.1f}× (API with DataFrames), {t_pd / (t_core + t_comp):.1f}× (core)")
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}, "
          f"pandas {pd.__version__}")


if __name__ == "__main__":
    main()
