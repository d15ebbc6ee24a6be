"""Training (bồi dưỡng) of cadres, civil servants and public employees.

Who is missing which mandatory programme on a date (:func:`gaps`), how
compliant each agency, level, category, rank group, gender or ethnicity is
(:func:`compliance`), and next year's costed plan: who goes to which course
session within the budget and the seats (:func:`plan`). Requirements are rule
packs versioned by date (:mod:`cchc.training.rules`); the default pack follows
Decrees 101/2017, 89/2021 and 171/2025. The work runs in C++ over the
per-person training records, with the GIL released.

Examples
--------
>>> import cchc
>>> m = cchc.datasets.lai_chau_2021()
>>> g = cchc.training.gaps(m, as_of="2021-06-30")                    # doctest: +SKIP
>>> cchc.training.compliance(m, as_of="2021-06-30", by=["level"])   # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import _args, _core
from cchc._files import fspath, write_csv, write_excel
from cchc._plot import hbars, literal
from cchc.errors import Error, ReferenceError
from cchc.training import rules
from cchc.training.rules import Rules

__all__ = [
    "DIMENSIONS",
    "MultiYearPlan",
    "TrainingPlan",
    "compliance",
    "gaps",
    "plan",
    "plot_compliance",
    "rules",
    "to_csv",
    "to_excel",
]

DIMENSIONS = ("agency", "level", "category", "rank_group", "gender", "ethnicity", "leadership", "requirement")
_EPOCH = np.datetime64("1970-01-01", "D")
_NO_DATE = np.iinfo(np.int32).min
_KINDS = ["once", "periodic", "certificate"]


def _day(value: Any, what: str = "as_of") -> int:
    """A date-like value → days since 1970-01-01."""
    if value is None:
        raise Error(f"{what} is required (a date such as '2021-12-31')")
    try:
        d = np.datetime64(pd.Timestamp(value).date(), "D")
    except (ValueError, TypeError) as exc:
        raise Error(f"{what}: not a date: {value!r}") from exc
    return int((d - _EPOCH).astype(np.int64))


def _dates(days: np.ndarray) -> np.ndarray:
    days = np.asarray(days)
    out = days.astype("int64")
    out[days == _NO_DATE] = np.iinfo(np.int64).min
    return out.view("datetime64[D]")


def _rules(r: Rules | str | os.PathLike[str] | dict[str, Any] | None) -> Rules:
    if r is None:
        return rules.vietnam()
    if isinstance(r, Rules):
        return r
    if isinstance(r, dict):
        return rules.from_dict(r)
    return rules.load(r)


def _cat(codes: np.ndarray, categories: Sequence[str] | pd.CategoricalDtype) -> pd.Categorical:
    c = np.asarray(codes).astype(np.int64)
    c[c < 0] = -1
    if isinstance(categories, pd.CategoricalDtype):
        return pd.Categorical.from_codes(c, dtype=categories)
    return pd.Categorical.from_codes(c, categories=categories)


def _rule_info(r: Rules) -> pd.DataFrame:
    return r.to_pandas()


def gaps(
    model: Any,
    as_of: Any,
    rules: Rules | str | os.PathLike[str] | dict[str, Any] | None = None,
    *,
    threads: int = 0,
) -> pd.DataFrame:
    """Unmet training requirements on ``as_of``: one row per person and requirement.

    Everyone in service that day (entered ≤ as_of ≤ left) is checked against
    every rule in force that day. Records count when they ended by ``as_of``
    with result ``passed`` (or ``exempt``, which satisfies the rule).

    Parameters
    ----------
    model : cchc.Model
    as_of : date-like
        The date of the check (``"2021-06-30"``, ``datetime.date``, ``Timestamp``).
    rules : Rules, path or dict, optional
        The rule pack; default :func:`cchc.training.rules.vietnam`.
    threads : int
        Worker threads (0: all cores). The result does not depend on it.

    Periodic requirements are checked for the period that contains ``as_of``
    only (periods of ``period_years`` calendar years, aligned on the year the
    rule starts). A record counts in the period it ends in, so a finished
    period's shortfall cannot be made up and is not a gap; a periodic gap is
    due at the end of its period (or when the rule ends) and is therefore
    never overdue while the rule is in force. To audit a past period, take
    ``gaps`` on its last day.

    Returns
    -------
    pandas.DataFrame
        ``person``, ``agency``, ``requirement`` (rule code), ``kind``, ``mandatory``,
        ``status`` (``missing``, ``short``, ``expired``), ``missing_periods``,
        ``since`` (when the requirement started to be unmet), ``due`` (the deadline),
        ``overdue`` (``as_of`` is past ``due``). People in index order.

    Examples
    --------
    >>> g = cchc.training.gaps(m, as_of="2021-06-30")  # doctest: +SKIP
    >>> g.groupby("requirement", observed=True).size()  # doctest: +SKIP
    """
    r = _rules(rules)
    cols = _core.training_gaps(model._core, r._core, _day(as_of), threads)
    info = _rule_info(r)
    rule_idx = np.asarray(cols["rule"])
    return pd.DataFrame(
        {
            "person": _cat(cols["person"], model._dtype("people")),
            "agency": _cat(cols["agency"], model._dtype("agencies")),
            "requirement": pd.Categorical.from_codes(rule_idx, categories=list(info["code"])),
            "kind": pd.Categorical.from_codes(  # codes per rule, then gathered (not 2M strings)
                pd.Categorical(info["kind"], categories=_KINDS).codes[rule_idx], categories=_KINDS
            ),
            "mandatory": info["mandatory"].to_numpy()[rule_idx],
            "status": pd.Categorical.from_codes(np.asarray(cols["status"]), categories=_core.TRAINING_GAP_STATUS),
            "missing_periods": np.asarray(cols["missing_periods"]),
            "since": _dates(cols["since"]),
            "due": _dates(cols["due"]),
            "overdue": np.asarray(cols["overdue"]).astype(bool),
        }
    )


_ENUMS: dict[str, list[str]] = _core.enum_names()
_DIM_ENUM = {
    "level": "Level",
    "category": "PersonCategory",
    "rank_group": "RankGroup",
    "gender": "Gender",
    "leadership": "Leadership",
}


def compliance(
    model: Any,
    as_of: Any,
    by: str | Sequence[str] = ("agency",),
    rules: Rules | str | os.PathLike[str] | dict[str, Any] | None = None,
    *,
    threads: int = 0,
) -> pd.DataFrame:
    """Compliance with the training requirements on ``as_of``, aggregated by groups (in C++).

    Parameters
    ----------
    model : cchc.Model
    as_of : date-like
    by : str or list of str
        Any of ``agency``, ``level``, ``category``, ``rank_group``, ``gender``,
        ``ethnicity``, ``leadership``, ``requirement``; ``[]`` for one total row.
    rules : Rules, path or dict, optional
        Default :func:`cchc.training.rules.vietnam`.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``people`` in service (subject to the rule when grouped by
        requirement), ``compliant_people`` (no overdue requirement), ``requirements``
        (applicable person × rule pairs), ``met``, ``pending`` (unmet, not yet due),
        ``overdue``, ``exempt``, ``compliance_rate`` = 1 − overdue / requirements
        (1 when no requirement) and ``met_rate`` = met / requirements.

    Examples
    --------
    >>> cchc.training.compliance(m, as_of="2021-06-30", by=["level", "category"])  # doctest: +SKIP
    """
    r = _rules(rules)
    dims = [by] if isinstance(by, str) else list(by)
    for d in dims:
        if d not in DIMENSIONS:
            raise Error(f"compliance: unknown grouping {d!r}; use any of {', '.join(DIMENSIONS)}")
    cols = _core.training_compliance(model._core, r._core, dims, _day(as_of), threads)
    data: dict[str, Any] = {}
    for d in dims:
        codes = np.asarray(cols[d])
        if d == "agency":
            data[d] = _cat(codes, model._dtype("agencies"))
        elif d == "requirement":
            data[d] = pd.Categorical.from_codes(codes, categories=list(r.to_pandas()["code"]))
        elif d == "ethnicity":
            pool = _core.training_string_pool(model._core)
            data[d] = pd.Categorical.from_codes(codes.astype(np.int64), categories=pd.Index(pool))
        else:
            data[d] = pd.Categorical.from_codes(codes.astype(np.int64), categories=_ENUMS[_DIM_ENUM[d]])
    for k in ("people", "compliant_people", "requirements", "met", "pending", "overdue", "exempt"):
        data[k] = np.asarray(cols[k])
    df = pd.DataFrame(data)
    req = df["requirements"].to_numpy().astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        df["compliance_rate"] = np.where(req > 0, 1.0 - df["overdue"].to_numpy() / req, 1.0)
        df["met_rate"] = np.where(req > 0, df["met"].to_numpy() / req, 1.0)
    if "ethnicity" in dims:  # the pool holds every interned string; keep the ones used
        df["ethnicity"] = df["ethnicity"].cat.remove_unused_categories()
    return df


# ---------------------------------------------------------------------------
# Plan


@dataclass
class TrainingPlan:
    """A costed training plan for one year (from :func:`plan`).

    Attributes
    ----------
    rosters : DataFrame
        One row per person sent to a session: ``session``, ``course``, ``start``, ``end``,
        ``place``, ``person``, ``agency``, ``cost`` (seat + travel + per diem, đồng).
    gaps : DataFrame
        The gaps the plan works on, with ``weight``, ``closed`` (fraction closed) and
        ``reason`` ("" when closed; else ``no_session``, ``no_seat``, ``budget``,
        ``conflict`` — overlapping sessions or days away — or ``not_selected``).
    budget, budget_used : int
        Đồng.
    objective, greedy_objective : float
        Weighted gaps closed (with the fairness bonus), after local search and after the greedy pass.
    gaps_closed : int
        Gaps fully closed.
    solver : str
        Who found this plan: ``"heuristic"`` (greedy + local search; HiGHS, when it ran, found
        nothing better) or ``"highs"`` (HiGHS improved on the heuristic's plan, warm-started from it).
    bound, gap_pct : float or None
        HiGHS's dual bound on the objective and the proven gap 100 × (bound − objective) / bound of
        this plan; None when HiGHS did not run (``exact=False``, highspy missing or the instance too big).
    exact_status : str or None
        HiGHS's model status ("Optimal", "Time limit reached", ...), None when it did not run.
    """

    year: int
    as_of: str
    rosters: pd.DataFrame
    gaps: pd.DataFrame
    budget: int
    budget_used: int
    objective: float
    greedy_objective: float
    gaps_closed: int
    rounds: int
    options: dict[str, Any]
    solver: str = "heuristic"
    bound: float | None = None
    gap_pct: float | None = None
    exact_status: str | None = None
    _model: Any = field(repr=False, default=None)
    _rules: Any = field(repr=False, default=None)
    _instance: Any = field(repr=False, default=None)
    _chosen: Any = field(repr=False, default=None)  # (person index, session index) arrays
    _sessions: Any = field(repr=False, default=None)  # the sessions of the year, as used

    @property
    def unmet(self) -> pd.DataFrame:
        """Gaps not fully closed, with the reason."""
        return self.gaps[self.gaps["closed"] < 1.0 - 1e-9].reset_index(drop=True)

    def summary(self) -> dict[str, Any]:
        """Headline numbers."""
        g = self.gaps
        return {
            "year": self.year,
            "sessions_used": int(self.rosters["session"].nunique()) if len(self.rosters) else 0,
            "people_trained": int(self.rosters["person"].nunique()) if len(self.rosters) else 0,
            "places": len(self.rosters),
            "budget": self.budget,
            "budget_used": self.budget_used,
            "gaps": len(g),
            "gaps_closed": self.gaps_closed,
            "mandatory_overdue_gaps": int((g["mandatory"] & g["overdue"]).sum()),
            "mandatory_overdue_closed": int((g["mandatory"] & g["overdue"] & (g["closed"] >= 1 - 1e-9)).sum()),
            "objective": self.objective,
            "solver": self.solver,
            "bound": self.bound,
            "gap_pct": self.gap_pct,
            "unmet_by_reason": {str(k): int(v) for k, v in self.unmet["reason"].value_counts().items() if v > 0},
        }

    def projected_compliance(self, by: str | Sequence[str] = ("agency",)) -> pd.DataFrame:
        """Compliance on the plan's ``as_of`` before and after the plan (closed gaps counted as met)."""
        dims = [by] if isinstance(by, str) else list(by)
        if any(d not in ("agency", "requirement") for d in dims):
            raise Error("projected_compliance: group by 'agency' and/or 'requirement'")
        before = compliance(self._model, self.as_of, by=dims, rules=self._rules)
        g = self.gaps
        done = g[g["closed"] >= 1 - 1e-9]
        agg = (
            done.assign(closed_overdue=done["overdue"].astype(int), closed_pending=(~done["overdue"]).astype(int))
            .groupby(dims, observed=True)[["closed_overdue", "closed_pending"]]
            .sum()
            .reset_index()
        )
        out = before.merge(agg, on=dims, how="left")
        out[["closed_overdue", "closed_pending"]] = out[["closed_overdue", "closed_pending"]].fillna(0).astype(int)
        out["met_after"] = out["met"] + out["closed_overdue"] + out["closed_pending"]
        out["overdue_after"] = out["overdue"] - out["closed_overdue"]
        req = out["requirements"].to_numpy().astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["compliance_rate_after"] = np.where(req > 0, 1.0 - out["overdue_after"].to_numpy() / req, 1.0)
            out["met_rate_after"] = np.where(req > 0, out["met_after"].to_numpy() / req, 1.0)
        return out

    def exact(self, *, time_limit: float = 60.0, mip_rel_gap: float = 1e-6) -> dict[str, Any]:
        """Solve the same instance exactly with HiGHS (``highspy``): for small instances, to measure the heuristic.

        Returns a dict with ``objective`` (best found), ``bound`` (dual bound), ``status``,
        ``heuristic`` (this plan's objective) and ``gap_pct`` = 100 × (bound − heuristic) / bound.
        HiGHS starts from this plan, so its best is never worse than this plan.
        """
        from cchc.training._exact import solve_exact

        res = solve_exact(self._instance, time_limit=time_limit, mip_rel_gap=mip_rel_gap, start=self._chosen)
        res["heuristic"] = self.objective
        bound = res["bound"]
        res["gap_pct"] = 100.0 * (bound - self.objective) / bound if bound > 0 else 0.0
        return res

    def to_excel(self, path: str | os.PathLike[str]) -> None:
        """Write Summary, Rosters, Unmet gaps and Compliance sheets (needs ``openpyxl``)."""
        s = self.summary()
        s["unmet_by_reason"] = ", ".join(f"{k}: {v}" for k, v in s["unmet_by_reason"].items())
        to_excel(
            {
                "Summary": pd.DataFrame({"item": list(s), "value": [str(v) for v in s.values()]}),
                "Rosters": self.rosters,
                "Unmet": self.unmet,
                "Compliance": self.projected_compliance(),
            },
            path,
        )

    def to_csv(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write ``rosters.csv``, ``unmet.csv`` and ``compliance.csv`` (UTF-8 with BOM, for Excel) in ``folder``."""
        return to_csv(
            {"rosters": self.rosters, "unmet": self.unmet, "compliance": self.projected_compliance()}, folder
        )


def _codes_to_index(values: Any, codes: list[str], what: str) -> np.ndarray:
    vals = pd.Series(values).astype(str).map(_args.nfc)  # codes compare in NFC, as the model stores them
    idx = pd.Categorical(vals, categories=codes).codes.astype(np.int32)
    bad = vals[idx < 0]
    if len(bad):
        raise ReferenceError(f"sessions: unknown {what} {bad.iloc[0]!r} (row {bad.index[0]})")
    return idx


def plan(
    model: Any,
    year: int | None = None,
    budget: int | Sequence[int] | dict[int, int] = 0,
    sessions: Any = (),
    rules: Rules | str | os.PathLike[str] | dict[str, Any] | None = None,
    *,
    years: Sequence[int] | None = None,
    as_of: Any = None,
    **options: Any,
) -> TrainingPlan | MultiYearPlan:
    """Assign people to course sessions to close the most weighted gaps within budget and seats.

    The gaps are those of :func:`gaps` on ``as_of`` (default 1 January of ``year``).
    A session of a course that satisfies a gap's rule closes it (a fraction
    course periods / missing periods for period rules). Constraints: seats of
    each session, the total budget, each person's ``max_days_away`` (calendar
    days of the sessions attended) and no overlapping sessions per person.

    Costs per person and session: ``cost_per_seat`` + ``per_diem`` × days +
    travel, where travel = 0 at one's own agency, else round(2 × travel_km ×
    ``vnd_per_km``) of the person's agency + the same of the place (each unit's
    ``travel_km`` read as its distance to the centre: an approximation; set
    ``vnd_per_km=0`` to ignore travel).

    Weights: rule weight × (1 if mandatory else ``optional_weight``) ×
    (``overdue_weight`` if overdue) × (``leader_weight`` for leaders). Fairness
    floor: the first ``fairness_floor`` share of every agency's gap weight is
    worth (1 + ``fairness_bonus``) times more, so each agency gets served.

    The solver is a lazy greedy by marginal value / cost over (person, useful
    course) pairs, each priced at the cheapest session still open to that
    person: when the nearest sessions fill, demand spills to the next cheapest
    ones, so seats anywhere are used while the budget allows. Ruin-and-recreate
    local search follows (``improve_rounds``, seeded: the same input and seed
    give the same plan). ``sessions_per_course`` > 0 offers each person only
    that many cheapest sessions of a course.
    ``exact="auto"`` (default): when ``highspy`` is installed and the instance has at most
    ``EXACT_AUTO_MAX_CANDIDATES`` (person × session) candidates, HiGHS then polishes the plan,
    warm-started from it, for at most ``exact_time_limit`` seconds (default 10): its plan replaces
    the heuristic's only when better, and the plan reports ``solver``, HiGHS's ``bound`` and the
    proven ``gap_pct``. ``exact=True`` runs HiGHS whatever the size (an error without highspy);
    ``exact=False`` never. :meth:`TrainingPlan.exact` solves the same instance with HiGHS alone.

    Multi-year mode (``years=[2026, 2027, 2028]``): the years are planned one
    after the other, each with the one-year planner on 1 January, and each
    year's rosters become passed training records (with a certificate) of the
    model the next year sees: someone trained in 2026 no longer has that gap in
    2027, periodic requirements come back every period, and certificates
    expire after their validity (an expiry is seen on the 1 January after it).

    Parameters
    ----------
    year : int
        The plan year (one-year mode).
    budget : int, list of int or dict
        Đồng; in multi-year mode one figure for every year, a list (one per year) or a
        dict year → budget.
    sessions : DataFrame or list of dicts (or, in multi-year mode, a dict year → sessions)
        Columns ``course`` (code), ``start``, ``end`` (dates, inclusive), ``place``
        (agency code), ``seats``, ``cost_per_seat`` (đồng); optional ``session`` (an id).
        Only sessions starting in the plan's year are used.
    years : list of int, optional
        Multi-year mode (instead of ``year``); ``as_of`` is then each year's 1 January.

    Returns
    -------
    TrainingPlan, or MultiYearPlan with ``years``

    Examples
    --------
    >>> p = cchc.training.plan(m, year=2022, budget=2_000_000_000, sessions=sessions)  # doctest: +SKIP
    >>> p.summary()["gaps_closed"], p.unmet["reason"].value_counts()                   # doctest: +SKIP
    >>> mp = cchc.training.plan(m, years=[2026, 2027, 2028], budget=[5e9, 4e9, 4e9], sessions=sessions)  # doctest: +SKIP
    >>> mp.summary()                                                                   # doctest: +SKIP
    """
    r = _rules(rules)
    unknown = set(options) - _PLAN_OPTIONS
    if unknown:
        raise Error(f"plan: unknown option(s) {sorted(unknown)}; allowed: {sorted(_PLAN_OPTIONS)}")
    if years is None:
        if year is None:
            raise Error("plan: give year=... (one year) or years=[...] (multi-year)")
        if isinstance(budget, dict) or (isinstance(budget, Sequence) and not isinstance(budget, str)):
            raise Error("plan: one year takes one budget figure")
        return _plan_year(model, int(year), int(budget), sessions, r, as_of=as_of, **options)
    if year is not None or as_of is not None:
        raise Error("plan: multi-year mode takes years=[...] without year or as_of (each year starts on 1 January)")
    ys = [int(y) for y in years]
    if not ys or sorted(set(ys)) != ys:
        raise Error(f"plan: years must be increasing and distinct, got {list(years)}")
    if isinstance(budget, dict):
        missing = [y for y in ys if y not in budget]
        if missing:
            raise Error(f"plan: no budget for year(s) {missing}")
        budgets = [int(budget[y]) for y in ys]
    elif isinstance(budget, Sequence) and not isinstance(budget, str):
        if len(budget) != len(ys):
            raise Error(f"plan: {len(budget)} budgets for {len(ys)} years")
        budgets = [int(b) for b in budget]
    else:
        budgets = [int(budget)] * len(ys)
    plans: dict[int, TrainingPlan] = {}
    current = model
    for y, b in zip(ys, budgets, strict=True):
        ses = sessions.get(y, []) if isinstance(sessions, dict) else sessions
        p = _plan_year(current, y, b, ses, r, **options)
        plans[y] = p
        current = _with_rosters(current, p)
    return MultiYearPlan(years=ys, plans=plans, model=current)


_PLAN_OPTIONS = {
    "max_days_away", "vnd_per_km", "per_diem", "optional_weight", "overdue_weight", "leader_weight",
    "fairness_floor", "fairness_bonus", "sessions_per_course", "improve_rounds", "seed", "threads",
    "exact", "exact_time_limit",
}

# exact="auto" runs HiGHS up to this many candidates: such instances solve (or get a tight bound)
# within the default 10 s on one core; national instances have millions and keep the heuristic alone.
EXACT_AUTO_MAX_CANDIDATES = 3000


def _exact_candidates(inst: Any, exact: bool | str, exact_time_limit: float, n_candidates: int) -> dict[str, Any] | None:
    """The instance's candidates when HiGHS should polish the plan, else None. ``n_candidates``: their
    number, counted without listing them (a national instance has millions)."""
    if exact is False:
        return None
    if not exact_time_limit > 0:
        raise Error(f"plan: exact_time_limit must be a positive number of seconds, got {exact_time_limit!r}")
    if exact is True:
        return inst.candidates()
    if exact != "auto":
        raise Error(f"plan: exact must be 'auto', True or False, got {exact!r}")
    try:
        import highspy  # noqa: F401
    except ImportError:
        return None
    return inst.candidates() if n_candidates <= EXACT_AUTO_MAX_CANDIDATES else None


def _with_rosters(model: Any, p: TrainingPlan) -> Any:
    """The model with the plan's rosters as passed training records (certificate issued)."""
    from cchc.model import Model

    person, session = p._chosen
    s = p._sessions
    course = _codes_to_index(s["course"].to_numpy()[session], model._codes("courses"), "course")
    periods = model.courses.to_pandas()["periods"].to_numpy(dtype=np.float32)[course]
    start = ((s["start"].to_numpy().astype("datetime64[D]") - _EPOCH).astype(np.int64)).astype(np.int32)[session]
    end = ((s["end"].to_numpy().astype("datetime64[D]") - _EPOCH).astype(np.int64)).astype(np.int32)[session]
    core = _core.training_add_records(
        model._core, person, course, start, end, periods, np.ones(len(person), dtype=np.uint8)
    )
    out = Model(core)
    # same people, agencies and courses: share the cached codes and categorical dtypes
    for t in ("people", "agencies", "courses"):
        if t in model._code_cache:
            out._code_cache[t] = model._code_cache[t]
        if t in model._dtype_cache:
            out._dtype_cache[t] = model._dtype_cache[t]
    return out


