"""Scorecards (bộ chỉ số): PAR-Index-style and service-index scoring.

A scorecard *pack* is a criteria tree held as data (JSON): areas, criteria and
sub-criteria, each with its maximum points (``max``) or a ``weight`` (its share
of what its parent's explicitly-maxed children leave), and on every leaf an
``indicator`` and a scoring ``rule``. Packs are validated on load: every
problem is reported with its JSON pointer. Two packs ship with cchc:

- ``"par_index"``: the provincial PAR Index (Chỉ số cải cách hành chính, Decision
  876/QĐ-BNV, 2022): 8 areas, 100 points of which 32 from the sociological survey,
  bands A ≥ 90, B 80–90, C 70–80 (and cchc's D below). The per-area maxima are *unconfirmed*;
  cchc's defaults are direction 10, institutions 9, procedures 13, apparatus 9, civil service 13,
  public finance 8, e-/digital government 13, impact 25, with survey points 2, 2, 4, 3, 4, 2, 4, 11.
  Change them with :meth:`Pack.with_max` (or edit the JSON): the pack re-validates.
- ``"service_index"``: the service index of Decision 766/QĐ-TTg (2022): transparency 18,
  progress (on time) 20, digitisation 22, online service 22, satisfaction 18 = 100.

Rules: ``linear`` (value ``from`` → 0, ``to`` → max, clipped; ``to < from`` when lower is
better), ``steps`` (best first: ``{"at": 0.95, "share": 1}``, …, ``lower_is_better``), ``direct``
(points = value / ``scale`` × max; without ``scale`` the value is points) and ``boolean``.
A leaf without a rule scores ``linear 0 → 1`` (computed indicators) or ``direct`` (``input``).

Indicators computed from the model and the results passed (:data:`INDICATORS`), per unit over
the unit's subtree of agencies; every leaf whose indicator is ``"input"`` takes a manual value
(self-assessment, survey score) from ``inputs``, keyed by the leaf's id. An input for a computed
leaf overrides the computed value. The scoring runs in C++; totals are sums of their parts.

Examples
--------
>>> m = cchc.datasets.lai_chau_2021()
>>> sc = cchc.scorecard(m, pack="par_index", inputs="inputs.csv")        # doctest: +SKIP
>>> sc.scores[["unit", "total", "band"]]                                    # doctest: +SKIP
>>> cchc.scorecard(m, pack="service_index", units="agencies").ranking()  # doctest: +SKIP
"""

from __future__ import annotations

import copy
import json
import os
import sys
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import _core
from cchc.errors import Error
from cchc.model import Model

__all__ = ["INDICATORS", "PACKS", "Pack", "Scorecard", "indicators", "load_pack", "read_inputs", "scorecard"]

_PACK_DIR = Path(__file__).parent / "packs"
#: Packs shipped with cchc, by name.
PACKS: dict[str, Path] = {"par_index": _PACK_DIR / "par_index.json", "service_index": _PACK_DIR / "service_index.json"}

#: Indicators computed by :func:`indicators`, with what they measure and where they come from.
INDICATORS: dict[str, str] = {
    "share_full_online": "share of the unit's procedures with full online service (toàn trình), from the model",
    "share_online": "share of the unit's procedures with partial or full online service, from the model",
    "share_simplified": "share of the unit's procedures changed, merged or abolished by the scenario "
                        "(results['cost'], a CostReport, or results['scenario'])",
    "cost_cut": "compliance cost saving ÷ cost before, over the unit's procedures (results['cost'] or ['scenario'])",
    "on_time_rate": "share of finished dossiers on time (results['simulation'], a SimResult, or "
                    "results['on_time_rate'], a number or per-agency mapping of recorded rates)",
    "training_compliance": "1 − overdue ÷ applicable training requirements (cchc.training.compliance; "
                           "results['training'] to pass a table)",
    "chair_conflicts": "tasks breaking 'one task, one chair' (cchc.org.analyze): for the province every "
                       "conflict, for a unit the tasks with several chairs among which the unit's subtree",
    "over_quota": "headcount above the staffing quota (biên chế) ÷ quota over the subtree (0 when within)",
    "intermediate_units": "pass-through (intermediate) units in the subtree (cchc.org.analyze)",
    "inspection_coverage": "smallest share of a stratum planned for inspection in the plan's year "
                           "(results['inspection'], an InspectionPlan); province only",
}


