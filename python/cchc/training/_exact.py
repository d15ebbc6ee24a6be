"""Exact training plan with HiGHS (``highspy``), on exactly the heuristic's instance.

Variables: x_c ∈ {0,1} per candidate (person × session), y_g ∈ [0,1] fraction of
gap g closed, t_a ∈ [0, F_a] the fairness-floor part of agency a's value.
Maximise Σ w_g y_g + bonus Σ t_a subject to
y_g ≤ Σ_c f_gc x_c, seats, budget, days away per person, no two overlapping
sessions per person (interval cliques), t_a ≤ Σ_{g∈a} w_g y_g. Meant for small instances.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def solve_exact(
    instance: Any,
    *,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
    start: tuple[np.ndarray, np.ndarray] | None = None,
    candidates: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``start``: (person, session) assignments of a feasible plan, given to HiGHS as its first incumbent.
    ``candidates``: ``instance.candidates()`` when the caller has it already."""
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from cchc.errors import Error

        raise Error("the exact plan needs highspy: pip install highspy") from exc
    c = instance.candidates() if candidates is None else candidates
    nc = len(c["cand_person"])
    ng = len(c["gap_person"])
    w = np.asarray(c["gap_weight"], dtype=float)
    target = np.asarray(c["agency_target"], dtype=float)
    agencies = np.flatnonzero(target > 0)
    na = len(agencies)
    bonus = float(c["fairness_bonus"])
    n = nc + ng + na
    X, Y, T = 0, nc, nc + ng

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("threads", 1)
    lb = np.zeros(n)
    ub = np.concatenate([np.ones(nc + ng), target[agencies] if bonus > 0 else np.zeros(na)])
    cost = -np.concatenate([np.zeros(nc), w, np.full(na, bonus)])
    h.addVars(n, lb, ub)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    if nc:
        h.changeColsIntegrality(nc, np.arange(nc, dtype=np.int32), np.full(nc, highspy.HighsVarType.kInteger))

    rows_lo: list[float] = []
    rows_hi: list[float] = []
    starts: list[int] = []
    idx: list[np.ndarray] = []
    val: list[np.ndarray] = []
    nnz = 0

    def row(cols: np.ndarray, vals: np.ndarray, lo: float, hi: float) -> None:
        nonlocal nnz
        starts.append(nnz)
        idx.append(np.asarray(cols, dtype=np.int32))
        val.append(np.asarray(vals, dtype=float))
        nnz += len(cols)
        rows_lo.append(lo)
        rows_hi.append(hi)

    off = np.asarray(c["cand_offsets"], dtype=np.int64)
    cg = np.asarray(c["cand_gap"], dtype=np.int64)
    cf = np.asarray(c["cand_fraction"], dtype=float)
    cand_of_entry = np.repeat(np.arange(nc), np.diff(off))
    order = np.argsort(cg, kind="stable")
    bounds = np.searchsorted(cg[order], np.arange(ng + 1))
    for g in range(ng):  # y_g − Σ f x ≤ 0
        e = order[bounds[g] : bounds[g + 1]]
        row(np.concatenate([[Y + g], X + cand_of_entry[e]]), np.concatenate([[1.0], -cf[e]]), -np.inf, 0.0)
    sess = np.asarray(c["cand_session"], dtype=np.int64)
    seats = np.asarray(c["session_seats"], dtype=float)
    for s in np.unique(sess):  # seats
        cols = np.flatnonzero(sess == s)
        if len(cols) > seats[s]:
            row(X + cols, np.ones(len(cols)), -np.inf, seats[s])
    cost_c = np.asarray(c["cand_cost"], dtype=float)
    if nc:
        row(X + np.arange(nc), cost_c, -np.inf, float(c["budget"]))  # budget
    days = np.asarray(c["session_days"], dtype=float)[sess] if nc else np.zeros(0)
    s_start = np.asarray(c["session_start"], dtype=np.int64)
    s_end = np.asarray(c["session_end"], dtype=np.int64)
    person = np.asarray(c["cand_person"], dtype=np.int64)
    change = np.flatnonzero(np.diff(person)) + 1 if nc else np.zeros(0, dtype=np.int64)
    for lo_, hi_ in zip(np.r_[0, change], np.r_[change, nc], strict=True):
        cols = np.arange(lo_, hi_)
        if days[cols].sum() > float(c["max_days_away"]):
            row(X + cols, days[cols], -np.inf, float(c["max_days_away"]))
        # no overlaps: cliques of the interval graph (sessions covering each start date) ≤ 1
        cliques = set()
        for i in cols:
            a = s_start[sess[i]]
            members = tuple(int(j) for j in cols if s_start[sess[j]] <= a <= s_end[sess[j]])
            if len(members) > 1:
                cliques.add(members)
        for members in sorted(cliques):
            row(X + np.array(members), np.ones(len(members)), -np.inf, 1.0)
    gap_agency = np.asarray(c["gap_agency"], dtype=np.int64)
    for k, a in enumerate(agencies):  # t_a ≤ Σ w y
        gs = np.flatnonzero(gap_agency == a)
        row(np.concatenate([[T + k], Y + gs]), np.concatenate([[1.0], -w[gs]]), -np.inf, 0.0)

    if starts:
        h.addRows(
            len(starts),
            np.asarray(rows_lo),
            np.asarray(rows_hi),
            nnz,
            np.asarray(starts, dtype=np.int32),
            np.concatenate(idx).astype(np.int32),
            np.concatenate(val),
        )
    if start is not None and nc:
        h.setSolution(_warm_start(c, start, n, (X, Y, T), agencies, w, target, bonus))
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    sol = np.asarray(h.getSolution().col_value) if n else np.zeros(0)
    chosen = np.flatnonzero(sol[:nc] > 0.5).astype(np.int32)
    objective = -float(info.objective_function_value)
    bound = -float(info.mip_dual_bound) if nc else objective
    return {"objective": objective, "bound": bound, "status": status, "chosen": chosen,
            "person": np.asarray(c["cand_person"])[chosen], "session": np.asarray(c["cand_session"])[chosen],
            "mip_gap": float(info.mip_gap)}


def _warm_start(c: dict[str, Any], start: tuple[np.ndarray, np.ndarray], n: int, offsets: tuple[int, int, int],
                agencies: np.ndarray, w: np.ndarray, target: np.ndarray, bonus: float) -> Any:
    """The full column vector of a plan: x from its assignments, y_g = min(1, closure), t_a = min(F_a, value)."""
    import highspy

    X, Y, T = offsets
    nc = len(c["cand_person"])
    key = {(int(p), int(s)): k for k, (p, s) in enumerate(zip(c["cand_person"], c["cand_session"], strict=True))}
    x = np.zeros(nc)
    x[[key[(int(p), int(s))] for p, s in zip(*start, strict=True)]] = 1.0
    off = np.asarray(c["cand_offsets"], dtype=np.int64)
    z = np.zeros(len(w))
    np.add.at(z, np.asarray(c["cand_gap"], dtype=np.int64), np.repeat(x, np.diff(off)) * np.asarray(c["cand_fraction"]))
    y = np.minimum(1.0, z)
    value = np.bincount(np.asarray(c["gap_agency"], dtype=np.int64), weights=w * y, minlength=len(target))
    t = np.minimum(target, value)[agencies] if bonus > 0 else np.zeros(len(agencies))
    sol = highspy.HighsSolution()
    col = np.zeros(n)
    col[X:Y], col[Y:T], col[T:] = x, y, t
    sol.col_value = col.tolist()
    sol.value_valid = True
    return sol
