"""Compliance cost (chi phí tuân thủ) of administrative procedures, before and after a scenario.

The method is Circular 02/2017/TT-VPCP art. 27 and the OECD Standard Cost
Model (SCM): the cost of one dossier is the work it takes (component
preparation, forms, waiting at the counter, travel) priced at an hourly
income, plus out-of-pocket costs (copies, notarisation, postage), fees and
charges, and vehicle costs; the annual cost multiplies by the dossiers a year
(SCM: Σ P × Q, P = tariff × time, Q = population × frequency). Every
parameter lives in :class:`CostParams` with its source; values not found in a
primary text are marked unconfirmed.

Examples
--------
>>> import cchc
>>> m = cchc.datasets.lai_chau_2021()
>>> s = cchc.Scenario("Trực tuyến hộ tịch").set_online(field="Hộ tịch", level="full", share=0.5)
>>> r = cchc.compliance_cost(m, scenario=s)
>>> r.saving > 0
True
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cchc import _core
from cchc._files import write_excel, write_text
from cchc._markup import html_text, md_text
from cchc._plot import literal, literals, mark_zeros

if TYPE_CHECKING:
    from cchc.model import Model
    from cchc.scenario import Scenario

__all__ = ["CostParams", "CostReport", "compliance_cost", "evaluate_scenarios", "RESOLUTION_68_TARGET_PCT"]

#: Resolution 68/NQ-CP (2020): cut at least 20% of compliance cost in 2020–2025.
RESOLUTION_68_TARGET_PCT = 20.0

_D: dict[str, Any] = _core.cost_defaults()


def _level_dict(name: str) -> Any:
    return field(default_factory=lambda: dict(_D[name]))


@dataclass
class CostParams:
    """Parameters of the compliance-cost engine; defaults documented in :meth:`sources`.

    Attributes
    ----------
    income_per_month, hours_per_month : float
        The hourly income (tariff) is ``income_per_month / hours_per_month``
        (VND per hour); default: average monthly income per capita 2021 over
        176 working hours (*unconfirmed* as the official basis).
    form_hours : float
        Hours to fill in the forms, per dossier.
    waiting_hours : float
        Hours queueing at the counter, per trip.
    optional_component_weight : float
        Share of dossiers that attach an optional component (0: the Circular's lower average).
    copy_price_per_page, pages_per_copy, notarisation_per_copy, postage : float
        Out-of-pocket prices (VND); notarisation = chứng thực bản sao.
    online_share_partial, online_share_full : float
        Share of dossiers filed online for partial / full online procedures.
    postal_share : float
        Share of counter dossiers whose result is posted, where postal return is offered.
    default_km, vnd_per_km, trip_fixed_vnd, km_per_hour, trip_fixed_hours : dict
        Travel by desk level (``province``, ``district``, ``commune``, ``central``);
        ``default_km`` applies when an agency has no ``travel_km``.
    online_share_by_procedure, postal_share_by_procedure : dict
        Observed or planned shares per procedure code, overriding the defaults.

    Examples
    --------
    >>> p = cchc.CostParams(income_per_month=3_000_000)
    >>> round(p.hourly_income)
    17045
    >>> cchc.CostParams.sources()[["name", "value", "confirmed"]].head(3)  # doctest: +SKIP
    """

    income_per_month: float = _D["income_per_month"]
    hours_per_month: float = _D["hours_per_month"]
    form_hours: float = _D["form_hours"]
    waiting_hours: float = _D["waiting_hours"]
    optional_component_weight: float = _D["optional_component_weight"]
    copy_price_per_page: float = _D["copy_price_per_page"]
    pages_per_copy: float = _D["pages_per_copy"]
    notarisation_per_copy: float = _D["notarisation_per_copy"]
    postage: float = _D["postage"]
    online_share_partial: float = _D["online_share_partial"]
    online_share_full: float = _D["online_share_full"]
    postal_share: float = _D["postal_share"]
    default_km: dict[str, float] = _level_dict("default_km")
    vnd_per_km: dict[str, float] = _level_dict("vnd_per_km")
    trip_fixed_vnd: dict[str, float] = _level_dict("trip_fixed_vnd")
    km_per_hour: dict[str, float] = _level_dict("km_per_hour")
    trip_fixed_hours: dict[str, float] = _level_dict("trip_fixed_hours")
    online_share_by_procedure: dict[str, float] = field(default_factory=dict)
    postal_share_by_procedure: dict[str, float] = field(default_factory=dict)

    @property
    def hourly_income(self) -> float:
        """VND per hour of work: the SCM tariff."""
        return self.income_per_month / self.hours_per_month

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (the form the C++ engine takes)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CostParams:
        """Build from a dict; unknown keys raise ``TypeError``, bad values :class:`cchc.Error`."""
        p = cls(**d)
        p.validate()
        return p

    def replace(self, **changes: Any) -> CostParams:
        """A copy with some parameters changed."""
        return dataclasses.replace(self, **changes)

    def validate(self) -> None:
        """Raise :class:`cchc.Error` naming the first bad parameter."""
        _core.cost_params_check(self.to_dict())

    def sources(self) -> pd.DataFrame:
        """Each parameter's value, unit, source and whether a primary text confirmed it."""
        rows = pd.DataFrame(_core.cost_sources())
        values = self.to_dict()
        rows.insert(1, "value", [values.get(n) for n in rows["name"]])
        return rows


def _frame(raw: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(raw)


@dataclass
class CostReport:
    """Compliance cost of a model, before and after a scenario (VND per year).

    Attributes
    ----------
    before, after, saving : float
        Annual totals (VND/year); ``saving = before - after``.
    saving_pct : float
        ``100 * saving / before`` (0 when there is no cost).
    by_procedure : pandas.DataFrame
        One row per procedure of the base model: code, name, field, level,
        volume, cost per dossier and annual cost before/after, saving, saving %,
        status (unchanged / changed / abolished / merged) and the actions
        applied (nội dung đơn giản hóa).
    by_agency : pandas.DataFrame
        Per implementing agency: dossiers, annual cost before/after, saving, %.
    """

    model: Model
    model_after: Model
    scenario: Scenario | None
    params: CostParams
    _before: dict[str, Any] = field(repr=False)
    _after: dict[str, Any] = field(repr=False)
    _touched: list[Any] = field(repr=False, default_factory=list)

    # -- totals ---------------------------------------------------------------
    @property
    def before(self) -> float:
        """Annual compliance cost before the scenario (VND/year)."""
        return float(self._before["total_annual"])

    @property
    def after(self) -> float:
        """Annual compliance cost after the scenario (VND/year)."""
        return float(self._after["total_annual"])

    @property
    def saving(self) -> float:
        """``before - after`` (VND/year)."""
        return self.before - self.after

    @property
    def saving_pct(self) -> float:
        """Cut in percent of ``before``."""
        return 100.0 * self.saving / self.before if self.before > 0 else 0.0

    @property
    def hourly_income(self) -> float:
        """The tariff used (VND/hour)."""
        return float(self._before["hourly_income"])

    @property
    def meets_resolution_68(self) -> bool:
        """Whether the cut reaches Resolution 68/NQ-CP's target (≥ 20% of compliance cost)."""
        return self.saving_pct >= RESOLUTION_68_TARGET_PCT

    # -- tables ---------------------------------------------------------------
    def _procedures(self, model: Model, raw: dict[str, Any]) -> pd.DataFrame:
        t = model.procedures.to_pandas()[["code", "name", "field", "levels"]]
        df = pd.concat([t.reset_index(drop=True), _frame(raw["procedures"])], axis=1)
        df.insert(3, "level", df["levels"].str.split(",").str[0])
        return df.drop(columns="levels")

    def _actions_by_code(self) -> pd.DataFrame:
        if not self._touched or self.scenario is None:
            return pd.DataFrame({"code": pd.Series(dtype=str), "actions": pd.Series(dtype=str),
                                 "kind": pd.Series(dtype=str)})
        acts = self.scenario.actions
        text = [a.get("note") or d for a, d in zip(acts, self.scenario.describe(), strict=True)]
        t = pd.DataFrame(self._touched, columns=["code", "k"]).drop_duplicates()
        t["text"] = np.asarray(text, dtype=object)[t["k"].to_numpy()]
        t["kind"] = np.asarray([a["action"] for a in acts], dtype=object)[t["k"].to_numpy()]
        g = t.groupby("code", sort=False)
        return pd.DataFrame({
            "actions": g["text"].agg(lambda s: "; ".join(dict.fromkeys(s))),
            "kind": g["kind"].agg(lambda s: ",".join(s)),
        }).reset_index()

    @property
    def by_procedure(self) -> pd.DataFrame:
        """Per procedure: before, after, saving and % (see the class docstring)."""
        b = self._procedures(self.model, self._before)
        a = self._procedures(self.model_after, self._after)[["code", "volume", "per_dossier", "annual"]]
        df = b[["code", "name", "field", "level", "volume", "per_dossier", "annual"]].merge(
            a, on="code", how="left", suffixes=("_before", "_after"))
        gone = df["annual_after"].isna()
        df[["volume_after", "annual_after"]] = df[["volume_after", "annual_after"]].fillna(0.0)
        df["saving"] = df["annual_before"] - df["annual_after"]
        with np.errstate(divide="ignore", invalid="ignore"):
            df["saving_pct"] = np.where(df["annual_before"] > 0, 100.0 * df["saving"] / df["annual_before"], 0.0)
        acts = self._actions_by_code()
        df = df.merge(acts, on="code", how="left")
        df["actions"] = df["actions"].fillna("")
        status = np.where(df["actions"] == "", "unchanged", "changed").astype(object)
        merged = df["kind"].fillna("").str.contains("merge")
        status[gone.to_numpy() & merged.to_numpy()] = "merged"
        status[gone.to_numpy() & ~merged.to_numpy()] = "abolished"
        df["status"] = status
        return df.drop(columns="kind")

    @property
    def by_agency(self) -> pd.DataFrame:
        """Per implementing agency: dossiers and annual cost before/after, saving and %."""
        ag = self.model.agencies.to_pandas()[["code", "name", "level"]]
        b, a = self._before["agencies"], self._after["agencies"]
        df = ag.assign(volume_before=b["volume"], volume_after=a["volume"], annual_before=b["annual"],
                       annual_after=a["annual"])
        df["saving"] = df["annual_before"] - df["annual_after"]
        with np.errstate(divide="ignore", invalid="ignore"):
            df["saving_pct"] = np.where(df["annual_before"] > 0, 100.0 * df["saving"] / df["annual_before"], 0.0)
        return df[(df["volume_before"] > 0) | (df["volume_after"] > 0)].reset_index(drop=True)

    def by(self, key: str) -> pd.DataFrame:
        """Totals grouped by ``"field"`` or ``"level"`` (of the procedure), with saving and %."""
        if key not in ("field", "level"):
            raise ValueError("group by 'field' or 'level'")
        df = self.by_procedure.groupby(key, observed=True)[
            ["volume_before", "volume_after", "annual_before", "annual_after", "saving"]].sum()
        df["procedures"] = self.by_procedure.groupby(key, observed=True).size()
        with np.errstate(divide="ignore", invalid="ignore"):
            df["saving_pct"] = np.where(df["annual_before"] > 0, 100.0 * df["saving"] / df["annual_before"], 0.0)
        return df.sort_values("annual_before", ascending=False).reset_index()

    @property
    def by_field(self) -> pd.DataFrame:
        """Totals per field (lĩnh vực)."""
        return self.by("field")

    @property
    def by_level(self) -> pd.DataFrame:
        """Totals per implementing level."""
        return self.by("level")

    def breakdown(self, which: str = "before") -> pd.DataFrame:
        """The SCM view per procedure: tariff, time, P = tariff × time, Q, and the money terms.

        Columns: ``tariff`` (VND/hour), ``time`` (hours per dossier),
        ``P_time`` (tariff × time), ``out_of_pocket``, ``fees``, ``travel``,
        ``trips`` (expected per dossier), ``per_dossier``, ``Q`` (dossiers a
        year = population × frequency) and ``annual`` (= per_dossier × Q).
        """
        if which not in ("before", "after"):
            raise ValueError("which is 'before' or 'after'")
        model, raw = (self.model, self._before) if which == "before" else (self.model_after, self._after)
        df = self._procedures(model, raw)
        return pd.DataFrame({
            "code": df["code"], "name": df["name"], "field": df["field"], "level": df["level"],
            "tariff": raw["hourly_income"], "time": df["hours"], "P_time": df["time_cost"],
            "out_of_pocket": df["out_of_pocket"], "fees": df["fees"], "travel": df["travel"], "trips": df["trips"],
            "per_dossier": df["per_dossier"], "Q": df["volume"], "annual": df["annual"],
        })

    def lines(self, which: str = "before") -> pd.DataFrame:
        """Per (procedure, implementing agency): dossiers, cost per dossier, annual cost."""
        model, raw = (self.model, self._before) if which == "before" else (self.model_after, self._after)
        ln = _frame(raw["lines"])
        ln["procedure"] = pd.Categorical.from_codes(ln["procedure"], categories=model._codes("procedures"))
        ln["agency"] = pd.Categorical.from_codes(ln["agency"], categories=model._codes("agencies"))
        return ln

    # -- the plan table -----------------------------------------------------
    def plan_table(self, lang: str = "vi", changed_only: bool = True) -> pd.DataFrame:
        """The simplification-plan table: before, after, saving and % per procedure, with a total row.

        Parameters
        ----------
        lang : {"vi", "en"}
            Column headers in Vietnamese (as in provincial plans) or English.
        changed_only : bool
            Only procedures a scenario action touched (all when there is no scenario).
        """
        df = self.by_procedure
        if changed_only and self.scenario is not None and len(self.scenario):
            df = df[df["status"] != "unchanged"]
        out = pd.DataFrame({
            "no": np.arange(1, len(df) + 1),
            "code": df["code"].to_numpy(),
            "name": df["name"].to_numpy(),
            "field": df["field"].to_numpy(),
            "actions": df["actions"].to_numpy(),
            "before": df["annual_before"].round().astype("int64").to_numpy(),
            "after": df["annual_after"].round().astype("int64").to_numpy(),
            "saving": df["saving"].round().astype("int64").to_numpy(),
            "saving_pct": df["saving_pct"].round(2).to_numpy(),
        })
        tb, ta = float(df["annual_before"].sum()), float(df["annual_after"].sum())
        total = {"no": "", "code": "", "name": "Tổng cộng" if lang == "vi" else "Total", "field": "",
                 "actions": f"{len(df)} thủ tục" if lang == "vi" else f"{len(df)} procedures",
                 "before": round(tb), "after": round(ta), "saving": round(tb - ta),
                 "saving_pct": round(100.0 * (tb - ta) / tb, 2) if tb > 0 else 0.0}
        out = pd.concat([out.astype({"no": object}), pd.DataFrame([total])], ignore_index=True)
        out = out.astype({"before": "int64", "after": "int64", "saving": "int64"})
        if lang == "vi":
            out.columns = ["STT", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Nội dung đơn giản hóa",
                           "Chi phí tuân thủ trước (đồng/năm)", "Chi phí tuân thủ sau (đồng/năm)",
                           "Chi phí tiết kiệm (đồng/năm)", "Tỷ lệ cắt giảm (%)"]
        elif lang == "en":
            out.columns = ["No.", "Code", "Procedure", "Field", "Simplification", "Cost before (VND/yr)",
                           "Cost after (VND/yr)", "Saving (VND/yr)", "Cut (%)"]
        else:
            raise ValueError("lang is 'vi' or 'en'")
        return out

    def to_markdown(self, path: str | os.PathLike[str] | None = None, lang: str = "vi") -> str:
        """The plan table as Markdown (numbers with thousands separators, text escaped); written to ``path``
        atomically if given."""
        t = self.plan_table(lang)
        cols = list(t.columns)

        def cell(v: Any) -> str:
            if isinstance(v, float | int | np.floating | np.integer) and not isinstance(v, bool):
                return f"{v:,.2f}" if isinstance(v, float | np.floating) and v != round(v) else f"{v:,.0f}"
            return md_text(v)

        lines = ["| " + " | ".join(md_text(c) for c in cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in t.itertuples(index=False)]
        text = "\n".join(lines) + "\n"
        if path is not None:
            write_text(path, text)
        return text

    def to_html(self, path: str | os.PathLike[str] | None = None, lang: str = "vi") -> str:
        """The plan table as an HTML table (text escaped); written to ``path`` atomically if given."""
        text = self.plan_table(lang).to_html(index=False, float_format=lambda v: f"{v:,.2f}", escape=True)
        if path is not None:
            write_text(path, text)
        return text

    def to_excel(self, path: str | os.PathLike[str], lang: str = "vi") -> None:
        """The plan table, per-field totals and parameters as sheets of an Excel workbook (needs openpyxl),
        saved atomically; text is never a formula."""
        write_excel({"plan": self.plan_table(lang), "by_field": self.by_field,
                     "parameters": self.params.sources().astype({"value": str})}, path)

    # -- plots ----------------------------------------------------------------
    def plot(self, kind: str = "bar", top: int = 15, by: str = "procedure", ax: Any = None) -> Any:
        """Plot before/after (``kind="bar"``) or the saving as a waterfall (``kind="waterfall"``).

        Needs matplotlib (``pip install cchc[plot]``). Returns the Axes.
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("plotting needs matplotlib: pip install 'cchc[plot]'") from exc
        if by == "procedure":
            df = self.by_procedure.assign(label=lambda d: d["code"])
        elif by in ("field", "level"):
            df = self.by(by).assign(label=lambda d: d[by].astype(str))
        else:
            raise ValueError("by is 'procedure', 'field' or 'level'")
        df = df.sort_values("saving", ascending=False).head(top)
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 4.5))
        bn = 1e9
        if kind == "bar":
            x = np.arange(len(df))
            ax.bar(x - 0.2, df["annual_before"] / bn, 0.4, label="before", color="tab:blue")
            ax.bar(x + 0.2, df["annual_after"] / bn, 0.4, label="after", color="tab:orange")
            mark_zeros(ax, x + 0.2, df["annual_after"], "tab:orange")  # an abolished procedure: after = 0
            ax.set_xticks(x, literals(df["label"]), rotation=60, ha="right")
            ax.set_ylabel("bn VND / year")
            ax.legend()
        elif kind == "waterfall":
            steps = [-(s / bn) for s in df["saving"]]
            other = -(self.saving / bn) - sum(steps)
            labels = ["before", *df["label"], "other", "after"]
            level = self.before / bn
            ax.bar(0, level, color="tab:blue")
            for i, d in enumerate([*steps, other], 1):
                ax.bar(i, d, bottom=level, color="tab:green" if d <= 0 else "tab:red")
                level += d
            ax.bar(len(labels) - 1, self.after / bn, color="tab:blue")
            ax.set_xticks(range(len(labels)), literals(labels), rotation=60, ha="right")
            ax.set_ylabel("bn VND / year")
        else:
            raise ValueError("kind is 'bar' or 'waterfall'")
        name = self.scenario.name if self.scenario is not None else ""
        ax.set_title(literal(f"Compliance cost {name}: −{self.saving_pct:.1f}%"))
        return ax

    # -- display --------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        """Headline numbers."""
        return {"before": self.before, "after": self.after, "saving": self.saving,
                "saving_pct": self.saving_pct, "meets_resolution_68": self.meets_resolution_68,
                "hourly_income": self.hourly_income}

    def __repr__(self) -> str:
        name = f" {self.scenario.name!r}" if self.scenario is not None else ""
        return (f"<cchc.CostReport{name}: {self.before / 1e9:,.2f} → {self.after / 1e9:,.2f} bn VND/yr, "
                f"saving {self.saving / 1e9:,.2f} bn ({self.saving_pct:.2f}%)>")

    def _repr_html_(self) -> str:
        head = html_text(repr(self))
        return f"<p>{head}</p>" + self.plan_table().head(20).to_html(index=False, escape=True)


def compliance_cost(model: Model, scenario: Scenario | None = None, params: CostParams | None = None) -> CostReport:
    """Compliance cost of every procedure, before and (with ``scenario``) after simplification.

    Parameters
    ----------
    model : cchc.Model
    scenario : cchc.Scenario, optional
        Applied with :func:`cchc.apply`; its online and postal shares enter the "after" cost.
    params : cchc.CostParams, optional
        Defaults to ``CostParams()``.

    Returns
    -------
    CostReport
        ``.before``, ``.after``, ``.saving``, ``.saving_pct`` (VND/year),
        ``.by_procedure``, ``.by_agency``, ``.by_field``, ``.plan_table()``, ``.plot()``.

    Examples
    --------
    >>> r = cchc.compliance_cost(m, cchc.Scenario("x").set_trips("*", 1))  # doctest: +SKIP
    >>> r.plan_table().tail(1)  # doctest: +SKIP
    """
    from cchc.scenario import _apply

    params = params or CostParams()
    p = params.to_dict()
    before = _core.compliance_cost(model._core, p)
    if scenario is None:
        return CostReport(model, model, None, params, before, before, [])
    after_model, p2, touched = _apply(model, scenario, params)
    after = _core.compliance_cost(after_model._core, p2)
    return CostReport(model, after_model, scenario, params, before, after, list(touched))


def evaluate_scenarios(
    model: Model, scenarios: list[Scenario], params: CostParams | None = None, threads: int = 0
) -> pd.DataFrame:
    """Annual compliance cost after each of many scenarios, fast (for sweeps and optimisation).

    The base model is costed once; each scenario recosts only the procedures
    it touches, without building a new model, in ``threads`` C++ threads
    (0: all cores) with the GIL released. Totals equal
    ``compliance_cost(model, s, params).after`` for every scenario.

    Returns
    -------
    pandas.DataFrame
        One row per scenario: name, before, after, saving, saving_pct, procedures_touched.

    Examples
    --------
    >>> plans = [cchc.Scenario(f"cut {k}").set_trips("*", k) for k in (0, 1)]
    >>> cchc.evaluate_scenarios(m, plans)[["name", "saving_pct"]]  # doctest: +SKIP
    """
    ev = _core.ScenarioEvaluator(model._core, (params or CostParams()).to_dict())
    after, touched = ev.evaluate_many([s.to_json(indent=None) for s in scenarios], threads)
    before = float(ev.baseline)
    df = pd.DataFrame({"name": [s.name for s in scenarios], "before": before, "after": after})
    df["saving"] = df["before"] - df["after"]
    df["saving_pct"] = 100.0 * df["saving"] / before if before > 0 else 0.0
    df["procedures_touched"] = touched
    return df
