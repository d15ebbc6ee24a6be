"""Risk-based inspection plans for the Department of Home Affairs (Sở Nội vụ).

The reform plan requires inspecting administrative reform in at least 30% of
departments, boards, sectors, district and commune People's Committees each
year. :func:`plan` selects, in every stratum, at least the asked fraction
(rounded up), guarantees that every unit is inspected at least once in each
cycle of N years, spreads the visits over the months within the inspection
teams' capacity, and explains each choice. The sampling runs in C++ and is
deterministic for a seed.

Risk score (documented weights, :class:`RiskWeights`), each component scaled to [0, 1]:

- ``late_rate``: share of dossiers resolved late (from records or a simulation, passed as ``late_rates``);
  1 at 20% late or more;
- ``chair_conflicts``: tasks with several chairs involving the unit or its sub-units
  (:func:`cchc.org.analyze`); 1 at 3 or more;
- ``quota``: headcount over the staffing quota (biên chế), summed over the unit's subtree; 1 at 20% over;
- ``training_gap``: 1 − training compliance (``training_compliance``, e.g. from ``cchc.training``);
- ``staleness``: years since the last inspection ÷ the cycle; 1 if never inspected.

Examples
--------
>>> p = cchc.inspection.plan(cchc.datasets.lai_chau_2021(), year=2021, fraction=0.30, seed=7)
>>> p.strata  # doctest: +SKIP
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cchc import _args, _core
from cchc.errors import Error
from cchc.model import Model

__all__ = ["DEFAULT_STRATA", "InspectionPlan", "RiskWeights", "plan", "risk_scores"]

#: Agency kind → stratum name. Units of other kinds are not inspected.
DEFAULT_STRATA: dict[str, str] = {
    "department": "departments, boards and sectors",
    "board": "departments, boards and sectors",
    "sector": "departments, boards and sectors",
    "district_people_committee": "district People's Committees",
    "commune_people_committee": "commune People's Committees",
}


@dataclass(frozen=True)
class RiskWeights:
    """Weights of the risk components (they are normalised to sum to 1)."""

    late_rate: float = 0.30
    chair_conflicts: float = 0.20
    quota: float = 0.15
    training_gap: float = 0.20
    staleness: float = 0.15


def _unit_of(agencies: pd.DataFrame, in_stratum: np.ndarray) -> np.ndarray:
    """Index of the nearest ancestor-or-self in a stratum (-1 if none), by pointer jumping."""
    parent = agencies["parent"].cat.codes.to_numpy().astype(np.int64)
    unit = np.where(in_stratum, np.arange(len(agencies)), -1)
    cursor = parent.copy()
    for _ in range(64):  # deeper than any administrative tree
        todo = (unit < 0) & (cursor >= 0)
        if not todo.any():
            break
        hit = todo & in_stratum[np.maximum(cursor, 0)]
        unit[hit] = cursor[hit]
        cursor = np.where(todo & ~hit, parent[np.maximum(cursor, 0)], -1)
    return unit


def _per_agency(values: Any, codes: pd.Series, what: str) -> np.ndarray:
    """Per-agency shares in [0, 1] from a mapping, a Series, a table with ``agency`` and ``column``
    (e.g. :func:`cchc.training.compliance` by agency) or a :class:`cchc.SimResult` (late = 1 − on-time)."""
    if values is None:
        return np.full(len(codes), np.nan)
    if hasattr(values, "by_agency") and what == "late_rates":  # a SimResult
        table = values.by_agency()
        values = pd.Series(1.0 - table["on_time_rate"].to_numpy(float), index=table["code"].astype(str))
    elif isinstance(values, pd.DataFrame):
        column = {"training_compliance": "compliance_rate", "late_rates": "late_rate"}[what]
        if "agency" not in values.columns or column not in values.columns:
            raise Error(f"{what}: a table needs columns 'agency' and '{column}'")
        values = pd.Series(values[column].to_numpy(float), index=values["agency"].astype(str))
    series = _args.by_code(values)
    v = series.to_numpy(dtype=float)
    bad = ~((v >= 0) & (v <= 1))
    if bad.any():
        raise Error(f"{what}: value {v[bad][0]!r} for agency {series.index[bad][0]!r} is not a share in [0, 1]")
    return codes.map(series).to_numpy(dtype=float)


def risk_scores(model: Model, as_of: str | None = None, *, late_rates: Mapping[str, float] | pd.Series | None = None,
                training_compliance: Mapping[str, float] | pd.Series | None = None,
                history: pd.DataFrame | None = None, year: int | None = None,
                weights: RiskWeights | None = None, strata: Mapping[str, str] | None = None,
                cycle_years: int = 4) -> pd.DataFrame:
    """Risk score of every inspectable unit, with its components and a one-line explanation.

    Parameters
    ----------
    late_rates, training_compliance : mapping, Series or table, optional
        Per agency code, a share in [0, 1]; values of sub-units are averaged into their unit.
        A unit with no value (nor any sub-unit) scores as none late / fully trained, with a
        warning naming it.
        ``late_rates`` also takes a :class:`cchc.SimResult` (1 − on-time rate per agency),
        ``training_compliance`` the table of ``cchc.training.compliance(m, as_of, by="agency")``.
    history : DataFrame, optional
        Past inspections, columns ``agency`` and ``year``.
    year : int, optional
        The year planned (for staleness); default: the year of ``as_of``.
    strata : mapping, optional
        Agency kind → stratum name (default :data:`DEFAULT_STRATA`).
    """
    from cchc import org

    strata = dict(strata or DEFAULT_STRATA)
    from cchc.model import _ENUMS

    unknown = [k for k in strata if k not in _ENUMS["AgencyKind"]]
    if unknown:
        raise Error(f"strata: unknown agency kind(s) {', '.join(map(repr, unknown))}; "
                    f"kinds are {', '.join(_ENUMS['AgencyKind'])}")
    weights = weights or RiskWeights()
    if any(not (math.isfinite(v) and v >= 0) for v in asdict(weights).values()):
        raise Error(f"risk weights must be finite and >= 0, got {weights}")
    if history is not None and not {"agency", "year"} <= set(history.columns):
        raise Error("history needs columns 'agency' and 'year' (one row per past inspection)")
    analysis = org.analyze(model, as_of, overlap_top=1)
    year = year or int(analysis.as_of[:4])
    agencies = model.agencies.to_pandas()
    valid = agencies["code"].isin(analysis.structure["agency"]).to_numpy()
    kinds = agencies["kind"].astype(str)
    in_stratum = kinds.isin(list(strata)).to_numpy() & valid
    unit = _unit_of(agencies, in_stratum)
    codes = agencies["code"]
    units = np.flatnonzero(in_stratum)

    def subtree_mean(values: np.ndarray) -> np.ndarray:
        ok = (unit >= 0) & ~np.isnan(values)
        sums = np.bincount(unit[ok], weights=values[ok], minlength=len(agencies))
        counts = np.bincount(unit[ok], minlength=len(agencies))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)[units]

    late = subtree_mean(_per_agency(late_rates, codes, "late_rates"))
    compliance = subtree_mean(_per_agency(training_compliance, codes, "training_compliance"))
    # A unit missing from the data given scores as 0% late / fully trained: say so, by name.
    for name, values, given, assumed in (
            ("late_rates", late, late_rates, "none late"),
            ("training_compliance", compliance, training_compliance, "fully trained")):
        missing = codes.iloc[units][np.isnan(values)].tolist() if given is not None else []
        if missing:
            more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
            warnings.warn(f"{name}: {len(missing)} units have no value (nor any sub-unit): "
                          f"{', '.join(missing[:8])}{more}; their risk counts them as {assumed}.",
                          UserWarning, stacklevel=2)

    conflicts_per_agency = np.zeros(len(agencies))
    several = analysis.chair_conflicts[analysis.chair_conflicts["status"] == "several chairs"]
    if len(several):
        involved = several["chair_agencies"].str.split(", ").explode()
        position = pd.Series(np.arange(len(agencies)), index=codes.to_numpy())
        np.add.at(conflicts_per_agency, position[involved.to_numpy()].to_numpy(), 1)
    has_unit = (unit >= 0) & valid  # sub-units dissolved before the date do not count
    conflicts = np.bincount(unit[has_unit], weights=conflicts_per_agency[has_unit], minlength=len(agencies))[units]

    quota = (agencies["quota_civil_servants"].astype(float) + agencies["quota_public_employees"]).to_numpy()
    headcount = agencies["headcount"].to_numpy(dtype=float)
    q_sum = np.bincount(unit[has_unit], weights=quota[has_unit], minlength=len(agencies))[units]
    h_sum = np.bincount(unit[has_unit], weights=headcount[has_unit], minlength=len(agencies))[units]
    over = np.where(q_sum > 0, np.clip((h_sum - q_sum) / np.maximum(q_sum, 1), 0, None), 0.0)

    last = np.zeros(len(units), dtype=np.int32)
    if history is not None and len(history):
        agency = history["agency"].astype(str).map(_args.nfc)  # codes compare in NFC
        latest = history["year"].groupby(agency).max()
        last = codes.iloc[units].map(latest).fillna(0).to_numpy(dtype=np.int32)
    since = np.where(last > 0, year - last, np.inf)

    parts = {
        "late_rate": np.clip(np.nan_to_num(late, nan=0.0) / 0.20, 0, 1),
        "chair_conflicts": np.clip(conflicts / 3.0, 0, 1),
        "quota": np.clip(over / 0.20, 0, 1),
        "training_gap": np.clip(1.0 - np.nan_to_num(compliance, nan=1.0), 0, 1),
        "staleness": np.clip(since / cycle_years, 0, 1),
    }
    w = asdict(weights)
    total_w = sum(w.values()) or 1.0
    risk = sum(w[k] / total_w * v for k, v in parts.items())

    out = pd.DataFrame({
        "agency": codes.iloc[units].to_numpy(),
        "name": agencies["name"].iloc[units].to_numpy(),
        "kind": kinds.iloc[units].to_numpy(),
        "stratum": kinds.iloc[units].map(strata).to_numpy(),
        "late_rate": late,
        "chair_conflicts": conflicts.astype(int),
        "over_quota_pct": 100 * over,
        "training_compliance": compliance,
        "last_inspected": np.where(last > 0, last, 0),
        "risk": risk,
    })
    for key, value in parts.items():
        out[f"risk_{key}"] = w[key] / total_w * value
    out["explanation"] = _explain(out)
    return out


def _explain(df: pd.DataFrame) -> list[str]:
    reasons = pd.DataFrame({
        "late": np.where(df["late_rate"] > 0, "late " + (100 * df["late_rate"]).round(1).astype(str) + "% of dossiers", ""),
        "chairs": np.where(df["chair_conflicts"] > 0, df["chair_conflicts"].astype(str) + " chair conflict(s)", ""),
        "quota": np.where(df["over_quota_pct"] > 0, df["over_quota_pct"].round(1).astype(str) + "% over quota", ""),
        "training": np.where(df["training_compliance"] < 1,
                             "training compliance " + (100 * df["training_compliance"]).round(1).astype(str) + "%", ""),
        "stale": np.where(df["last_inspected"] > 0, "last inspected " + df["last_inspected"].astype(str),
                          "never inspected"),
    })
    return reasons.apply(lambda r: "; ".join(x for x in r if x), axis=1).tolist()


@dataclass
class InspectionPlan:
    """An inspection plan: the selections, the per-stratum counts and the risk table.

    Attributes
    ----------
    selections : DataFrame
        One row per inspection: year, month (0 = no team capacity left), agency, name, stratum, risk,
        reason (``cycle due`` or ``risk sample``) and explanation.
    strata : DataFrame
        Per stratum and year: units, required (= ceil(fraction × units)), selected, due, achieved fraction.
    risk : DataFrame
        :func:`risk_scores` of every unit.
    cycle_years : int
        Every unit is inspected at least once in each window of this many years.
    """

    year: int
    fraction: float
    seed: int
    cycle_years: int
    selections: pd.DataFrame
    strata: pd.DataFrame
    risk: pd.DataFrame
    options: dict[str, Any] = field(default_factory=dict)

    def schedule(self) -> pd.DataFrame:
        """Inspections per month and stratum (rows: year, month)."""
        return self.selections.pivot_table(index=["year", "month"], columns="stratum", values="agency",
                                           aggfunc="count", fill_value=0)

    def summary(self) -> dict[str, Any]:
        """Units, inspections and achieved fraction per year."""
        first = self.selections[self.selections["year"] == self.year]
        return {
            "year": self.year,
            "units": int(self.strata.loc[self.strata["year"] == self.year, "units"].sum()),
            "inspections": len(first),
            "fraction": self.fraction,
            "cycle_years": self.cycle_years,
            "cycle_due": int((first["reason"] == "cycle due").sum()),
            "unscheduled": int((first["month"] == 0).sum()),
        }

    def __repr__(self) -> str:
        s = self.summary()
        return (f"<InspectionPlan {s['year']}: {s['inspections']} of {s['units']} units "
                f"(≥ {100 * self.fraction:.0f}% per stratum), cycle {self.cycle_years} years>")


def _plan_date(model: Model, year: int) -> str:
    """Return the date whose units a plan for ``year`` covers (see :func:`plan`); warn past the model."""
    agencies = model.agencies.to_pandas()
    dates = pd.concat([agencies["valid_from"], agencies["valid_to"]]).dropna()
    known = [pd.Timestamp(model.as_of)] if model.as_of else []
    known += [dates.max()] if len(dates) else []
    if known and year > max(known).year + 1:
        warnings.warn(f"inspection plan for {year}: the model describes its structure up to "
                      f"{max(known).date()} (as_of {model.as_of or 'none'}, latest validity date); units "
                      f"created or abolished since are unknown to it and the plan covers the units it lists "
                      f"as valid on {year}-01-01. Load a model of {year} (e.g. after a restructuring) to "
                      "plan that year.", UserWarning, stacklevel=3)
    if model.as_of and int(model.as_of[:4]) in (year - 1, year):
        return model.as_of
    return f"{year}-01-01"


def plan(model: Model, year: int, fraction: float = 0.30, seed: int = 0, history: pd.DataFrame | None = None, *,
         years: int = 1, cycle_years: int | None = None, capacity_per_month: list[int] | None = None,
         late_rates: Mapping[str, float] | pd.Series | None = None,
         training_compliance: Mapping[str, float] | pd.Series | None = None,
         strata: Mapping[str, str] | None = None, weights: RiskWeights | None = None,
         risk_floor: float = 0.05) -> InspectionPlan:
    """Select the units to inspect in ``year`` (and the following ``years - 1`` years).

    Parameters
    ----------
    year : int
        First year planned. The units planned are those valid in that year (validity dates), and
        the organisation (chairs, quotas) is analysed on the same date: the model's ``as_of`` when
        it lies in the plan year or the year before (the usual planning time), else 1 January of
        the plan year. A warning is given when the plan year lies more than a year past the last
        date the model describes (its ``as_of`` or its latest validity date): units created or
        abolished since (e.g. by a reform) are unknown to it.
    fraction : float
        At least this share of every stratum each year, rounded up: ``ceil(fraction × units)``.
    seed : int
        Same seed, same plan, on every machine.
    history : DataFrame, optional
        Past inspections (columns ``agency``, ``year``): drive staleness and the cycle guarantee.
    years : int
        Length of the schedule (multi-year plan).
    cycle_years : int, optional
        Every unit is inspected at least once in every window of this many years; default
        ``ceil(1 / fraction)`` (4 years at 30%).
    capacity_per_month : list of 12 int, optional
        Inspections the teams can do per month (0 closes a month, e.g. around Tết). Default: no
        inspections in January and February, unlimited otherwise; visits are balanced over open months.
    late_rates, training_compliance, strata, weights
        See :func:`risk_scores`.
    """
    if not 0 < fraction <= 1:
        raise Error(f"fraction must be in (0, 1], got {fraction}")
    if cycle_years is not None and cycle_years < 1:
        raise Error(f"cycle_years must be at least 1, got {cycle_years}")
    if years < 1:
        raise Error(f"years must be at least 1, got {years}")
    seed = _args.integer("seed", seed)
    if not (math.isfinite(risk_floor) and risk_floor >= 0):
        raise Error(f"risk_floor must be finite and >= 0, got {risk_floor}")
    cycle = cycle_years or math.ceil(1 / fraction - 1e-9)
    as_of = _plan_date(model, year)
    risk = risk_scores(model, as_of, late_rates=late_rates, training_compliance=training_compliance,
                       history=history, year=year, weights=weights, strata=strata, cycle_years=cycle)
    names = sorted(risk["stratum"].unique())
    stratum_id = risk["stratum"].map({n: i for i, n in enumerate(names)}).to_numpy(np.int32)
    agency_index = np.asarray([model._core.index("agencies", c) for c in risk["agency"]], dtype=np.int32)
    capacity = list(capacity_per_month) if capacity_per_month is not None else [0, 0] + [1 << 20] * 10
    if len(capacity) != 12:
        raise Error(f"capacity_per_month must have 12 entries, got {len(capacity)}")
    if any(c < 0 for c in capacity):
        raise Error(f"capacity_per_month must be >= 0 in every month, got {capacity}")
    sel, st, cycle_out = _core.inspection.plan(
        agency_index, stratum_id, risk["risk"].to_numpy(float), risk["last_inspected"].to_numpy(np.int32),
        year, years, fraction, cycle, seed, risk_floor, capacity, list(risk["agency"]))
    by_index = risk.set_index(agency_index)
    selections = pd.DataFrame({
        "year": sel["year"],
        "month": sel["month"],
        "agency": by_index.loc[sel["agency"], "agency"].to_numpy(),
        "name": by_index.loc[sel["agency"], "name"].to_numpy(),
        "stratum": np.asarray(names, dtype=object)[sel["stratum"]] if len(names) else [],
        "risk": sel["risk"],
        "reason": np.where(sel["cycle_due"], "cycle due", "risk sample"),
    })
    base = by_index.loc[sel["agency"], "explanation"].to_numpy()
    due_text = np.where(sel["cycle_due"], f"due in the {cycle}-year cycle", "selected with probability ∝ risk")
    selections["explanation"] = [f"{d}: {b}" for d, b in zip(due_text, base, strict=True)]
    strata_df = pd.DataFrame({
        "stratum": np.asarray(names, dtype=object)[st["stratum"]] if len(names) else [],
        "year": st["year"], "units": st["units"], "required": st["required"], "selected": st["selected"],
        "due": st["due"],
    })
    strata_df["achieved"] = strata_df["selected"] / strata_df["units"]
    return InspectionPlan(year, fraction, seed, int(cycle_out), selections, strata_df, risk,
                          {"years": years, "capacity_per_month": capacity, "risk_floor": risk_floor})
