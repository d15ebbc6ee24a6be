"""Organisation analysis (tổ chức bộ máy): chairs, overlaps, intermediate units, staffing.

The province's reform plan asks for a leaner apparatus: fewer intermediate
units, no overlapping functions, "one task is chaired by exactly one
organisation" (others may coordinate) and staffing quotas (biên chế) used
economically. :func:`analyze` finds the problems in a structure at a date; the
counting runs in C++.

Examples
--------
>>> import cchc
>>> a = cchc.org.analyze(cchc.datasets.lai_chau_2021())
>>> a.chair_conflicts[["task", "chairs", "chair_agencies"]].head()  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cchc import _core
from cchc._plot import literal
from cchc.model import Model

if TYPE_CHECKING:
    from cchc.cost import CostParams, CostReport
    from cchc.scenario import Scenario

__all__ = ["Impact", "OrgAnalysis", "Restructured", "analyze", "impact", "plot_org_chart", "restructure"]


def _as_of(model: Model, as_of: str | date | None) -> str:
    if as_of is None:
        return model.as_of or date.today().isoformat()
    return as_of.isoformat() if isinstance(as_of, date) else str(as_of)


def _codes(model: Model, table: str, index: np.ndarray) -> np.ndarray:
    return np.asarray(model._codes(table), dtype=object)[index]


@dataclass
class OrgAnalysis:
    """What :func:`analyze` found; every attribute is a DataFrame.

    Attributes
    ----------
    as_of : str
        The date analysed.
    tasks : DataFrame
        Every task valid on the date with its number of chairs and coordinators and a ``status``:
        ``ok``, ``no chair``, ``coordinate only`` or ``several chairs``.
    chair_conflicts : DataFrame
        Tasks whose status is not ``ok`` (the rule: exactly one chair).
    overlaps : DataFrame
        Pairs of agencies with similar task sets (Jaccard similarity), with the shared task codes.
    structure : DataFrame
        One row per agency valid on the date: depth, span of control (children), descendants,
        ``pass_through`` (a single child that has children of its own: an intermediate layer), people
        serving, leaders and deputies, procedures implemented and annual dossiers.
    intermediate_units : DataFrame
        The pass-through rows of ``structure``.
    staffing : DataFrame
        Quota (civil servants + public employees) vs recorded headcount and people serving, per agency.
    procedures_by_level : DataFrame
        Procedures implemented and annual dossiers by agency level and kind.
    """

    as_of: str
    tasks: pd.DataFrame
    chair_conflicts: pd.DataFrame
    overlaps: pd.DataFrame
    structure: pd.DataFrame
    intermediate_units: pd.DataFrame
    staffing: pd.DataFrame
    procedures_by_level: pd.DataFrame
    _summary: dict[str, Any] = field(default_factory=dict, repr=False)

    def summary(self) -> dict[str, Any]:
        """Headline counts: conflicts by kind, overlapping pairs, intermediate units, depth, quota use."""
        return dict(self._summary)

    def __repr__(self) -> str:
        s = self._summary
        return (
            f"<OrgAnalysis as of {self.as_of}: {s['tasks_without_chair']} tasks without a chair, "
            f"{s['tasks_with_several_chairs']} with several, {s['intermediate_units']} intermediate units, "
            f"max depth {s['max_depth']}>"
        )


def analyze(model: Model, as_of: str | date | None = None, *, overlap_top: int = 50,
            overlap_chair_only: bool = False, min_shared: int = 1) -> OrgAnalysis:
    """Analyse the organisation valid on ``as_of`` (default: the model's ``as_of``).

    Parameters
    ----------
    model : Model
    as_of : str or date, optional
        ``"YYYY-MM-DD"``. Agencies and task assignments outside their validity are ignored.
    overlap_top : int
        Number of most similar agency pairs to return (0: all).
    overlap_chair_only : bool
        Compare chaired tasks only (default: chaired and coordinated).
    min_shared : int
        Minimum number of shared tasks for a pair to count as overlapping.

    Returns
    -------
    OrgAnalysis
    """
    day = _as_of(model, as_of)
    core = model._core
    agencies = model.agencies.to_pandas()
    tasks = model.tasks.to_pandas()

    tc = _core.org.task_chairs(core, day)
    task_rows = tasks.iloc[tc["task"]][["code", "name", "field"]].reset_index(drop=True)
    task_rows.insert(0, "task", task_rows.pop("code"))
    task_rows["chairs"] = tc["chairs"]
    task_rows["coordinators"] = tc["coordinators"]
    # Chair codes per task, joined; a Python loop only over the (few) tasks with several chairs.
    chair_codes = _codes(model, "agencies", tc["chair_agency"])
    ct = np.asarray(tc["chair_task"])
    starts = np.flatnonzero(np.r_[True, ct[1:] != ct[:-1]]) if len(ct) else np.zeros(0, dtype=np.int64)
    joined = pd.Series(chair_codes[starts], index=ct[starts], dtype=object)
    counts = np.diff(np.r_[starts, len(ct)])
    for i in np.flatnonzero(counts > 1):
        joined.iloc[i] = ", ".join(chair_codes[starts[i]:starts[i] + counts[i]])
    task_rows["chair_agencies"] = joined.reindex(tc["task"]).fillna("").to_numpy()
    status = np.select(
        [task_rows["chairs"] == 1, (task_rows["chairs"] == 0) & (task_rows["coordinators"] > 0),
         task_rows["chairs"] == 0],
        ["ok", "coordinate only", "no chair"], default="several chairs")
    task_rows["status"] = pd.Categorical(status, categories=["ok", "no chair", "coordinate only", "several chairs"])
    conflicts = task_rows[task_rows["status"] != "ok"].reset_index(drop=True)

    ov = _core.org.overlaps(core, day, overlap_chair_only, min_shared, 0.0, overlap_top)
    task_codes = np.asarray(model._codes("tasks"), dtype=object)
    names = agencies["name"].to_numpy(dtype=object)
    overlaps = pd.DataFrame({
        "agency_a": _codes(model, "agencies", ov["a"]),
        "name_a": names[ov["a"]],
        "agency_b": _codes(model, "agencies", ov["b"]),
        "name_b": names[ov["b"]],
        "shared": ov["shared"],
        "jaccard": ov["jaccard"],
        "shared_chaired": ov["shared_chaired"],
        "shared_tasks": [list(task_codes[t]) for t in ov["shared_tasks"]],
    })

    st = _core.org.structure(core, day)
    structure = agencies.iloc[st["agency"]][["code", "name", "kind", "level", "parent"]].reset_index(drop=True)
    structure.insert(0, "agency", structure.pop("code"))
    for col in ("depth", "children", "descendants", "pass_through", "people", "leaders", "deputies", "procedures",
                "annual_dossiers"):
        structure[col] = st[col]
    intermediate = structure[structure["pass_through"]].reset_index(drop=True)

    staff = agencies.iloc[st["agency"]][["code", "name", "kind", "level", "quota_civil_servants",
                                         "quota_public_employees", "headcount"]].reset_index(drop=True)
    staff.insert(0, "agency", staff.pop("code"))
    staff["quota"] = staff["quota_civil_servants"].astype("int64") + staff["quota_public_employees"]
    staff["people"] = st["people"]
    staff["vacancies"] = (staff["quota"] - staff["headcount"]).clip(lower=0)
    staff["over_quota"] = (staff["headcount"] - staff["quota"]).where(staff["quota"] > 0, 0).clip(lower=0)
    staff["use_pct"] = np.where(staff["quota"] > 0, 100.0 * staff["headcount"] / staff["quota"].where(
        staff["quota"] > 0, 1), np.nan)

    by_level = (structure.groupby(["level", "kind"], observed=True)
                .agg(units=("agency", "size"), procedures=("procedures", "sum"),
                     annual_dossiers=("annual_dossiers", "sum"))
                .reset_index())
    by_level = by_level[by_level["units"] > 0].reset_index(drop=True)

    quota_total = int(staff["quota"].sum())
    summary = {
        "as_of": day,
        "tasks": len(task_rows),
        "tasks_without_chair": int((task_rows["status"] == "no chair").sum()),
        "tasks_coordinate_only": int((task_rows["status"] == "coordinate only").sum()),
        "tasks_with_several_chairs": int((task_rows["status"] == "several chairs").sum()),
        "overlapping_pairs": int((overlaps["shared"] >= min_shared).sum()),
        "units": len(structure),
        "intermediate_units": len(intermediate),
        "max_depth": int(structure["depth"].max()) if len(structure) else 0,
        "mean_span_of_control": float(structure.loc[structure["children"] > 0, "children"].mean())
        if (structure["children"] > 0).any() else 0.0,
        "quota": quota_total,
        "headcount": int(staff["headcount"].sum()),
        "units_over_quota": int((staff["over_quota"] > 0).sum()),
    }
    return OrgAnalysis(day, task_rows, conflicts, overlaps, structure, intermediate, staff, by_level, summary)


def plot_org_chart(model: Model, root: str | None = None, *, as_of: str | date | None = None,
                   color_by: str = "people", max_depth: int | None = 3, ax: Any = None,
                   labels: bool = True) -> Any:
    """Draw the agency tree (tidy tree layout), nodes coloured by a column of :attr:`OrgAnalysis.structure`.

    Parameters
    ----------
    root : str, optional
        Agency code to start from (default: every root).
    color_by : str
        A numeric column of ``analyze(model).structure``, e.g. ``"people"``, ``"children"``,
        ``"annual_dossiers"``.
    max_depth : int, optional
        Levels below the root to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    st = analyze(model, as_of, overlap_top=1).structure
    codes = st["agency"].tolist()
    row = {c: i for i, c in enumerate(codes)}
    children: dict[str, list[str]] = {c: [] for c in codes}
    roots = []
    for code, parent in zip(codes, st["parent"].astype(object), strict=True):
        if isinstance(parent, str) and parent in children:
            children[parent].append(code)
        else:
            roots.append(code)
    if root is not None:
        model.agencies[root]  # raises ReferenceError naming close codes
        roots = [root]
    pos: dict[str, tuple[float, int]] = {}
    next_x = [0.0]

    def place(code: str, depth: int) -> float:
        kids = children[code] if max_depth is None or depth < max_depth else []
        if not kids:
            x = next_x[0]
            next_x[0] += 1.0
        else:
            xs = [place(k, depth + 1) for k in kids]
            x = (xs[0] + xs[-1]) / 2
        pos[code] = (x, depth)
        return x

    for r in roots:
        place(r, 0)
    if ax is None:
        _, ax = plt.subplots(figsize=(min(24, 2 + 0.25 * next_x[0]), 2 + 1.5 * (max(d for _, d in pos.values()) + 1)))
    for code, (x, d) in pos.items():
        for k in children[code]:
            if k in pos:
                ax.plot([x, pos[k][0]], [-d, -pos[k][1]], color="0.75", lw=0.6, zorder=1)
    drawn = list(pos)
    values = st[color_by].to_numpy(dtype=float)[[row[c] for c in drawn]]
    sc = ax.scatter([pos[c][0] for c in drawn], [-pos[c][1] for c in drawn], c=values, cmap="viridis", s=40,
                    zorder=2)
    if labels and len(drawn) <= 60:
        name = dict(zip(st["agency"], st["name"], strict=True))
        for c in drawn:
            ax.annotate(literal(name[c]), (pos[c][0], -pos[c][1]), fontsize=7, rotation=30, ha="left", va="bottom")
    ax.figure.colorbar(sc, ax=ax, label=color_by)
    ax.set_axis_off()
    return ax


# ---------------------------------------------------------------------------
# Restructuring and its impact


@dataclass
class Restructured:
    """A restructured model and what each action did.

    Attributes
    ----------
    model : Model
        The model holding both states: analyse it with ``as_of`` before or after the dates.
    log : DataFrame
        One row per event: ``action`` (index), ``kind`` (``created``, ``merged``, ``ended``,
        ``kept``, ``reparented``, ``people_moved``, ``people_left``, ``task_transferred``,
        ``task_split``, ``role_upgraded``, ``chair_resolved``, ``chair_conflict``, ``renamed``),
        ``agency``, ``other`` (survivor, target or chair kept), ``task``, ``detail``.
    """

    model: Model
    log: pd.DataFrame

    @property
    def chair_decisions(self) -> pd.DataFrame:
        """Chair conflicts resolved by the rule or reported."""
        return self.log[self.log["kind"].isin(["chair_resolved", "chair_conflict"])].reset_index(drop=True)


def restructure(model: Model, scenario: Scenario) -> Restructured:
    """Apply a scenario with restructuring actions and return the model with the log.

    Same result as ``model.apply(scenario)``, plus the log. The merged unit's
    ``travel_km`` (mean one-way distance to its desk) is derived, not measured:
    a resident of merged unit *i* lives on average *dᵢ* from the old seat; the new
    seat is the seat unit *s*'s (``seat`` in a mapping, else the survivor or the most
    populous unit); adjacent seats are about *L = 1.5 (dᵢ + dₛ)* apart (a unit
    modelled as a disc, whose mean distance to the centre is 2/3 of the radius),
    times ``seat_distance_factor``; the resident's new distance is about
    √(dᵢ² + L²); the unit's value is the population-weighted mean.

    Examples
    --------
    >>> r = cchc.org.restructure(m, cchc.Scenario().merge_units(["A", "B"], into="A"))  # doctest: +SKIP
    >>> r.log.head()  # doctest: +SKIP
    """
    from cchc.scenario import Scenario as _Scenario

    if not isinstance(scenario, _Scenario):
        raise TypeError(f"expected a cchc.Scenario, got {type(scenario).__name__}")
    core, log = _core.restructure(model._core, scenario.to_json(indent=None))
    return Restructured(Model(core), pd.DataFrame(log))


@dataclass
class Impact:
    """Before/after comparison of a restructuring (see :func:`impact`).

    Attributes
    ----------
    summary : DataFrame
        ``metric``, ``before``, ``after``, ``change``, ``change_pct``.
    by_level : DataFrame
        Per level: units, territorial units, quota, headcount, people serving, procedures
        implemented (distinct) and annual dossiers, before and after.
    travel : DataFrame
        Per level of territorial unit: population-weighted mean distance to the desk
        (km), before and after.
    cost_before, cost_after : CostReport
        The cost engine on each model (travel is one of its components).
    """

    summary: pd.DataFrame
    by_level: pd.DataFrame
    travel: pd.DataFrame
    cost_before: CostReport
    cost_after: CostReport

    def __repr__(self) -> str:
        rows = self.summary.set_index("metric")
        return "<Impact\n" + rows.to_string() + ">"


def _level_table(model: Model, a: OrgAnalysis) -> pd.DataFrame:
    st = a.structure
    staff = a.staffing
    df = pd.DataFrame({"level": st["level"].astype(str), "kind": st["kind"].astype(str),
                       "quota": staff["quota"].to_numpy(), "headcount": staff["headcount"].to_numpy(),
                       "people": st["people"].to_numpy(), "annual_dossiers": st["annual_dossiers"].to_numpy()})
    df["territorial"] = df["kind"].str.endswith("people_committee")
    out = df.groupby("level").agg(units=("kind", "size"), territorial_units=("territorial", "sum"),
                                  quota=("quota", "sum"), headcount=("headcount", "sum"), people=("people", "sum"),
                                  annual_dossiers=("annual_dossiers", "sum"))
    # Distinct procedures implemented at each level (volumes at agencies valid on the date).
    vol = model.procedures.volumes.to_pandas()
    level_of = pd.Series(st["level"].astype(str).to_numpy(), index=st["agency"].to_numpy())
    lv = level_of.reindex(vol["agency"].astype(str).to_numpy()).to_numpy()
    counts = (pd.DataFrame({"level": lv, "procedure": vol["procedure"].astype(str).to_numpy()}).dropna()
              .groupby("level")["procedure"].nunique())
    out["procedures"] = counts.reindex(out.index).fillna(0).astype("int64")
    return out


def _travel(model: Model, as_of: str) -> pd.Series:
    ag = model.agencies.to_pandas()
    day = np.datetime64(as_of)
    vf = pd.to_datetime(ag["valid_from"]).to_numpy(dtype="datetime64[D]")
    vt = pd.to_datetime(ag["valid_to"]).to_numpy(dtype="datetime64[D]")
    ok = (np.isnat(vf) | (vf <= day)) & (np.isnat(vt) | (vt >= day))
    ok &= ag["kind"].astype(str).str.endswith("people_committee").to_numpy() & (ag["population"].to_numpy() > 0)
    t = ag[ok]
    w = t["population"].astype(float)
    return (t["travel_km"] * w).groupby(t["level"].astype(str)).sum() / w.groupby(t["level"].astype(str)).sum()


def impact(before: Model, after: Model, as_of_before: str | date | None = None, as_of_after: str | date | None = None,
           *, params: CostParams | None = None) -> Impact:
    """Compare two states: units, intermediate units, quotas, procedures per level, travel and cost.

    ``before`` and ``after`` may be the same model (a restructured model holds both
    states) analysed at two dates. Procedures, volumes and people in format v1 hold
    one state per model, so compare two models (e.g. ``lai_chau_2021()`` and
    ``lai_chau_2025()``) for volumes, cost and travel.

    Examples
    --------
    >>> imp = cchc.org.impact(cchc.datasets.lai_chau_2021(), cchc.datasets.lai_chau_2025())  # doctest: +SKIP
    >>> imp.summary  # doctest: +SKIP
    """
    from cchc.cost import compliance_cost

    d0, d1 = _as_of(before, as_of_before), _as_of(after, as_of_after)
    a0, a1 = analyze(before, d0, overlap_top=1), analyze(after, d1, overlap_top=1)
    l0, l1 = _level_table(before, a0), _level_table(after, a1)
    by_level = l0.add_suffix("_before").join(l1.add_suffix("_after"), how="outer").fillna(0)
    order = [lv for lv in ("central", "province", "district", "commune") if lv in by_level.index]
    by_level = by_level.loc[order]
    c0 = compliance_cost(before, params=params)
    c1 = compliance_cost(after, params=params)
    b0, b1 = c0.breakdown("before"), c1.breakdown("before")
    t0 = float((b0["travel"] * b0["Q"]).sum())
    t1 = float((b1["travel"] * b1["Q"]).sum())
    km0, km1 = _travel(before, d0), _travel(after, d1)
    travel = pd.DataFrame({"km_before": km0, "km_after": km1}).reindex(
        [lv for lv in ("province", "district", "commune") if lv in set(km0.index) | set(km1.index)])
    travel["change_km"] = travel["km_after"] - travel["km_before"]
    s0, s1 = a0.summary(), a1.summary()

    def lv(table: pd.DataFrame, level: str, col: str) -> float:
        return float(table[col].get(level, 0))

    rows = [
        ("units", s0["units"], s1["units"]),
        ("district-level units", lv(l0, "district", "territorial_units"), lv(l1, "district", "territorial_units")),
        ("commune-level units", lv(l0, "commune", "territorial_units"), lv(l1, "commune", "territorial_units")),
        ("intermediate units", s0["intermediate_units"], s1["intermediate_units"]),
        ("max depth", s0["max_depth"], s1["max_depth"]),
        ("quota", s0["quota"], s1["quota"]),
        ("headcount", s0["headcount"], s1["headcount"]),
        ("tasks", s0["tasks"], s1["tasks"]),
        ("tasks without one chair", s0["tasks_without_chair"] + s0["tasks_coordinate_only"]
         + s0["tasks_with_several_chairs"], s1["tasks_without_chair"] + s1["tasks_coordinate_only"]
         + s1["tasks_with_several_chairs"]),
        *[(f"procedures at {lev} level", lv(l0, lev, "procedures"), lv(l1, lev, "procedures"))
          for lev in ("province", "district", "commune")],
        ("commune desk distance (km)", float(km0.get("commune", np.nan)), float(km1.get("commune", np.nan))),
        ("annual vehicle cost of trips (VND)", t0, t1),
        ("annual compliance cost (VND)", c0.before, c1.before),
    ]
    summary = pd.DataFrame(rows, columns=["metric", "before", "after"])
    summary["before"] = summary["before"].astype(float)
    summary["after"] = summary["after"].astype(float)
    summary["change"] = summary["after"] - summary["before"]
    summary["change_pct"] = np.where(summary["before"] != 0, 100 * summary["change"] / summary["before"].where(
        summary["before"] != 0, 1), np.nan)
    return Impact(summary, by_level, travel, c0, c1)
