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
- ``"service_index"``: the service index of Decision 766/QĐ-TTg (23 June 2022), its five groups
  as the decision names them: Công khai, minh bạch 18; Tiến độ, kết quả giải quyết 20; Số hóa hồ
  sơ 22; Cung cấp dịch vụ trực tuyến 22; Mức độ hài lòng 18. Progress is 20 × the system's on-time
  ratio (``progress_rate``), which reproduces the national system's published scores; satisfaction
  comes from ratios the system records, not from a survey. Sources and what stays unconfirmed:
  docs/scorecard.md.

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
import textwrap
import types
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import _args, _core
from cchc._files import fspath
from cchc._plot import hbars, literal
from cchc.errors import Error
from cchc.model import Model

__all__ = ["INDICATORS", "LOG_COLUMNS", "LOG_OPTIONAL", "PACKS", "Pack", "Scorecard", "dossier_counts", "indicators",
           "load_pack", "read_inputs", "score_indicators", "scorecard"]

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
                    "results['on_time_rate'], a number or per-agency mapping of recorded rates, or results['log'])",
    "early_rate": "share of finished dossiers finished before the deadline (dossier rows)",
    "late_rate": "share of finished dossiers finished after the deadline (dossier rows)",
    "progress_rate": "Decision 766's on-time ratio: (finished early or on time + in progress within the deadline) "
                     "÷ dossiers received (dossier rows)",
    "share_dossiers_online": "share of the dossiers received that were submitted online (dossier rows)",
    "share_full_online_dossiers": "online dossiers ÷ dossiers of procedures with full online service (dossier rows "
                                  "and the model's online levels)",
    "dossier_satisfaction_rate": "(received − overdue or rated unsatisfied) ÷ received, overdue as in progress_rate "
                                 "(dossier rows; column 'unsatisfied' when recorded)",
    "dossier_sync_rate": "share of dossiers whose status was synchronised with the national portal "
                         "(log column 'synced')",
    "share_digitised": "share of dossiers whose components were digitised (log column 'digitised')",
    "share_e_results": "share of finished dossiers given an electronic result (log column 'e_result')",
    "share_paid_online": "dossiers paid online ÷ dossiers owing a fee (log columns 'paid_online', 'fee_due')",
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
        path = Path(fspath(pack))
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
        wanted = [_args.nfc(str(c)) for c in ([units] if isinstance(units, str) else units)]  # codes are NFC
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
    return codes.map(_args.by_code(values)).to_numpy(dtype=float)


#: Columns a dossier table needs for the dossier indicators: :meth:`cchc.SimResult.dossiers` has them,
#: and so must an observed log passed as ``results={"log": log}`` (issue 17 will read one).
LOG_COLUMNS = ("agency", "procedure", "channel", "outcome", "deadline")
#: Optional log columns (booleans) feeding criteria the simulation does not model.
LOG_OPTIONAL = ("synced", "digitised", "e_result", "paid_online", "fee_due", "unsatisfied")
_COUNTS = ("received", "finished", "early", "on_time", "late", "open_in_time", "online", "full_eligible",
           "full_online", "overdue_or_unsatisfied") + LOG_OPTIONAL


def dossier_counts(log: pd.DataFrame, period_end: Any = None, full_online: Any = ()) -> pd.DataFrame:
    """Per agency, the counts behind the dossier indicators, from dossier rows.

    ``log`` has :data:`LOG_COLUMNS` (``outcome``: early, on_time, late or open) and optionally
    :data:`LOG_OPTIONAL`; a column absent leaves its count NaN (no data, not zero). A dossier still
    open counts as within its deadline when the deadline is missing or not before ``period_end``
    (required when some dossier is open). ``full_online``: codes of procedures with full online service.
    """
    missing = [c for c in LOG_COLUMNS if c not in log.columns]
    if missing:
        raise Error(f"dossier log: missing column(s) {', '.join(missing)} (needs {', '.join(LOG_COLUMNS)})")
    outcome = log["outcome"].astype(str)
    bad = ~outcome.isin(["early", "on_time", "late", "open"])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise Error(f"dossier log: row {i + 1}: outcome {log['outcome'].iloc[i]!r} is not early, on_time, late or open")
    is_open = (outcome == "open").to_numpy()
    deadline = pd.to_datetime(log["deadline"], errors="coerce").to_numpy()
    unreadable = np.isnat(deadline) & log["deadline"].notna().to_numpy()
    if unreadable.any():
        i = int(np.flatnonzero(unreadable)[0])
        raise Error(f"dossier log: row {i + 1}: deadline {log['deadline'].iloc[i]!r} is not a date")
    if is_open.any():
        if period_end is None:
            raise Error("dossier log: some dossiers are open; give period_end (results['period_end']) to tell "
                        "which are still within their deadline")
        end = np.datetime64(pd.Timestamp(period_end).to_datetime64())
        in_time = is_open & (np.isnat(deadline) | (deadline >= end))
    else:
        in_time = np.zeros(len(log), dtype=bool)
    finished = ~is_open
    late = (outcome == "late").to_numpy()
    full = log["procedure"].astype(str).isin(set(map(str, full_online))).to_numpy()
    online = (log["channel"].astype(str) == "online").to_numpy()
    cols = {
        "received": np.ones(len(log)), "finished": finished, "early": (outcome == "early").to_numpy(),
        "on_time": (outcome == "on_time").to_numpy(), "late": late, "open_in_time": in_time, "online": online,
        "full_eligible": full, "full_online": full & online,
    }
    flags = {c: _flags(log, c) for c in LOG_OPTIONAL if c in log.columns}
    # Overdue as the progress ratio counts it: finished late, or still open past the deadline.
    cols["overdue_or_unsatisfied"] = late | (is_open & ~in_time) | flags.get("unsatisfied", False)
    frame = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in cols.items()})
    for c in LOG_OPTIONAL:
        frame[c] = flags[c].astype(float) if c in flags else np.nan
    frame["agency"] = log["agency"].astype(str).to_numpy()
    # min_count=1 keeps an absent optional column NaN instead of summing it to 0.
    return frame.groupby("agency", sort=True)[list(_COUNTS)].sum(min_count=1).reset_index()


