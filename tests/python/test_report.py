"""The report: one self-contained HTML file whose numbers match the API."""

from __future__ import annotations

import argparse
from html.parser import HTMLParser

import pytest
from conftest import SMALL, dumps

import cchc


class Parsed(HTMLParser):
    """Collects section ids, key figures (data-key → data-value), external references and the charset."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.figures: dict[str, dict[str, str]] = {}
        self.external: list[str] = []
        self.charset = ""
        self.svg = 0
        self.tables: dict[str, list[list[str]]] = {}
        self._section = ""
        self._table = ""
        self._cell: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "charset" in a:
            self.charset = a["charset"]
        if tag == "section":
            self._section = a["id"]
            self.sections.append(a["id"])
        if tag == "td" and "data-key" in a:
            self.figures.setdefault(self._section, {})[a["data-key"]] = a["data-value"]
        if tag == "svg":
            self.svg += 1
        for key in ("src", "href"):
            if key in a and not a[key].startswith("#"):
                self.external.append(a[key])
        if tag in ("script", "link", "img", "iframe"):
            self.external.append(tag)
        if tag == "table" and "id" in a:
            self._table = a["id"]
            self.tables[self._table] = []
        if tag == "tr" and self._table:
            self.tables[self._table].append([])
        if tag in ("td", "th") and self._table:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "table":
            self._table = ""

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(text: str) -> Parsed:
    p = Parsed()
    p.feed(text)
    return p


@pytest.fixture(scope="module")
def small():
    return cchc.loads(dumps(SMALL))


def test_full_report_numbers_match_the_api(small, tmp_path):
    s = cchc.Scenario("Đơn giản hóa 2021").set_online("2.000001").set_trips("1.001193", trips=1)
    sim = cchc.simulate(small, start="2021-01-01", days=60, replications=2, seed=3)
    report = cchc.report.build(small, scenario=s, simulation=sim, year=2022, seed=5,
                               inputs={"par_index": {"impact.survey": 0.75}})
    path = report.save(tmp_path / "report.html")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    p = parse(text)
    assert p.charset.lower() == "utf-8"
    assert p.external == []                    # self-contained
    assert p.svg >= 3                          # charts inline
    assert "Sở Nội vụ" in text and "Đăng ký khai sinh" in text  # Vietnamese as UTF-8 text, not entities
    assert p.sections == list(cchc.report.SECTIONS)[:2] + ["simulation", "organisation", "training", "inspection",
                                                            "scorecards"]
    f = p.figures
    # Catalogue.
    procs = small.procedures.to_pandas()
    assert int(f["catalogue"]["procedures"]) == len(procs)
    assert int(f["catalogue"]["full_online"]) == int((procs["online_level"] == "full").sum())
    # Simplification plan.
    cost = cchc.compliance_cost(small, scenario=s)
    assert float(f["simplification"]["before"]) == pytest.approx(cost.before)
    assert float(f["simplification"]["after"]) == pytest.approx(cost.after)
    assert float(f["simplification"]["saving_pct"]) == pytest.approx(cost.saving_pct)
    # Simulation.
    assert float(f["simulation"]["on_time_rate"]) == pytest.approx(sim.on_time_rate)
    # Organisation.
    o = cchc.org.analyze(small).summary()
    assert int(f["organisation"]["tasks_with_several_chairs"]) == o["tasks_with_several_chairs"] == 1
    assert int(f["organisation"]["headcount"]) == o["headcount"]
    # Training.
    comp = cchc.training.compliance(small, as_of=small.as_of, by=[])
    assert int(f["training"]["overdue"]) == int(comp["overdue"].iloc[0])
    assert float(f["training"]["compliance_rate"]) == pytest.approx(float(comp["compliance_rate"].iloc[0]))
    # Inspection: the same plan as the API's, listed agency by agency.
    plan = cchc.inspection.plan(small, year=2022, fraction=0.30, seed=5)
    assert int(f["inspection"]["inspections"]) == plan.summary()["inspections"]
    listed = p.tables["table-inspection-1"][1:]
    assert [row[1] for row in listed] == plan.selections["agency"].tolist()
    # Scorecards: the PAR Index total equals the API's.
    par = cchc.scorecard(small, "par_index", inputs={"impact.survey": 0.75},
                         results={"cost": cost, "simulation": sim, "inspection": plan})
    assert float(f["scorecards"]["par_index.mean_total"]) == pytest.approx(par.scores["total"].iloc[0])
    assert f["scorecards"]["par_index.band"] == par.scores["band"].iloc[0]
    ranking = p.tables["table-scorecards-0"]
    assert ranking[1][1] == par.scores["unit"].iloc[0]
    assert float(ranking[1][3].replace(",", "")) == pytest.approx(par.scores["total"].iloc[0], abs=5e-4 * 100)


def test_sections_without_data_are_left_out(small):
    r = cchc.report.build(small)
    assert r.ids == ["catalogue", "organisation", "training", "inspection", "scorecards"]
    only = cchc.report.build(small, sections=["organisation", "simulation"])
    assert only.ids == ["organisation"]  # no simulation result given
    bare = cchc.loads(dumps({k: v for k, v in SMALL.items() if k not in ("procedures", "people", "courses",
                                                                           "documents")}))
    assert "catalogue" not in cchc.report.build(bare).ids and "training" not in cchc.report.build(bare).ids
    with pytest.raises(cchc.Error, match="unknown section"):
        cchc.report.build(small, sections=["nope"])


def test_markdown(small, tmp_path):
    r = cchc.report.build(small, sections=["catalogue", "organisation"])
    md = r.save(tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.startswith("# Báo cáo cải cách hành chính")
    assert "## Danh mục thủ tục hành chính" in md and "## Tổ chức bộ máy" in md
    assert f"| Thủ tục hành chính (procedures) | {len(SMALL['procedures'])} |" in md
    with pytest.raises(cchc.Error, match="use .html or .md"):
        r.save(tmp_path / "r.pdf")


def test_cli_subcommand(small, tmp_path, capsys):
    model = tmp_path / "m.json"
    model.write_text(dumps(SMALL), encoding="utf-8")
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cchc.report.add_report_command(sub)
    out = tmp_path / "r.html"
    args = parser.parse_args(["report", str(model), "--out", str(out), "--markdown", str(tmp_path / "r.md"),
                              "--sections", "catalogue", "inspection"])
    assert args.run(args) == 0
    p = parse(out.read_text(encoding="utf-8"))
    assert p.sections == ["catalogue", "inspection"]
    assert (tmp_path / "r.md").exists()
    assert "2 sections" in capsys.readouterr().out
    from cchc.cli import main  # errors end there: one line on stderr, exit 1

    assert main(["report", str(tmp_path / "missing.json"), "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith("cchc report: error: cannot read")
