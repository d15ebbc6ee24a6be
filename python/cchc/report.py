"""One report to send: a self-contained HTML (or Markdown) file on a province.

:func:`build` gathers the sections that have data: the catalogue (danh mục thủ tục hành
chính), the simplification plan (compliance cost before/after a scenario), simulation
results, organisation findings, training compliance and plan, the inspection list and the
scorecards. :meth:`Report.to_html` writes one UTF-8 file with no external assets: the CSS is
inline and the charts are inline SVG (matplotlib). Every section starts with a table of key
figures (``<table class="figures" id="figures-<section>">``, each value also in a
``data-value`` attribute) so the numbers can be checked by machine.
Every string taken from data (names, codes, notes, scenario and pack names) is escaped for the
format it goes into (:mod:`cchc._markup`) and drawn literally in the charts (:mod:`cchc._plot`):
a name like ``<img src=x onerror=...>`` or ``50% $ hoặc 60% $`` is shown as written.

Examples
--------
>>> m = cchc.datasets.lai_chau_2021()
>>> r = cchc.report.build(m, scenario=cchc.Scenario("2021").set_online(field="Hộ tịch"))  # doctest: +SKIP
>>> r.save("report.html"); r.save("report.md")                                           # doctest: +SKIP

From the command line: ``cchc report province.json --out report.html``.
"""

from __future__ import annotations

import argparse
import io
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc._files import fspath, write_text
from cchc._markup import html_text, md_text
from cchc._plot import hbars, mark_zeros
from cchc.errors import Error
from cchc.model import Model

__all__ = ["SECTIONS", "Report", "Section", "add_report_command", "build", "report_format"]

#: Section ids in report order, with their titles.
SECTIONS: dict[str, str] = {
    "catalogue": "Danh mục thủ tục hành chính (procedure catalogue)",
    "simplification": "Phương án đơn giản hóa (simplification plan and compliance cost)",
    "simulation": "Mô phỏng giải quyết hồ sơ (service simulation)",
    "organisation": "Tổ chức bộ máy (organisation)",
    "training": "Bồi dưỡng cán bộ, công chức, viên chức (training)",
    "inspection": "Kế hoạch kiểm tra CCHC (inspection plan)",
    "scorecards": "Chỉ số CCHC (scorecards)",
}


@dataclass
class Section:
    """A section: key figures (name → (value, formatted)), tables, SVG charts and notes."""

    id: str
    title: str
    figures: list[tuple[str, str, float | str, str]] = field(default_factory=list)  # key, label, value, text
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    charts: list[tuple[str, str]] = field(default_factory=list)  # caption, svg
    notes: list[str] = field(default_factory=list)

    def figure(self, key: str, label: str, value: Any, text: str | None = None) -> None:
        if text is None:
            text = _fmt(value)
        self.figures.append((key, label, value, text))

    def values(self) -> dict[str, Any]:
        """Key figures by key (the unformatted values)."""
        return {k: v for k, _, v, _ in self.figures}


def _fmt(value: Any) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return "–"
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"
    return str(value)


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):  # text stays text: the browser renders Vietnamese
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def _new_fig(w: float = 7, h: float = 3.2) -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(w, h))