def _flags(log: pd.DataFrame, column: str) -> np.ndarray:
    """A yes/no log column (True/False or 1/0); anything else, a blank included, is an error naming the row."""
    v = log[column]
    ok = v.isin([True, False]).to_numpy() & v.notna().to_numpy()
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        raise Error(f"dossier log: row {i + 1}: {column} {v.iloc[i]!r} is not true/false (1/0)")
    return v.astype(bool).to_numpy()


def _sim_dossiers(sim: Any) -> pd.DataFrame | None:
    """Every kept replication's dossier rows, pooled (ratios of sums), or None when none were kept."""
    kept = len(sim._raw.get("dossiers") or [])
    if not kept:
        warnings.warn("the simulation kept no dossier rows (keep_dossiers=False): the dossier indicators "
                      "(progress_rate, early_rate, …) are missing", stacklevel=3)
        return None
    return pd.concat([sim.dossiers(r) for r in range(kept)], ignore_index=True)


def _sim_end(sim: Any) -> np.datetime64:
    start = np.datetime64(int(sim._params["start"]), "D")
    return start + np.timedelta64(int(sim._params["days"]), "D")


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
        ``"on_time_rate"``, ``"log"`` (observed dossier rows with :data:`LOG_COLUMNS`, and
        ``"period_end"``, the end of the period they cover), ``"training"`` (a
        :func:`cchc.training.compliance` table by agency), ``"inspection"`` (InspectionPlan),
        ``"org"`` (OrgAnalysis). The dossier indicators (``progress_rate``, ``early_rate`` …) come
        from ``log``, else from the simulation's kept dossier rows (:func:`dossier_counts`).
    """
    from cchc import org

    results = dict(results or {})
    known = {"cost", "scenario", "simulation", "on_time_rate", "log", "period_end", "training", "inspection", "org"}
    unknown = set(results) - known
    if unknown:
        raise Error(f"scorecard results: unknown key(s) {', '.join(sorted(unknown))} (use {', '.join(sorted(known))})")
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
    log = results.get("log")
    if log is None and sim is not None:
        log = _sim_dossiers(sim)
        results.setdefault("period_end", _sim_end(sim))
    counts: dict[str, np.ndarray] | None = None
    if log is not None:
        full_codes = procs.loc[procs["online_level"].astype(str) == "full", "code"]
        per = dossier_counts(log, results.get("period_end"), full_codes)
        stray = sorted(set(log["procedure"].astype(str)) - set(procs["code"].astype(str)))
        if stray:
            warnings.warn(f"dossier log: {len(stray)} procedure code(s) not in the model's catalogue "
                          f"({', '.join(stray[:5])}{', …' if len(stray) > 5 else ''}): their dossiers count for "
                          "progress and satisfaction, not as eligible for full online service", stacklevel=2)
        idx = position.reindex(per["agency"].to_numpy()).to_numpy()
        if np.isnan(idx).any():
            unknown_codes = per["agency"][np.isnan(idx)].tolist()
            raise Error(f"dossier log: agency code(s) not in the model: {', '.join(unknown_codes[:5])}")
        r = row_of[idx.astype(int)]
        counts = {c: _sum_by(r, per[c].to_numpy(float), n) for c in _COUNTS}
        # A count absent from the log (NaN for every agency) stays NaN: no data, not zero.
        counts.update({c: np.full(n, np.nan) for c in _COUNTS if per[c].isna().all()})
        fin, rec = counts["finished"], counts["received"]
        out["dossiers"] = rec
        out["progress_rate"] = _ratio(counts["early"] + counts["on_time"] + counts["open_in_time"], rec)
        out["early_rate"] = _ratio(counts["early"], fin)
        out["late_rate"] = _ratio(counts["late"], fin)
        out["share_dossiers_online"] = _ratio(counts["online"], rec)
        out["share_full_online_dossiers"] = _ratio(counts["full_online"], counts["full_eligible"])
        out["dossier_satisfaction_rate"] = _ratio(rec - counts["overdue_or_unsatisfied"], rec)
        out["dossier_sync_rate"] = _ratio(counts["synced"], rec)
        out["share_digitised"] = _ratio(counts["digitised"], rec)
        out["share_e_results"] = _ratio(counts["e_result"], fin)
        out["share_paid_online"] = _ratio(counts["paid_online"], counts["fee_due"])
    else:
        for c in ("progress_rate", "early_rate", "late_rate", "share_dossiers_online", "share_full_online_dossiers",
                  "dossier_satisfaction_rate", "dossier_sync_rate", "share_digitised", "share_e_results",
                  "share_paid_online"):
            out[c] = np.nan
    if results.get("log") is not None and counts is not None:
        out["on_time_rate"] = _ratio(counts["early"] + counts["on_time"], counts["finished"])
    elif sim is not None:
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
    if isinstance(inputs, (str, bytes, os.PathLike)):
        path = Path(fspath(inputs))
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
        missing (no value reached it), indicator, value, source, ``basis`` (the legal text the pack
        cites) and ``explanation``.
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
        """Every score of a unit (default: the first), indented by the tree, with its explanation and
        the legal basis the pack gives for the criterion (``[basis: …]``)."""
        unit = unit or str(self.scores["unit"].iloc[0])
        rows = self.criteria[self.criteria["unit"] == unit]
        if not len(rows):
            raise Error(f"explain: unit {unit!r} was not scored")
        return "\n".join(f"{'  ' * r.depth}{r.id} {r.name}: {r.points:.2f} / {r.max:.2f} — {r.explanation}"
                         + (f" [basis: {r.basis}]" if r.basis else "")
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
        """Stacked bars of the area points per unit (best ``top`` units first), each with its total.

        A unit with 0 points has no bar: a hollow marker at 0 and its total "0" show it.
        """
        import matplotlib.pyplot as plt

        areas = list(self.pack.areas["id"])
        data = self.scores.head(top).set_index("unit")[areas]
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.35 * len(data) + 1.5))
        # Numeric rows (two units of one name stay apart), literal text (a "$" in a name is no mathtext).
        y = np.arange(len(data))
        left = np.zeros(len(data))
        for area in areas:
            width = data[area].to_numpy(dtype=float)
            ax.barh(y, np.nan_to_num(width), left=left, height=0.8, label=str(area))
            left += np.nan_to_num(width)
        hbars(ax, list(data.index), left, fmt=lambda v: f"{v:g}", color="none", mark="0.3")
        ax.set_xlim(0, self.pack.max)
        ax.set_xlabel("points")
        ax.set_title(literal(textwrap.fill(self.pack.name, 90)), fontsize=9)  # official names are long
        names = dict(zip(self.pack.areas["id"], self.pack.areas["name"], strict=True))
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles, [literal(f"{names[x]} ({self.pack.areas.set_index('id').loc[x, 'max']:g})") for x in labels],
                  fontsize=7, loc="lower right")
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
        ``simulation``/``on_time_rate``, ``log`` (observed dossier rows) with ``period_end``,
        ``training``, ``inspection``, ``org``.
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
    return score_indicators(p, ind, inputs)


def score_indicators(pack: str | os.PathLike[str] | Mapping[str, Any] | Pack, table: pd.DataFrame,
                     inputs: Any = None) -> Scorecard:
    """Score units from a table of indicator values (one row per unit: ``unit``, ``name``, ``kind`` and
    indicator columns), e.g. rates a province recorded itself; :func:`scorecard` computes the table
    from a model. Indicators the pack uses but the table lacks are missing (0 points, flagged).

    Examples
    --------
    >>> t = pd.DataFrame({"unit": ["H21.17"], "name": ["Sở VHTTDL"], "kind": ["department"],
    ...                   "progress_rate": [653 / 654]})
    >>> print(round(score_indicators("service_index", t).scores["progress"].iloc[0], 2))
    19.97
    """
    p = load_pack(pack)
    ind = table
    missing_cols = {"unit", "name", "kind"} - set(ind.columns)
    if missing_cols:
        raise Error(f"score_indicators: the table lacks column(s) {', '.join(sorted(missing_cols))}")
    n = len(ind)
    tree = p.tree
    leaves = p.leaves
    leaf_rows = tree.iloc[leaves]
    values = np.full((n, len(leaves)), np.nan)
    for j, name in enumerate(leaf_rows["indicator"]):
        if name in ind.columns and name != "input":
            values[:, j] = ind[name].to_numpy(dtype=float)
        elif name != "input" and name not in INDICATORS:
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
        "basis": np.tile(tree["basis"].to_numpy(), n),
        "value": value_full.ravel(),
        "explanation": explanation.ravel(),
    })
    return Scorecard(p, scores, crit, ind)


class _CallableModule(types.ModuleType):
    """Lets ``cchc.scorecard(m, ...)`` call :func:`scorecard` while ``cchc.scorecard.Pack`` etc. stay reachable."""

    def __call__(self, *args: Any, **kwargs: Any) -> Scorecard:
        return scorecard(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