@dataclass
class MultiYearPlan:
    """Training plans for consecutive years (from :func:`plan` with ``years``).

    Each year's plan sees the records the earlier years' rosters create.

    Attributes
    ----------
    years : list of int
    plans : dict
        Year → :class:`TrainingPlan` (its gaps, rosters, reasons and projected compliance).
    model : cchc.Model
        The model with every planned session recorded as passed (the projection after the last year).
    """

    years: list[int]
    plans: dict[int, TrainingPlan]
    model: Any = field(repr=False, default=None)

    def __getitem__(self, year: int) -> TrainingPlan:
        return self.plans[int(year)]

    @property
    def rosters(self) -> pd.DataFrame:
        """Every year's rosters, with a ``year`` column first."""
        return pd.concat(
            [self.plans[y].rosters.assign(year=y) for y in self.years], ignore_index=True
        )[["year", *self.plans[self.years[0]].rosters.columns]]

    @property
    def unmet(self) -> pd.DataFrame:
        """Every year's gaps left open, with the reason and a ``year`` column first."""
        frames = [self.plans[y].unmet.assign(year=y) for y in self.years]
        out = pd.concat(frames, ignore_index=True)
        return out[["year", *[c for c in out.columns if c != "year"]]]

    def compliance(self, by: str | Sequence[str] = ("agency",)) -> pd.DataFrame:
        """Projected compliance per year: :meth:`TrainingPlan.projected_compliance` of each year, stacked."""
        frames = [self.plans[y].projected_compliance(by).assign(year=y) for y in self.years]
        out = pd.concat(frames, ignore_index=True)
        return out[["year", *[c for c in out.columns if c != "year"]]]

    def summary(self) -> pd.DataFrame:
        """One row per year: budget, places, gaps closed and total compliance before and after the year's plan."""
        rows = []
        for y in self.years:
            p = self.plans[y]
            s = p.summary()
            s.pop("unmet_by_reason")
            c = p.projected_compliance("agency")
            req = int(c["requirements"].sum())
            s["compliance_rate"] = 1.0 - c["overdue"].sum() / req if req else 1.0
            s["compliance_rate_after"] = 1.0 - c["overdue_after"].sum() / req if req else 1.0
            s["met_rate"] = c["met"].sum() / req if req else 1.0
            s["met_rate_after"] = c["met_after"].sum() / req if req else 1.0
            rows.append(s)
        return pd.DataFrame(rows)

    def to_excel(self, path: str | os.PathLike[str]) -> None:
        """Write Summary, Rosters, Unmet and Compliance (by agency and year) sheets (needs ``openpyxl``)."""
        to_excel(
            {"Summary": self.summary(), "Rosters": self.rosters, "Unmet": self.unmet, "Compliance": self.compliance()},
            path,
        )

    def to_csv(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write ``summary.csv``, ``rosters.csv``, ``unmet.csv`` and ``compliance.csv`` in ``folder``."""
        return to_csv(
            {"summary": self.summary(), "rosters": self.rosters, "unmet": self.unmet, "compliance": self.compliance()},
            folder,
        )


def _plan_year(
    model: Any,
    year: int,
    budget: int,
    sessions: pd.DataFrame | Sequence[dict[str, Any]],
    r: Rules,
    *,
    as_of: Any = None,
    max_days_away: float = 30,
    vnd_per_km: float = 3000,
    per_diem: int = 0,
    optional_weight: float = 0.5,
    overdue_weight: float = 2.0,
    leader_weight: float = 1.5,
    fairness_floor: float = 0.2,
    fairness_bonus: float = 1.0,
    sessions_per_course: int = 0,
    improve_rounds: int = -1,
    seed: int = 1,
    threads: int = 0,
    exact: bool | str = "auto",
    exact_time_limit: float = 10.0,
) -> TrainingPlan:
    """One year of :func:`plan`."""
    s = pd.DataFrame(list(sessions) if not isinstance(sessions, pd.DataFrame) else sessions).copy()
    need = ["course", "start", "end", "place", "seats", "cost_per_seat"]
    if len(s) == 0 and len(s.columns) == 0:  # no sessions this year
        s = pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c in ("start", "end") else object) for c in need})
        s["seats"] = s["seats"].astype(np.int32)
        s["cost_per_seat"] = s["cost_per_seat"].astype(np.int64)
    missing = [c for c in need if c not in s.columns]
    if missing:
        raise Error(f"sessions: missing columns {missing}")
    if "session" not in s.columns:
        s["session"] = np.arange(len(s))
    s["start"] = pd.to_datetime(s["start"]).dt.normalize()
    s["end"] = pd.to_datetime(s["end"]).dt.normalize()
    s = s[s["start"].dt.year == int(year)].reset_index(drop=True)
    as_of_s = str(pd.Timestamp(as_of).date()) if as_of is not None else f"{int(year)}-01-01"
    course = _codes_to_index(s["course"], model._codes("courses"), "course")
    place = _codes_to_index(s["place"], model._codes("agencies"), "place agency")
    start = ((s["start"].to_numpy().astype("datetime64[D]") - _EPOCH).astype(np.int64)).astype(np.int32)
    end = ((s["end"].to_numpy().astype("datetime64[D]") - _EPOCH).astype(np.int64)).astype(np.int32)
    opts = {
        "as_of": _day(as_of_s),
        "budget": _args.integer("budget", budget, 0, _args.MAX_VND),
        "max_days_away": float(max_days_away),
        "vnd_per_km": float(vnd_per_km),
        "per_diem": _args.integer("per_diem", per_diem, 0, _args.MAX_VND),
        "optional_weight": float(optional_weight),
        "overdue_weight": float(overdue_weight),
        "leader_weight": float(leader_weight),
        "fairness_floor": float(fairness_floor),
        "fairness_bonus": float(fairness_bonus),
        "sessions_per_course": _args.integer("sessions_per_course", sessions_per_course, 0, 2**31 - 1),
        "improve_rounds": _args.integer("improve_rounds", improve_rounds, -1, 2**31 - 1),
        "seed": _args.integer("seed", seed),
        "threads": _args.integer("threads", threads, 0, 2**31 - 1),
    }
    inst, res = _core.training_plan(
        model._core,
        r._core,
        course,
        start,
        end,
        place,
        s["seats"].to_numpy().astype(np.int32),
        s["cost_per_seat"].to_numpy().astype(np.int64),
        opts,
    )
    solver, bound, gap_pct, status = "heuristic", None, None, None
    cols = inst.columns()
    # candidates = Σ over items of the sessions with seats of the item's course (at most sessions_per_course)
    seats = s["seats"].to_numpy()
    per_course = np.bincount(course[seats > 0], minlength=len(model._codes("courses")))
    per_item = per_course[np.asarray(cols["item_course"], dtype=np.int64)]
    if opts["sessions_per_course"] > 0:
        per_item = np.minimum(per_item, opts["sessions_per_course"])
    cands = _exact_candidates(inst, exact, exact_time_limit, int(per_item.sum()))
    if cands is not None:
        from cchc.training._exact import solve_exact

        heur = (np.asarray(res["chosen_person"]), np.asarray(res["chosen_session"]))
        ex = solve_exact(inst, time_limit=float(exact_time_limit), start=heur, candidates=cands)
        status = ex["status"]
        if ex["objective"] > res["objective"] + 1e-9 * max(1.0, abs(res["objective"])):
            better = inst.result(ex["person"], ex["session"])  # re-checks every constraint, recosts
            better["greedy_objective"], better["rounds"] = res["greedy_objective"], res["rounds"]
            res, solver = better, "highs"
        if np.isfinite(ex["bound"]):  # not when HiGHS stopped before its first bound
            bound = max(float(ex["bound"]), float(res["objective"]))  # below a feasible plan: round-off
            gap_pct = 100.0 * (bound - res["objective"]) / bound if bound > 0 else 0.0
    cp = np.asarray(res["chosen_person"])
    cs = np.asarray(res["chosen_session"])
    people = model._dtype("people")
    agencies = model._dtype("agencies")
    person_agency = np.asarray(_core.training_person_agency(model._core))
    rosters = pd.DataFrame(
        {
            "session": s["session"].to_numpy()[cs],
            "course": s["course"].to_numpy()[cs],
            "start": s["start"].to_numpy()[cs],
            "end": s["end"].to_numpy()[cs],
            "place": s["place"].to_numpy()[cs],
            "person": _cat(cp, people),
            "agency": _cat(person_agency[cp], agencies),
            "cost": np.asarray(res["chosen_cost"]),
        }
    )
    rosters = rosters.sort_values(["start", "session", "person"], kind="stable").reset_index(drop=True)
    info = r.to_pandas()
    gr = np.asarray(cols["gap_rule"])
    reasons = np.asarray(res["gap_reason"])
    gap_df = pd.DataFrame(
        {
            "person": _cat(cols["gap_person"], people),
            "agency": _cat(cols["gap_agency"], agencies),
            "requirement": pd.Categorical.from_codes(gr, categories=list(info["code"])),
            "mandatory": info["mandatory"].to_numpy()[gr],
            "overdue": np.asarray(cols["gap_overdue"]).astype(bool),
            "due": _dates(cols["gap_due"]),
            "missing_periods": np.asarray(cols["gap_missing"]),
            "weight": np.asarray(cols["gap_weight"]),
            "closed": np.asarray(res["gap_closed"]),
            "reason": pd.Categorical.from_codes(reasons, categories=_core.TRAINING_UNMET_REASONS),
        }
    )
    return TrainingPlan(
        year=int(year),
        as_of=as_of_s,
        rosters=rosters,
        gaps=gap_df,
        budget=int(budget),
        budget_used=int(res["budget_used"]),
        objective=float(res["objective"]),
        greedy_objective=float(res["greedy_objective"]),
        gaps_closed=int(res["gaps_closed"]),
        rounds=int(res["rounds"]),
        options=opts,
        solver=solver,
        bound=bound,
        gap_pct=gap_pct,
        exact_status=status,
        _model=model,
        _rules=r,
        _instance=inst,
        _chosen=(cp.astype(np.int32), cs.astype(np.int32)),
        _sessions=s,
    )


# ---------------------------------------------------------------------------
# Exports and plots


def to_excel(frames: dict[str, pd.DataFrame] | pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write one or several DataFrames (sheet name → frame) to an ``.xlsx`` file with ``openpyxl``.

    Categoricals become text, dates ``YYYY-MM-DD``; the header row is frozen; text is never a
    formula; the save is atomic (see :func:`cchc._files.write_excel`).

    Examples
    --------
    >>> cchc.training.to_excel(cchc.training.gaps(m, "2021-06-30"), "gaps.xlsx")  # doctest: +SKIP
    """
    write_excel({"Sheet1": frames} if isinstance(frames, pd.DataFrame) else frames, path)


def to_csv(frames: dict[str, pd.DataFrame], folder: str | os.PathLike[str]) -> list[Path]:
    """Write each frame to ``folder/<name>.csv`` for a spreadsheet (UTF-8 with BOM so Excel shows
    Vietnamese; text starting with ``=``, ``+``, ``-`` or ``@`` prefixed with ``'`` so it cannot run as a
    formula, see :func:`cchc._files.write_csv`); returns the paths."""
    folder = Path(fspath(folder))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, df in frames.items():
        p = folder / f"{name}.csv"
        write_csv(df, p, spreadsheet=True, date_format="%Y-%m-%d")
        paths.append(p)
    return paths


def plot_compliance(
    table: pd.DataFrame,
    *,
    by: str = "agency",
    rate: str = "compliance_rate",
    top: int = 30,
    ax: Any = None,
    names: dict[str, str] | None = None,
) -> Any:
    """Horizontal bars of a compliance rate by group (the ``top`` least compliant first), from :func:`compliance`.

    Each bar carries its rate; a group at 0% is marked at the axis, so it is never a missing bar.

    Examples
    --------
    >>> ax = cchc.training.plot_compliance(cchc.training.compliance(m, "2021-06-30"))  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    df = table[table["requirements"] > 0].sort_values(rate).head(top)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(2.5, 0.28 * len(df) + 1)))
    labels = df[by].astype(str)
    if names:
        labels = labels.map(lambda c: names.get(c, c))
    hbars(ax, list(labels), 100 * df[rate].to_numpy(dtype=float), fmt=lambda v: f"{v:.0f}%", xlim=(0, 100))
    ax.set_xlabel(literal(f"{rate.replace('_', ' ')} (%)"))
    ax.set_title(literal(f"Training compliance by {by} (least compliant {len(df)})"))
    return ax