@dataclass
class Report:
    """The sections of a report; write with :meth:`save`, :meth:`to_html` or :meth:`to_markdown`."""

    title: str
    subtitle: str
    sections: list[Section]

    def __getitem__(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(f"no section {section_id!r} in this report (sections: {', '.join(self.ids)})")

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def to_html(self) -> str:
        """The whole report as one self-contained HTML document (UTF-8); every data string escaped."""
        e = html_text
        out = ["<!DOCTYPE html>", '<html lang="vi">', "<head>", '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{e(self.title)}</title>",
               f"<style>{_CSS}</style>", "</head>", "<body>", f"<h1>{e(self.title)}</h1>",
               f'<p class="subtitle">{e(self.subtitle)}</p>', '<nav><ol>']
        out += [f'<li><a href="#{s.id}">{e(s.title)}</a></li>' for s in self.sections]
        out.append("</ol></nav>")
        for s in self.sections:
            out.append(f'<section id="{s.id}"><h2>{e(s.title)}</h2>')
            if s.figures:
                out.append(f'<table class="figures" id="figures-{s.id}"><tbody>')
                for key, label, value, text in s.figures:
                    out.append(f'<tr><th>{e(label)}</th><td data-key="{e(key)}" data-value="{e(str(value))}">'
                               f"{e(text)}</td></tr>")
                out.append("</tbody></table>")
            for note in s.notes:
                out.append(f'<p class="note">{e(note)}</p>')
            for caption, svg in s.charts:
                out.append(f'<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>')
            for i, (caption, df) in enumerate(s.tables):
                out.append(f"<h3>{e(caption)}</h3>")
                out.append(_html_table(df, f"table-{s.id}-{i}"))
            out.append("</section>")
        out += [f'<footer>cchc — {e(date.today().isoformat())}</footer>', "</body>", "</html>"]
        return "\n".join(out)

    def to_markdown(self) -> str:
        """The report as Markdown (tables as pipe tables; charts left out); every data string escaped."""
        out = [f"# {md_text(self.title)}", "", md_text(self.subtitle), ""]
        for s in self.sections:
            out += [f"## {md_text(s.title)}", ""]
            if s.figures:
                out += ["| | |", "|---|---:|"] + [f"| {md_text(label)} | {md_text(text)} |"
                                                   for _, label, _, text in s.figures]
                out.append("")
            out += [f"*{md_text(n)}*\n" for n in s.notes]
            for caption, df in s.tables:
                out += [f"### {md_text(caption)}", "", _md_table(df), ""]
        return "\n".join(out)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write HTML (``.html``/``.htm``) or Markdown (``.md``) by extension, UTF-8, atomically
        (see :meth:`cchc.Model.save`)."""
        p = Path(fspath(path))
        write_text(p, self.to_html() if report_format(p) == "html" else self.to_markdown())
        return p

    def _repr_html_(self) -> str:
        return self.to_html()


def report_format(path: str | os.PathLike[str]) -> str:
    """The format :meth:`Report.save` writes to ``path``, by its extension: ``"html"`` (``.html``,
    ``.htm``) or ``"markdown"`` (``.md``, ``.markdown``); :class:`cchc.Error` for any other."""
    suffix = Path(fspath(path)).suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    raise Error(f"report: cannot write {Path(fspath(path)).name!r}: use .html or .md")


_CSS = (
    "body{font-family:'Segoe UI','Noto Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;"
    "color:#222;line-height:1.45}h1{font-size:1.6em}h2{border-bottom:2px solid #b22;padding-bottom:.2em;"
    "margin-top:2em}h3{font-size:1.05em}table{border-collapse:collapse;margin:.6em 0;font-size:.88em}"
    "th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}thead th{background:#f3f3f3}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}table.figures th{text-align:left;background:#fafafa}"
    "table.figures td{text-align:right}.subtitle,.note{color:#555}figure{margin:1em 0}figure svg{max-width:100%;"
    "height:auto}figcaption{font-size:.85em;color:#555}footer{margin-top:3em;color:#888;font-size:.8em}"
)


def _cell(v: Any) -> tuple[str, bool]:
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return "", True
        return (f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.4g}"), True
    if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
        return f"{int(v):,}", True
    return ("" if v is None else str(v)), False


def _html_table(df: pd.DataFrame, table_id: str) -> str:
    e = html_text
    head = "".join(f"<th>{e(str(c))}</th>" for c in df.columns)
    rows = []
    for rec in df.itertuples(index=False):  # report tables are short (head/top-N)
        cells = []
        for v in rec:
            text, num = _cell(v)
            cells.append(f'<td class="num">{e(text)}</td>' if num else f"<td>{e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _md_table(df: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(md_text(c) for c in df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(md_text(_cell(v)[0]) for v in rec) + " |" for rec in df.itertuples(index=False)]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Sections


def _catalogue(m: Model) -> Section:
    s = Section("catalogue", SECTIONS["catalogue"])
    summary = m.summary()
    procs = m.procedures.to_pandas()
    s.figure("procedures", "Thủ tục hành chính (procedures)", len(procs))
    online = procs["online_level"].astype(str)
    s.figure("full_online", "Trực tuyến toàn trình (full online)", int((online == "full").sum()))
    s.figure("partial_online", "Trực tuyến một phần (partial online)", int((online == "partial").sum()))
    s.figure("annual_dossiers", "Hồ sơ/năm (dossiers per year)", float(procs["annual_volume"].sum())
             if "annual_volume" in procs else float(summary.get("annual_dossiers", 0)))
    s.figure("agencies", "Cơ quan, đơn vị (agencies and units)", int(summary.get("agencies", len(m.agencies))))
    by_field = (procs.assign(full=(online == "full").to_numpy())
                .groupby("field", observed=True)
                .agg(procedures=("code", "size"), full_online=("full", "sum"),
                     **({"dossiers": ("annual_volume", "sum")} if "annual_volume" in procs else {}))
                .reset_index().rename(columns={"field": "lĩnh vực (field)"}))
    sort = "dossiers" if "dossiers" in by_field else "procedures"
    by_field = by_field.sort_values(sort, ascending=False)
    s.tables.append(("Theo lĩnh vực (by field, busiest 15)", by_field.head(15)))
    if len(by_field):
        fig, ax = _new_fig()
        top = by_field.head(12)
        hbars(ax, top["lĩnh vực (field)"], top["procedures"], fmt=lambda v: f"{v:,.0f}", color="#b22")
        ax.set_xlabel("procedures")
        s.charts.append(("Thủ tục theo lĩnh vực (procedures by field)", _svg(fig)))
    return s


def _simplification(cost: Any) -> Section:
    s = Section("simplification", SECTIONS["simplification"])
    s.figure("before", "Chi phí trước (cost before, đồng/năm)", float(cost.before))
    s.figure("after", "Chi phí sau (cost after, đồng/năm)", float(cost.after))
    s.figure("saving", "Tiết kiệm (saving, đồng/năm)", float(cost.saving))
    s.figure("saving_pct", "Tỷ lệ cắt giảm (cut, %)", float(cost.saving_pct), f"{cost.saving_pct:.2f}%")
    bp = cost.by_procedure
    changed = bp[bp["status"] != "unchanged"]
    s.figure("procedures_changed", "Thủ tục được đơn giản hóa (procedures simplified)", len(changed))
    s.figure("meets_resolution_68", "Đạt Nghị quyết 68/NQ-CP (≥ 20%)", bool(cost.meets_resolution_68))
    if cost.scenario is not None:
        s.notes.append(f"Phương án (scenario): {cost.scenario.name}")
    cols = [c for c in ("code", "name", "field", "annual_before", "annual_after", "saving", "saving_pct", "status",
                        "actions") if c in bp.columns]
    s.tables.append(("Thủ tục tiết kiệm nhiều nhất (largest savings)", changed.sort_values("saving", ascending=False)
                     .head(20)[cols]))
    if len(changed):
        fig, ax = _new_fig()
        ax.bar([0, 1], [cost.before / 1e6, cost.after / 1e6], color=["#888", "#b22"])
        ax.set_xticks([0, 1], ["trước (before)", "sau (after)"])
        mark_zeros(ax, [0, 1], [cost.before, cost.after], "#b22")
        ax.set_ylabel("triệu đồng/năm (million VND/yr)")
        s.charts.append(("Chi phí tuân thủ trước/sau (compliance cost before/after)", _svg(fig)))
    return s


def _simulation(r: Any) -> Section:
    s = Section("simulation", SECTIONS["simulation"])
    summ = r.summary()
    s.figure("on_time_rate", "Tỷ lệ đúng hạn (on-time rate)", float(r.on_time_rate), f"{100 * r.on_time_rate:.2f}%")
    for key, label in (("lead_time_mean_days", "Thời gian giải quyết TB (mean lead time, days)"),
                       ("trips_per_dossier", "Số lần đi lại/hồ sơ (trips per dossier)"),
                       ("finished", "Hồ sơ hoàn thành (dossiers finished)")):
        if key in summ.index:
            s.figure(key, label, float(summ.loc[key, "mean"]))
    s.figure("replications", "Số lần lặp (replications)", int(summ.attrs.get("replications", 0)))
    s.tables.append(("Chỉ số chính (headline metrics, mean and 95% CI)", summ.reset_index(names="metric")
                     [["metric", "mean", "ci95_low", "ci95_high"]]))
    ba = r.by_agency()
    cols = [c for c in ("code", "name", "dossiers", "on_time_rate", "lead_time_mean_days", "utilisation") if c in ba]
    worst = ba[ba["dossiers"] > 0].nsmallest(15, "on_time_rate")[cols]
    s.tables.append(("Cơ quan có tỷ lệ đúng hạn thấp nhất (lowest on-time rate)", worst))
    try:
        fig, ax = _new_fig()
        r.plot_lead_times(ax=ax)
        s.charts.append(("Phân bố thời gian giải quyết (lead times)", _svg(fig)))
    except Exception:  # noqa: BLE001 — a chart must never stop the report
        pass
    return s


def _organisation(a: Any) -> Section:
    s = Section("organisation", SECTIONS["organisation"])
    o = a.summary()
    for key, label in (("units", "Cơ quan, đơn vị (units)"), ("tasks", "Nhiệm vụ (tasks)"),
                       ("tasks_without_chair", "Nhiệm vụ không có cơ quan chủ trì (no chair)"),
                       ("tasks_coordinate_only", "Nhiệm vụ chỉ có phối hợp (coordinate only)"),
                       ("tasks_with_several_chairs", "Nhiệm vụ nhiều cơ quan chủ trì (several chairs)"),
                       ("intermediate_units", "Đơn vị trung gian (intermediate units)"),
                       ("max_depth", "Số tầng (depth)"), ("quota", "Biên chế (staffing quota)"),
                       ("headcount", "Số người làm việc (headcount)"),
                       ("units_over_quota", "Đơn vị vượt biên chế (units over quota)")):
        s.figure(key, label, o[key])
    s.notes.append(f"Ngày phân tích (as of): {a.as_of}. Nguyên tắc: một việc chỉ giao một cơ quan chủ trì.")
    if len(a.chair_conflicts):
        s.tables.append(("Vi phạm nguyên tắc một cơ quan chủ trì (chair conflicts)",
                         a.chair_conflicts[["task", "name", "status", "chair_agencies"]].head(30)))
    over = a.staffing[a.staffing["over_quota"] > 0]
    if len(over):
        s.tables.append(("Đơn vị vượt biên chế (over quota)", over.sort_values("over_quota", ascending=False)
                         [["agency", "name", "quota", "headcount", "over_quota"]].head(20)))
    return s


def _training(compliance_total: pd.DataFrame, by_level: pd.DataFrame | None, plan: Any, as_of: str) -> Section:
    s = Section("training", SECTIONS["training"])
    row = compliance_total.iloc[0]
    s.figure("people", "Người đang công tác (people in service)", int(row["people"]))
    s.figure("requirements", "Yêu cầu bồi dưỡng (requirements)", int(row["requirements"]))
    s.figure("overdue", "Quá hạn (overdue)", int(row["overdue"]))
    s.figure("compliance_rate", "Tỷ lệ tuân thủ (compliance rate)", float(row["compliance_rate"]),
             f"{100 * row['compliance_rate']:.2f}%")
    s.notes.append(f"Ngày đánh giá (as of): {as_of}.")
    if by_level is not None and len(by_level):
        s.tables.append(("Theo cấp (by level)", by_level))
    if plan is not None:
        ps = plan.summary()
        s.figure("plan_year", "Kế hoạch năm (plan year)", int(ps["year"]), str(ps["year"]))
        s.figure("plan_people", "Người được cử đi học (people trained)", int(ps["people_trained"]))
        s.figure("plan_budget_used", "Kinh phí sử dụng (budget used, đồng)", int(ps["budget_used"]))
        s.figure("plan_gaps_closed", "Thiếu hụt được đáp ứng (gaps closed)", int(ps["gaps_closed"]))
    return s


def _inspection(p: Any) -> Section:
    s = Section("inspection", SECTIONS["inspection"])
    sm = p.summary()
    s.figure("year", "Năm (year)", int(sm["year"]), str(sm["year"]))
    s.figure("units", "Đơn vị thuộc diện kiểm tra (units)", int(sm["units"]))
    s.figure("inspections", "Số cuộc kiểm tra (inspections)", int(sm["inspections"]))
    s.figure("fraction", "Tỷ lệ tối thiểu mỗi nhóm (minimum share per stratum)", float(sm["fraction"]),
             f"{100 * sm['fraction']:.0f}%")
    s.figure("cycle_years", "Chu kỳ (cycle, years)", int(sm["cycle_years"]))
    st = p.strata[p.strata["year"] == p.year][["stratum", "units", "required", "selected", "achieved"]]
    s.tables.append(("Theo nhóm (by stratum; required = ⌈fraction × units⌉)", st))
    sel = p.selections[p.selections["year"] == p.year]
    s.tables.append(("Danh sách kiểm tra (inspection list)", sel[["month", "agency", "name", "stratum", "risk",
                                                                    "reason", "explanation"]]))
    return s


def _scorecards(cards: list[Any]) -> Section:
    s = Section("scorecards", SECTIONS["scorecards"])
    for sc in cards:
        pid = sc.pack.id
        sm = sc.summary()
        s.figure(f"{pid}.units", f"{sc.pack.name}: đơn vị (units)", int(sm["units"]))
        s.figure(f"{pid}.mean_total", f"{sc.pack.name}: điểm TB (mean score / {sm['max']:g})", float(sm["mean_total"]))
        if sm["units"] == 1:
            band = sc.scores["band"].iloc[0]
            if band:
                s.figure(f"{pid}.band", f"{sc.pack.name}: xếp loại (band)", str(band))
        areas = list(sc.pack.areas["id"])
        s.tables.append((f"{sc.pack.name} — xếp hạng (ranking)",
                         sc.scores[["rank", "unit", "name", "total", "band", *areas]].head(40)))
        first = sc.scores["unit"].iloc[0]
        detail = sc.criteria[(sc.criteria["unit"] == first) & (sc.criteria["depth"] > 0)]
        s.tables.append((f"{sc.pack.name} — chi tiết {first} (every score explained)",
                         detail[["id", "name", "points", "max", "explanation"]]))
        if len(sc.scores):
            fig, ax = _new_fig(7, min(8, 0.35 * min(len(sc.scores), 20) + 1.5))
            sc.plot(ax=ax, top=20)
            s.charts.append((f"{sc.pack.name}: điểm theo lĩnh vực (points by area)", _svg(fig)))
        missing = sm["missing_points"]
        if missing > 0:
            s.notes.append(f"{sc.pack.name}: trung bình {missing:.1f} điểm chưa có dữ liệu (no input/result): "
                           "0 điểm; xem cột explanation.")
    return s


# ---------------------------------------------------------------------------


def build(model: Model, *, scenario: Any = None, cost: Any = None, simulation: Any = None, org: Any = None,
          training: bool | Any = True, training_plan: Any = None, inspection: bool | Any = True,
          scorecards: bool | list[Any] = True, inputs: Any = None, sections: list[str] | None = None,
          as_of: str | None = None, year: int | None = None, seed: int = 0, title: str | None = None) -> Report:
    """Gather the report's sections from the model and the results given.

    Parameters
    ----------
    scenario, cost : Scenario or CostReport, optional
        The simplification plan (``cost`` is computed from ``scenario`` when not given).
    simulation : SimResult, optional
    org : OrgAnalysis, optional
        Computed when not given.
    training : bool or DataFrame
        Training compliance (computed on ``as_of`` when True and the model has people).
    training_plan : TrainingPlan, optional
    inspection : bool or InspectionPlan
        True: plan ``year`` (default: the year after ``as_of``) at 30% with ``seed``.
    scorecards : bool or list of Scorecard
        True: the PAR Index of the province and the service index of its agencies, from the
        results above and ``inputs``.
    sections : list of str, optional
        Only these section ids (:data:`SECTIONS`); sections without data are left out anyway.
    """
    from cchc import org as org_mod
    from cchc.scorecard import scorecard

    wanted = list(sections) if sections is not None else list(SECTIONS)
    bad = [x for x in wanted if x not in SECTIONS]
    if bad:
        raise Error(f"report: unknown section(s) {', '.join(bad)}; use {', '.join(SECTIONS)}")
    as_of = as_of or model.as_of or date.today().isoformat()
    year = year or int(as_of[:4]) + 1
    out: list[Section] = []
    if cost is None and scenario is not None and "simplification" in wanted:
        from cchc.cost import compliance_cost

        cost = compliance_cost(model, scenario=scenario)
    analysis = org if org is not None else org_mod.analyze(model, as_of)
    plan = None
    if isinstance(inspection, bool):
        if inspection and ("inspection" in wanted or "scorecards" in wanted):
            from cchc.inspection import plan as make_plan

            plan = make_plan(model, year=year, fraction=0.30, seed=seed)
    else:
        plan = inspection
    comp = None
    if isinstance(training, pd.DataFrame):
        comp = training
    elif training and len(model.people):
        from cchc import training as tr

        comp = tr.compliance(model, as_of=as_of, by="agency")
    cards: list[Any] = []
    if isinstance(scorecards, list):
        cards = scorecards
    elif scorecards and "scorecards" in wanted:
        results: dict[str, Any] = {"org": analysis}
        if cost is not None:
            results["cost"] = cost
        if simulation is not None:
            results["simulation"] = simulation
        if comp is not None:
            results["training"] = comp
        if plan is not None:
            results["inspection"] = plan
        cards = [scorecard(model, "par_index", inputs=_inputs_for(inputs, "par_index"), results=results, as_of=as_of)]
        unit_results = {k: v for k, v in results.items() if k != "inspection"}
        cards.append(scorecard(model, "service_index", inputs=_inputs_for(inputs, "service_index"),
                               results=unit_results, as_of=as_of))

    for sid in SECTIONS:
        if sid not in wanted:
            continue
        if sid == "catalogue" and len(model.procedures):
            out.append(_catalogue(model))
        elif sid == "simplification" and cost is not None:
            out.append(_simplification(cost))
        elif sid == "simulation" and simulation is not None:
            out.append(_simulation(simulation))
        elif sid == "organisation" and len(analysis.structure):
            out.append(_organisation(analysis))
        elif sid == "training" and comp is not None and len(comp):
            total = pd.DataFrame([{k: comp[k].sum() for k in ("people", "requirements", "overdue")}])
            total["compliance_rate"] = 1.0 - total["overdue"] / total["requirements"] if total["requirements"].iloc[0] else 1.0
            from cchc import training as tr

            by_level = tr.compliance(model, as_of=as_of, by="level") if not isinstance(training, pd.DataFrame) else None
            if by_level is not None:
                by_level = by_level[["level", "people", "requirements", "overdue", "compliance_rate"]]
            out.append(_training(total, by_level, training_plan, as_of))
        elif sid == "inspection" and plan is not None:
            out.append(_inspection(plan))
        elif sid == "scorecards" and cards:
            out.append(_scorecards(cards))
    title = title or f"Báo cáo cải cách hành chính — {model.name}"
    return Report(title, f"Số liệu đến ngày (data as of) {as_of} · cchc", out)


def _inputs_for(inputs: Any, pack_id: str) -> Any:
    """Inputs for one pack: a mapping {pack id: inputs}, or one inputs source whose criteria start with the pack's
    area ids (rows for other packs dropped)."""
    if inputs is None:
        return None
    if isinstance(inputs, dict) and pack_id in inputs:
        return inputs[pack_id]
    if isinstance(inputs, dict) and set(inputs) <= {"par_index", "service_index"}:
        return None
    from cchc.scorecard import load_pack, read_inputs

    table = read_inputs(inputs)
    leaves = set(load_pack(pack_id).tree.query("leaf")["id"])
    return table[table["criterion"].isin(leaves)]


# ---------------------------------------------------------------------------
# CLI


def _run(args: argparse.Namespace) -> int:
    import cchc

    # Errors end in cchc.cli.main: one line on stderr, exit 1.
    m = cchc.load(args.model)
    scenario = cchc.Scenario.load(args.scenario) if args.scenario else None
    simulation = None
    if args.simulate:
        simulation = cchc.simulate(m, scenario=scenario, start=args.start or f"{(m.as_of or '2021')[:4]}-01-01",
                                   days=args.simulate, replications=args.replications, seed=args.seed)
    report = build(m, scenario=scenario, simulation=simulation, inputs=args.inputs, sections=args.sections,
                   year=args.year, seed=args.seed)
    written = [report.save(args.out)]
    if args.markdown:
        written.append(report.save(args.markdown))
    print(f"{', '.join(map(str, written))}: {len(report.sections)} sections ({', '.join(report.ids)})")
    return 0


def add_report_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``cchc report MODEL --out report.html`` to the CLI's subparsers."""
    from cchc.cli import iso_date, non_negative_int, output_file, positive_int

    def markdown(path: str) -> None:
        if report_format(path) != "markdown":
            raise Error(f"--markdown: {path!r} is not a Markdown file name (.md)")

    p = subparsers.add_parser(
        "report", help="write one self-contained HTML (or Markdown) report on a model",
        description="Load MODEL and write a self-contained report: catalogue, simplification plan (with "
                    "--scenario), simulation (with --simulate DAYS), organisation, training, inspection list "
                    "and scorecards. The format follows the extension of --out (.html or .md).")
    p.add_argument("model", metavar="MODEL", help="model file (.json, .json.gz, .cchc)")
    # Checked (folder and format) before the model is even loaded.
    p.add_argument("--out", type=output_file(report_format), default="report.html",
                   help="output file (.html or .md), default report.html")
    p.add_argument("--markdown", type=output_file(markdown), metavar="FILE.md", help="also write Markdown")
    p.add_argument("--scenario", metavar="FILE.json", help="simplification scenario for the cost section")
    p.add_argument("--simulate", type=positive_int, metavar="DAYS", help="simulate this many days for the simulation section")
    p.add_argument("--replications", type=positive_int, default=3)
    p.add_argument("--start", type=iso_date, help="simulation start date (default: 1 January of the model's year)")
    p.add_argument("--inputs", metavar="FILE", help="scorecard inputs (CSV/JSON: unit, criterion, value)")
    p.add_argument("--year", type=positive_int, help="inspection year (default: the year after the model's as_of)")
    p.add_argument("--seed", type=non_negative_int, default=0)
    p.add_argument("--sections", nargs="+", choices=list(SECTIONS), help="only these sections")
    p.set_defaults(run=_run)
    return p
