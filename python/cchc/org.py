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
from typing import Any

import numpy as np
import pandas as pd

from cchc import _core
from cchc.model import Model

__all__ = ["OrgAnalysis", "analyze", "plot_org_chart"]


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
    chair_codes = pd.Series(_codes(model, "agencies", tc["chair_agency"]), dtype=object)
    joined = chair_codes.groupby(tc["chair_task"]).agg(", ".join) if len(chair_codes) else pd.Series(dtype=object)
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
            ax.annotate(name[c], (pos[c][0], -pos[c][1]), fontsize=7, rotation=30, ha="left", va="bottom")
    ax.figure.colorbar(sc, ax=ax, label=color_by)
    ax.set_axis_off()
    return ax