# ---------------------------------------------------------------------------
# Packs


class Pack:
    """A validated scorecard pack (criteria tree, maxima, rules, bands).

    Build with :func:`load_pack`. ``tree`` lists the nodes in pre-order with their resolved maxima.
    """

    def __init__(self, doc: dict[str, Any], source: str = "<scorecard>") -> None:
        self._doc = doc
        self._core = _core.scorecard.Pack(json.dumps(doc, ensure_ascii=False), source)
        nodes = pd.DataFrame(self._core.nodes())
        unknown = [(p, i) for p, i, leaf in zip(nodes["pointer"], nodes["indicator"], nodes["parent"] >= 0, strict=True)
                   if leaf and i and i != "input" and i not in INDICATORS]
        if unknown:
            from cchc.errors import Problem, ValidationError

            problems = [Problem(f"{p}/indicator", f"unknown indicator {i!r} (use input or one of: "
                                                  f"{', '.join(INDICATORS)})") for p, i in unknown]
            raise ValidationError(f"{source}: {len(problems)} problem(s) in the scorecard pack", problems, source)
        parent = nodes["parent"].to_numpy()
        depth = np.zeros(len(nodes), dtype=int)
        for i in range(1, len(nodes)):  # pre-order: the parent's depth is known
            depth[i] = depth[parent[i]] + 1
        nodes["depth"] = depth
        nodes["parent_id"] = np.where(parent >= 0, nodes["id"].to_numpy()[np.maximum(parent, 0)], "")
        nodes["leaf"] = False
        nodes.loc[self._core.leaves(), "leaf"] = True
        self.tree: pd.DataFrame = nodes
        self.leaves: list[int] = list(self._core.leaves())

    @property
    def id(self) -> str:
        return str(self._core.id)

    @property
    def name(self) -> str:
        return str(self._core.name)

    @property
    def unit(self) -> str:
        """What one score row is by default: ``"province"`` or ``"agency"``."""
        return str(self._core.unit)

    @property
    def max(self) -> float:
        return float(self.tree["max"].iloc[0])

    @property
    def bands(self) -> list[tuple[str, float]]:
        return [(str(n), float(v)) for n, v in self._core.bands]

    @property
    def areas(self) -> pd.DataFrame:
        """The top-level criteria (areas) with their maxima."""
        return self.tree[self.tree["depth"] == 1][["id", "name", "max"]].reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._doc)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self._doc, ensure_ascii=False, indent=indent)

    def with_max(self, maxima: Mapping[str, float]) -> Pack:
        """A copy with new maxima for the criteria named by id (e.g. the PAR Index's per-area maxima).

        The copy is validated again: the sub-criteria must still add up (criteria given by
        ``weight`` follow their parent automatically).
        """
        doc = self.to_dict()
        left = dict(maxima)

        def walk(node: dict[str, Any]) -> None:
            for child in node.get("criteria", []):
                if isinstance(child, dict) and child.get("id") in left:
                    child.pop("weight", None)
                    child["max"] = left.pop(child["id"])
                if isinstance(child, dict):
                    walk(child)

        if doc.get("id") in left:
            doc["max"] = left.pop(doc["id"])
        walk(doc)
        if left:
            raise Error(f"with_max: no criterion with id {', '.join(map(repr, left))} in pack {self.id!r}")
        return Pack(doc, f"{self.id} (edited)")

    def __repr__(self) -> str:
        return f"<cchc.scorecard.Pack {self.id}: {len(self.areas)} areas, {len(self.leaves)} criteria, {self.max:g} points>"


def load_pack(pack: str | os.PathLike[str] | Mapping[str, Any] | Pack) -> Pack:
    """A pack by name (``"par_index"``, ``"service_index"``), from a JSON file or string, or a dict.

    Raises
    ------
    cchc.ValidationError
        Listing every problem with its JSON pointer, e.g. ``/criteria/2/criteria/0/rule/to``.
    """
    if isinstance(pack, Pack):
        return pack
    if isinstance(pack, Mapping):
        return Pack(dict(pack))
    text = str(pack)
    if text in PACKS:
        path = PACKS[text]
    elif text.lstrip().startswith("{"):
        return Pack(_parse_json(text, "<string>"), "<string>")
    else:
        path = Path(text)
        if not path.exists():
            raise Error(f"scorecard pack {text!r}: no such file, and not one of {', '.join(PACKS)}")
    return Pack(_parse_json(path.read_bytes(), str(path)), str(path))


def _not_a_number(word: str) -> float:
    raise ValueError(f"{word} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not np.isfinite(value):
        raise ValueError(f"number {text} is out of range (infinite as a double)")
    return value


def _parse_json(text: str | bytes, source: str) -> dict[str, Any]:
    # The C++ reader first: located syntax errors, the nesting limit, UTF-16 named, no NaN or
    # 1e400, nothing after the value; then every problem of the pack. Python's json would
    # accept NaN and raise RecursionError on deep nesting.
    _core.scorecard.Pack(text, source)
    return dict(json.loads(text))


# ---------------------------------------------------------------------------
# Units and indicators


def _scoring_units(model: Model, units: Any, pack_unit: str, as_of: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Units to score (code, name, kind) and, per agency of the model, the row of its unit (-1: none)."""
    from cchc import org
    from cchc.inspection import DEFAULT_STRATA, _unit_of

    agencies = model.agencies.to_pandas()
    valid_codes = set(org.analyze(model, as_of, overlap_top=1).structure["agency"])
    valid = agencies["code"].isin(valid_codes).to_numpy()
    kinds = agencies["kind"].astype(str)
    if units is None:
        units = pack_unit
    if isinstance(units, str) and units == "province":
        # The whole model is one unit, named after its root (the provincial People's Committee).
        roots = agencies[agencies["parent"].isna() & valid]
        top = roots[roots["kind"].astype(str) == "provincial_people_committee"]
        row = (top if len(top) else roots).head(1)
        code = str(row["code"].iloc[0]) if len(row) else "province"
        name = str(row["name"].iloc[0]) if len(row) else model.name
        table = pd.DataFrame({"unit": [code], "name": [name], "kind": ["province"]})
        return table, np.where(valid, 0, -1)
    if isinstance(units, str) and units in ("agency", "agencies"):
        mask = kinds.isin(list(DEFAULT_STRATA)).to_numpy() & valid
    else:
        wanted = [units] if isinstance(units, str) else list(units)
        index = {c: i for i, c in enumerate(agencies["code"])}
        for c in wanted:
            if c not in index:
                model.agencies[c]  # raises cchc.ReferenceError naming close codes
        mask = np.zeros(len(agencies), dtype=bool)
        mask[[index[c] for c in wanted]] = True
    unit_of = _unit_of(agencies, mask)
    unit_of[~valid] = -1
    positions = np.flatnonzero(mask)
    row_of = np.full(len(agencies), -1)
    row_of[positions] = np.arange(len(positions))
    table = pd.DataFrame({"unit": agencies["code"].iloc[positions].to_numpy(),
                          "name": agencies["name"].iloc[positions].to_numpy(),
                          "kind": kinds.iloc[positions].to_numpy()})
    return table, np.where(unit_of >= 0, row_of[np.maximum(unit_of, 0)], -1)


def _sum_by(row_of: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    ok = (row_of >= 0) & ~np.isnan(values)
    return np.bincount(row_of[ok], weights=values[ok], minlength=n)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _per_agency(values: Any, codes: pd.Series) -> np.ndarray:
    if isinstance(values, pd.Series):
        return codes.map(values).to_numpy(dtype=float)
    return codes.map(pd.Series(dict(values), dtype=float)).to_numpy(dtype=float)


def indicators(model: Model, units: Any = "province", results: Mapping[str, Any] | None = None,
               as_of: str | None = None) -> pd.DataFrame:
    """The computed indicators (:data:`INDICATORS`) per unit; NaN where no data reaches the unit.

    Parameters
    ----------
    units : ``"province"``, ``"agencies"`` or list of agency codes
        ``"province"``: one row for the whole model; ``"agencies"``: departments, boards, sectors,
        district and commune People's Committees; a list: those agencies, each over its subtree
        (an agency inside another listed one counts for the nearest).
    results : mapping, optional
        ``"cost"`` (CostReport) or ``"scenario"`` (Scenario), ``"simulation"`` (SimResult) or
        ``"on_time_rate"``, ``"training"`` (a :func:`cchc.training.compliance` table by agency),
        ``"inspection"`` (InspectionPlan), ``"org"`` (OrgAnalysis).
    """
    from cchc import org

    results = dict(results or {})
    unknown = set(results) - {"cost", "scenario", "simulation", "on_time_rate", "training", "inspection", "org"}
    if unknown:
        raise Error(f"scorecard results: unknown key(s) {', '.join(sorted(unknown))} (use cost, scenario, simulation, "
                    "on_time_rate, training, inspection, org)")
    as_of = as_of or model.as_of or None
    analysis = results.get("org") or org.analyze(model, as_of, overlap_top=1)
    as_of = analysis.as_of
    table, row_of = _scoring_units(model, units, "province", as_of)
    n = len(table)
    province = table["kind"].iloc[0] == "province" if n == 1 else False
    agencies = model.agencies.to_pandas()
    codes = agencies["code"]
    position = pd.Series(np.arange(len(agencies)), index=codes.to_numpy())
    out = table.copy()

    # Procedures per unit: the catalogue for the province, else those with volume in the subtree.
    procs = model.procedures.to_pandas()
    online = procs["online_level"].astype(str).to_numpy()
    vol = model.procedures.volumes.to_pandas() if hasattr(model.procedures, "volumes") else None
    if province:
        pairs = pd.DataFrame({"row": 0, "proc": np.arange(len(procs))})
    elif vol is not None and len(vol):
        pcol = "procedure" if "procedure" in vol.columns else vol.columns[0]
        p_idx = position.reindex(vol["agency"].astype(str).to_numpy()).to_numpy()
        proc_pos = pd.Series(np.arange(len(procs)), index=procs["code"].to_numpy())
        pairs = pd.DataFrame({"row": row_of[p_idx.astype(int)],
                              "proc": proc_pos.reindex(vol[pcol].astype(str).to_numpy()).to_numpy()})
        pairs = pairs[pairs["row"] >= 0].drop_duplicates()
    else:
        pairs = pd.DataFrame({"row": pd.Series(dtype=int), "proc": pd.Series(dtype=int)})
    count = np.bincount(pairs["row"], minlength=n).astype(float)
    full = np.bincount(pairs["row"], weights=(online[pairs["proc"]] == "full"), minlength=n)
    anyo = np.bincount(pairs["row"], weights=np.isin(online[pairs["proc"]], ["full", "partial"]), minlength=n)
    out["procedures"] = count.astype(int)
    out["share_full_online"] = _ratio(full, count)
    out["share_online"] = _ratio(anyo, count)

    cost = results.get("cost")
    if cost is None and results.get("scenario") is not None:
        from cchc.cost import compliance_cost

        cost = compliance_cost(model, scenario=results["scenario"])
    if cost is not None:
        bp = cost.by_procedure.set_index("code")
        changed = (bp["status"] != "unchanged").reindex(procs["code"]).fillna(False).to_numpy(dtype=float)
        out["share_simplified"] = _ratio(np.bincount(pairs["row"], weights=changed[pairs["proc"]], minlength=n), count)
        if province:
            out["cost_cut"] = cost.saving_pct / 100.0
        else:
            ba = cost.by_agency
            idx = position.reindex(ba["code"].astype(str).to_numpy()).to_numpy().astype(int)
            r = row_of[idx]
            out["cost_cut"] = _ratio(_sum_by(r, ba["saving"].to_numpy(float), n),
                                     _sum_by(r, ba["annual_before"].to_numpy(float), n))
    else:
        out["share_simplified"] = np.nan
        out["cost_cut"] = np.nan

    sim = results.get("simulation")
    recorded = results.get("on_time_rate")
    if sim is not None:
        if province:
            out["on_time_rate"] = sim.on_time_rate
        else:
            ba = sim.by_agency()
            idx = position.reindex(ba["code"].astype(str).to_numpy()).to_numpy().astype(int)
            fin = ba["finished"].to_numpy(float)
            rate = ba["on_time_rate"].to_numpy(float)
            ok = ~np.isnan(rate)
            r = np.where(ok, row_of[idx], -1)
            out["on_time_rate"] = _ratio(_sum_by(r, np.where(ok, rate * fin, 0.0), n), _sum_by(r, fin, n))
    elif isinstance(recorded, (int, float)):
        out["on_time_rate"] = float(recorded)
    elif recorded is not None:
        rates = _per_agency(recorded, codes)
        out["on_time_rate"] = _ratio(_sum_by(row_of, rates, n), _sum_by(row_of, np.where(np.isnan(rates), np.nan, 1.0), n))
    else:
        out["on_time_rate"] = np.nan

    training = results.get("training")
    if training is None and len(model.people):
        from cchc import training as tr

        training = tr.compliance(model, as_of=as_of, by="agency")
    if training is not None and len(training):
        idx = position.reindex(training["agency"].astype(str).to_numpy()).to_numpy()
        good = ~np.isnan(idx)
        r = np.full(len(training), -1)
        r[good] = row_of[idx[good].astype(int)]
        req = _sum_by(r, training["requirements"].to_numpy(float), n)
        overdue = _sum_by(r, training["overdue"].to_numpy(float), n)
        out["training_compliance"] = np.where(req > 0, 1.0 - overdue / np.where(req > 0, req, 1), np.where(
            _sum_by(r, np.ones(len(training)), n) > 0, 1.0, np.nan))
    else:
        out["training_compliance"] = np.nan

    conflicts = analysis.chair_conflicts
    if province:
        out["chair_conflicts"] = float(len(conflicts))
    else:
        several = conflicts[conflicts["status"] == "several chairs"]
        counts = np.zeros(n)
        for chairs in several["chair_agencies"]:  # one row per conflicting task: few
            rows = {row_of[position[c]] for c in chairs.split(", ") if c in position.index}
            for r in rows - {-1}:
                counts[r] += 1
        out["chair_conflicts"] = counts

    quota = (agencies["quota_civil_servants"].astype(float) + agencies["quota_public_employees"]).to_numpy()
    head = agencies["headcount"].to_numpy(dtype=float)
    q, h = _sum_by(row_of, quota, n), _sum_by(row_of, head, n)
    out["over_quota"] = np.where(q > 0, np.clip(h - q, 0, None) / np.where(q > 0, q, 1), np.nan)
    inter = np.zeros(len(agencies))
    inter[position.reindex(analysis.intermediate_units["agency"]).dropna().to_numpy().astype(int)] = 1
    out["intermediate_units"] = _sum_by(row_of, inter, n)

    plan = results.get("inspection")
    if plan is not None and province:
        st = plan.strata[plan.strata["year"] == plan.year]
        out["inspection_coverage"] = float((st["selected"] / st["units"]).min()) if len(st) else np.nan
    else:
        out["inspection_coverage"] = np.nan
    out.attrs["as_of"] = as_of
    return out


# ---------------------------------------------------------------------------
# Manual inputs


def read_inputs(inputs: Any, pack: Pack | None = None, units: Sequence[str] | None = None) -> pd.DataFrame:
    """Manual inputs (self-assessment, survey scores) as a table ``unit, criterion, value``.

    Accepts a CSV or JSON file, a DataFrame with those columns (``unit`` optional: empty or ``*``
    means every unit), a mapping ``{criterion: value}`` (every unit) or ``{unit: {criterion: value}}``.
    With ``pack`` (and ``units``), unknown criteria (and units) raise :class:`cchc.Error` naming the row.

    Examples
    --------
    A CSV file::

        unit,criterion,value
        *,direction.plan,1
        UBT,impact.survey,0.82
    """
    if inputs is None:
        return pd.DataFrame({"unit": pd.Series(dtype=str), "criterion": pd.Series(dtype=str),
                             "value": pd.Series(dtype=float)})
    source = "inputs"
    if isinstance(inputs, (str, os.PathLike)):
        path = Path(inputs)
        source = str(path)
        if not path.exists():
            raise Error(f"inputs file {source!r} does not exist")
        if path.suffix.lower() == ".json":
            try:
                inputs = json.loads(path.read_bytes(), parse_constant=_not_a_number, parse_float=_finite)
            except (ValueError, RecursionError) as exc:  # syntax, encoding, NaN, 1e400, deep nesting
                raise Error(f"{source}: not valid JSON: {exc}") from exc
        else:
            inputs = pd.read_csv(path, dtype={"unit": str, "criterion": str}, keep_default_na=False,
                                 encoding="utf-8-sig")
    if isinstance(inputs, Mapping):
        rows = []
        for key, value in inputs.items():
            if isinstance(value, Mapping):
                rows += [(str(key), str(c), v) for c, v in value.items()]
            else:
                rows.append(("*", str(key), value))
        df = pd.DataFrame(rows, columns=["unit", "criterion", "value"])
    elif isinstance(inputs, list):
        df = pd.DataFrame(inputs)
    elif isinstance(inputs, pd.DataFrame):
        df = inputs.copy()
    else:
        raise Error(f"inputs: expected a file, a DataFrame or a mapping, got {type(inputs).__name__}")
    missing = {"criterion", "value"} - set(df.columns)
    if missing:
        raise Error(f"{source}: missing column(s) {', '.join(sorted(missing))} (columns: unit, criterion, value)")
    if "unit" not in df.columns:
        df["unit"] = "*"
    df["unit"] = df["unit"].fillna("*").astype(str).replace("", "*")
    df["criterion"] = df["criterion"].astype(str)
    values = pd.to_numeric(df["value"], errors="coerce")
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise Error(f"{source}: row {i + 1} ({df['unit'].iloc[i]}, {df['criterion'].iloc[i]}): value "
                    f"{df['value'].iloc[i]!r} is not a number")
    df["value"] = values.astype(float)
    if pack is not None:
        leaf_ids = set(pack.tree.loc[pack.tree["leaf"], "id"])
        for i, c in enumerate(df["criterion"]):
            if c not in leaf_ids:
                hint = " (it has sub-criteria: give inputs for those)" if c in set(pack.tree["id"]) else ""
                raise Error(f"{source}: row {i + 1}: {c!r} is not a criterion of pack {pack.id!r}{hint}")
    if units is not None:
        known = set(units)
        for i, u in enumerate(df["unit"]):
            if u != "*" and u not in known:
                raise Error(f"{source}: row {i + 1}: unit {u!r} is not scored here (units: "
                            f"{', '.join(sorted(known)[:10])}{', …' if len(known) > 10 else ''})")
    return df[["unit", "criterion", "value"]].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Scoring


@dataclass
class Scorecard:
    """Scores of every unit on a pack.

    Attributes
    ----------
    pack : Pack
    scores : DataFrame
        One row per unit, best first: unit, name, total, max, band, rank, then the points of every
        area (top-level criterion, by id).
    criteria : DataFrame
        One row per unit and criterion (every node of the tree): id, name, parent, depth, max, points,
        missing (no value reached it), indicator, value, source and ``explanation``.
    indicators : DataFrame
        The computed indicators per unit.
    """

    pack: Pack
    scores: pd.DataFrame
    criteria: pd.DataFrame
    indicators: pd.DataFrame

    def ranking(self) -> pd.DataFrame:
        """Units by rank: rank, unit, name, total, band."""
        return self.scores[["rank", "unit", "name", "total", "band"]].reset_index(drop=True)

    def explain(self, unit: str | None = None) -> str:
        """Every score of a unit (default: the first), indented by the tree, with its explanation."""
        unit = unit or str(self.scores["unit"].iloc[0])
        rows = self.criteria[self.criteria["unit"] == unit]
        if not len(rows):
            raise Error(f"explain: unit {unit!r} was not scored")
        return "\n".join(f"{'  ' * r.depth}{r.id} {r.name}: {r.points:.2f} / {r.max:.2f} — {r.explanation}"
                         for r in rows.itertuples())

    def summary(self) -> dict[str, Any]:
        """Pack, units scored, mean/best/worst total and units per band."""
        s = self.scores
        return {
            "pack": self.pack.id,
            "units": len(s),
            "max": self.pack.max,
            "mean_total": float(s["total"].mean()) if len(s) else float("nan"),
            "best": (str(s["unit"].iloc[0]), float(s["total"].iloc[0])) if len(s) else None,
            "worst": (str(s["unit"].iloc[-1]), float(s["total"].iloc[-1])) if len(s) else None,
            "bands": s["band"].value_counts().to_dict() if self.pack.bands else {},
            "missing_points": float(self.criteria.loc[(self.criteria["depth"] > 0) & self.criteria["leaf"]
                                                      & self.criteria["missing"], "max"].sum() / max(len(s), 1)),
        }

    def plot(self, ax: Any = None, top: int = 30) -> Any:
        """Stacked bars of the area points per unit (best ``top`` units)."""
        import matplotlib.pyplot as plt

        areas = list(self.pack.areas["id"])
        data = self.scores.head(top).set_index("unit")[areas]
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.35 * len(data) + 1.5))
        data.iloc[::-1].plot.barh(stacked=True, ax=ax, width=0.8)
        ax.set_xlim(0, self.pack.max)
        ax.set_xlabel("points")
        ax.set_title(self.pack.name, fontsize=9)
        ax.legend(fontsize=7, loc="lower right")
        return ax

    def __repr__(self) -> str:
        s = self.summary()
        return f"<Scorecard {s['pack']}: {s['units']} unit(s), mean {s['mean_total']:.1f} / {s['max']:g}>"


def scorecard(model: Model, pack: str | os.PathLike[str] | Mapping[str, Any] | Pack = "par_index", *,
              inputs: Any = None, results: Mapping[str, Any] | None = None, units: Any = None,
              as_of: str | None = None) -> Scorecard:
    """Score the province (or its agencies) on a pack.

    Parameters
    ----------
    model : Model
    pack : str, path, dict or Pack
        ``"par_index"`` (default), ``"service_index"``, a JSON file or a dict (see :func:`load_pack`).
    inputs : path, DataFrame or mapping, optional
        Manual inputs (self-assessment, survey scores) keyed by criterion id (:func:`read_inputs`).
    results : mapping, optional
        Engine results feeding the indicators (:func:`indicators`): ``cost``/``scenario``,
        ``simulation``/``on_time_rate``, ``training``, ``inspection``, ``org``.
    units : ``"province"``, ``"agencies"`` or list of codes, optional
        Default: the pack's ``unit`` (province for the PAR Index, agencies for the service index).

    Returns
    -------
    Scorecard
        Criteria with no value (no input, no result) score 0 and say so in their explanation.

    Examples
    --------
    >>> sc = cchc.scorecard(m, "service_index", results={"simulation": r})  # doctest: +SKIP
    >>> print(sc.explain())                                                   # doctest: +SKIP
    """
    p = load_pack(pack)
    ind = indicators(model, units if units is not None else p.unit, results, as_of)
    n = len(ind)
    tree = p.tree
    leaves = p.leaves
    leaf_rows = tree.iloc[leaves]
    values = np.full((n, len(leaves)), np.nan)
    for j, name in enumerate(leaf_rows["indicator"]):
        if name in ind.columns and name != "input":
            values[:, j] = ind[name].to_numpy(dtype=float)
        elif name != "input":
            raise Error(f"pack {p.id!r}: criterion {leaf_rows['id'].iloc[j]!r} uses unknown indicator {name!r} "
                        f"(known: input, {', '.join(INDICATORS)})")
    table = read_inputs(inputs, p, list(ind["unit"]))
    overridden = np.zeros_like(values, dtype=bool)
    if len(table):
        col = {c: j for j, c in enumerate(leaf_rows["id"])}
        row = {u: i for i, u in enumerate(ind["unit"])}
        for u, c, v in table.itertuples(index=False):  # a handful of manual rows
            targets = range(n) if u == "*" else [row[u]]
            for i in targets:
                values[i, col[c]] = v
                overridden[i, col[c]] = leaf_rows["indicator"].iloc[col[c]] != "input"
    raw = _core.scorecard.score(p._core, values)
    points = np.asarray(raw["points"])
    missing = np.asarray(raw["missing"]).astype(bool)
    bands = p.bands
    band_names = np.asarray([b for b, _ in bands] + [""], dtype=object)
    scores = ind[["unit", "name", "kind"]].copy()
    scores["total"] = points[:, 0]
    scores["max"] = p.max
    scores["band"] = band_names[np.asarray(raw["band"])]
    scores["rank"] = np.asarray(raw["rank"])
    for k in np.flatnonzero(tree["depth"].to_numpy() == 1):
        scores[tree["id"].iloc[k]] = points[:, k]
    scores = scores.sort_values(["rank", "unit"], kind="stable").reset_index(drop=True)

    # Long table: every node of every unit, with its explanation.
    nn = len(tree)
    explanation = np.empty((n, nn), dtype=object)
    leaf_text = np.asarray(raw["explanation"], dtype=object).reshape(n, len(leaves))
    explanation[:, leaves] = np.where(overridden, "manual input overrides: " + leaf_text.astype(str), leaf_text)
    value_full = np.full((n, nn), np.nan)
    value_full[:, leaves] = values
    parents = tree["parent"].to_numpy()
    for k in range(nn):
        kids = [int(i) for i in np.flatnonzero(parents == k)]
        if kids:
            for i in range(n):
                parts = " + ".join(f"{points[i, c]:.2f}" for c in kids)
                explanation[i, k] = f"sum of {len(kids)} criteria: {parts} = {points[i, k]:.2f} of {tree['max'].iloc[k]:g}"
    crit = pd.DataFrame({
        "unit": np.repeat(ind["unit"].to_numpy(), nn),
        "id": np.tile(tree["id"].to_numpy(), n),
        "name": np.tile(tree["name"].to_numpy(), n),
        "parent": np.tile(tree["parent_id"].to_numpy(), n),
        "depth": np.tile(tree["depth"].to_numpy(), n),
        "leaf": np.tile(tree["leaf"].to_numpy(), n),
        "max": np.tile(tree["max"].to_numpy(), n),
        "points": points.ravel(),
        "missing": missing.ravel(),
        "indicator": np.tile(tree["indicator"].to_numpy(), n),
        "source": np.tile(tree["source"].to_numpy(), n),
        "value": value_full.ravel(),
        "explanation": explanation.ravel(),
    })
    return Scorecard(p, scores, crit, ind)


class _CallableModule(types.ModuleType):
    """Lets ``cchc.scorecard(m, ...)`` call :func:`scorecard` while ``cchc.scorecard.Pack`` etc. stay reachable."""

    def __call__(self, *args: Any, **kwargs: Any) -> Scorecard:
        return scorecard(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
