"""Hostile paths, files and text (issue 14, items 5, 8, 11, 12, 16, 22).

Paths with a NUL character are refused wherever a path enters; a save keeps the target's
permissions, writes through symbolic links and works for names up to 255 bytes; the CLI ends
every error with one line on stderr and exit code 1 (data) or 2 (usage); text from data is
drawn and written literally (matplotlib mathtext, Markdown, HTML); a chart of zeros is not blank.
"""

from __future__ import annotations

import copy
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SMALL, dumps

import cchc

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# --------------------------------------------------------------------------------------------
# Item 5: a NUL character in a path


class FsPath:
    """An os.PathLike that is not a pathlib.Path."""

    def __init__(self, path: str | bytes) -> None:
        self.path = path

    def __fspath__(self) -> str | bytes:
        return self.path


def nul_message(path: str) -> str:
    shown = path.replace("\0", "\\0")
    return f"invalid path '{shown}': it contains a NUL character (byte {path.index(chr(0))})"


@pytest.fixture
def model(small):
    return cchc.loads(dumps(small))


@pytest.fixture
def victim(tmp_path):
    """A file named like the part of a hostile path before its NUL."""
    p = tmp_path / "victim"
    p.write_text("precious", encoding="utf-8")
    return p


def nul_forms(victim: Path, ext: str) -> list[object]:
    text = f"{victim}\0{ext}"
    return [text, text.encode(), FsPath(text), FsPath(text.encode()), Path(text)]


@pytest.mark.parametrize("ext", [".json", ".json.gz", ".cchc"])
def test_model_save_refuses_a_nul_in_every_path_form(model, victim, ext):
    for form in nul_forms(victim, ext):
        with pytest.raises(cchc.Error) as info:
            model.save(form)
        assert str(info.value) == nul_message(f"{victim}\0{ext}"), form
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]


@pytest.mark.parametrize("ext", [".json", ".json.gz", ".cchc"])
def test_load_refuses_a_nul_instead_of_reading_the_cut_name(model, tmp_path, ext):
    cut = tmp_path / "a"
    model.save(tmp_path / f"a{ext}")
    (tmp_path / f"a{ext}").rename(cut)  # "a\0b.json" must not read "a"
    for form in nul_forms(cut, ext):
        with pytest.raises(cchc.Error) as info:
            cchc.load(form)
        assert str(info.value) == nul_message(f"{cut}\0{ext}")


def test_the_core_refuses_a_nul_on_its_own(model, victim):
    """The C++ entry points check too, whoever calls them."""
    from cchc import _core

    bad = f"{victim}\0.json"
    for call in (lambda: _core.save_json(model._core, bad), lambda: _core.read_json_file(bad),
                 lambda: _core.save_snapshot(model._core, bad.replace(".json", ".cchc")),
                 lambda: _core.load_snapshot(bad), lambda: _core.AtomicFile(bad)):
        with pytest.raises(cchc.Error, match="contains a NUL character"):
            call()
    assert victim.read_text(encoding="utf-8") == "precious"


def test_every_other_reader_and_writer_refuses_a_nul(model, victim):
    bad = f"{victim}\0.json"
    scenario = cchc.Scenario("s").set_trips("*", 1)
    cost = cchc.compliance_cost(model, scenario=scenario)
    report = cchc.report.build(model, sections=["catalogue"])
    result = cchc.simulate(model, days=5, replications=1, progress=False)
    rules = cchc.training.rules.vietnam()
    gaps = cchc.training.gaps(model, "2021-06-30")
    writes = {
        "snapshot.save_snapshot": lambda p: cchc.snapshot.save_snapshot(model, p.replace(".json", ".cchc")),
        "snapshot.load_snapshot": lambda p: cchc.snapshot.load_snapshot(p.replace(".json", ".cchc")),
        "Scenario.save": scenario.save,
        "Scenario.load": cchc.Scenario.load,
        "Rules.save": rules.save,
        "rules.load": cchc.training.rules.load,
        "report.save": lambda p: report.save(p.replace(".json", ".html")),
        "report.save md": lambda p: report.save(p.replace(".json", ".md")),
        "cost.to_markdown": lambda p: cost.to_markdown(p),
        "cost.to_html": lambda p: cost.to_html(p),
        "cost.to_excel": lambda p: cost.to_excel(p.replace(".json", ".xlsx")),
        "training.to_excel": lambda p: cchc.training.to_excel(gaps, p.replace(".json", ".xlsx")),
        "training.to_csv": lambda p: cchc.training.to_csv({"gaps": gaps}, p),
        "write_event_log": lambda p: result.write_event_log(p.replace(".json", ".csv")),
        "scorecard.load_pack": cchc.scorecard.load_pack,
        "scorecard.read_inputs": cchc.scorecard.read_inputs,
    }
    for name, call in writes.items():
        with pytest.raises(cchc.Error, match="contains a NUL character"):
            call(bad)
            pytest.fail(name)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]


# --------------------------------------------------------------------------------------------
# Item 12: modes, symbolic links, long names


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o7777


def python_writers(model):
    """Every kind of save, each as (name, extension, save(path))."""
    scenario = cchc.Scenario("s").set_trips("*", 1)
    cost = cchc.compliance_cost(model, scenario=scenario)
    report = cchc.report.build(model, sections=["catalogue"])
    result = cchc.simulate(model, days=5, replications=1, progress=False, keep_dossiers=True)
    return [
        ("model json", ".json", model.save),
        ("model json.gz", ".json.gz", model.save),
        ("snapshot", ".cchc", model.save),
        ("scenario", ".json", scenario.save),
        ("rules", ".json", cchc.training.rules.vietnam().save),
        ("report html", ".html", report.save),
        ("report md", ".md", report.save),
        ("cost md", ".md", cost.to_markdown),
        ("cost excel", ".xlsx", cost.to_excel),
        ("event log", ".csv", result.write_event_log),
        ("training excel", ".xlsx", lambda p: cchc.training.to_excel(cchc.training.gaps(model, "2021-06-30"), p)),
    ]


def test_every_save_keeps_the_mode_of_the_file_it_replaces(model, tmp_path):
    for name, ext, save in python_writers(model):
        target = tmp_path / f"private{ext}"
        target.write_bytes(b"old")
        os.chmod(target, 0o600)
        save(target)
        assert mode(target) == 0o600, name
        assert target.read_bytes() != b"old", name
        os.chmod(target, 0o640)
        save(target)
        assert mode(target) == 0o640, name
        target.unlink()
    assert list(tmp_path.iterdir()) == []  # no temporary left behind


def test_a_new_file_follows_the_umask(tmp_path):
    code = ("import os, cchc; os.umask({umask}); m = cchc.datasets.lai_chau_2021();"
            "s = cchc.Scenario('s'); s.save({path!r}); m.save({path!r} + '.cchc');"
            "cchc.report.build(m, sections=['organisation']).save({path!r} + '.md')")
    for umask, expected in ((0o077, 0o600), (0o002, 0o664), (0o022, 0o644)):
        path = str(tmp_path / f"new-{umask:o}.json")
        subprocess.run([sys.executable, "-c", code.format(umask=umask, path=path)], check=True)
        for p in (path, path + ".cchc", path + ".md"):
            assert mode(Path(p)) == expected, (p, oct(mode(Path(p))))


def test_a_save_onto_a_symbolic_link_writes_through_to_its_target(model, tmp_path):
    real = tmp_path / "data"
    real.mkdir()
    for name, ext, save in python_writers(model):
        target = real / f"real{ext}"
        target.write_bytes(b"old")
        os.chmod(target, 0o600)
        link = tmp_path / f"link{ext}"
        link.symlink_to(Path("data") / target.name)  # relative: resolved from the link's folder
        save(link)
        assert link.is_symlink(), name
        assert os.readlink(link) == os.path.join("data", target.name), name
        assert target.read_bytes() != b"old", name
        assert mode(target) == 0o600, name
        link.unlink()
        target.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    assert list(real.iterdir()) == []


def fnv1a64(data: bytes) -> int:
    h = 14695981039346656037
    for b in data:
        h = ((h ^ b) * 1099511628211) % 2**64
    return h


def temporary_stem(name: str) -> str:
    """The documented short form of a long name in temporary file names (cchc/io/file.hpp)."""
    raw = name.encode()
    if len(raw) <= 128:
        return name
    cut = 64
    while raw[cut] & 0xC0 == 0x80:
        cut -= 1
    return raw[:cut].decode() + f"~{fnv1a64(raw):016x}"


@pytest.mark.parametrize("length", [128, 129, 234, 240, 255])
def test_names_up_to_255_bytes_save_and_stale_temporaries_are_removed(model, tmp_path, length):
    name = "đ" * ((length - 5) // 2) + "x" * ((length - 5) % 2) + ".json"  # 2-byte characters: cuts mid-char
    assert len(name.encode()) == length
    target = tmp_path / name
    model.save(target)
    assert cchc.load(target).name == model.name
    # A temporary of an interrupted save an hour old is removed by the next save; another target's is kept.
    host = socket.gethostname()
    stale = tmp_path / f".{temporary_stem(name)}.tmp-{host}-1-7"
    other = tmp_path / f".{temporary_stem('y' + name[1:])}.tmp-{host}-1-7"
    for p in (stale, other):
        p.write_bytes(b"partial")
        old = time.time() - 7200
        os.utime(p, (old, old))
    assert len(stale.name.encode()) <= 255
    model.save(target)
    assert not stale.exists()
    assert other.exists()
    cchc.scenario.Scenario("s").save(target)  # the Python writers use the same atomic writer
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, other.name])


# --------------------------------------------------------------------------------------------
# Item 16: the command line


def run_cli(*args: str, env: dict[str, str] | None = None, drop_root: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cchc", *args]
    if drop_root and os.geteuid() == 0:  # root writes anywhere: drop the capability that lets it
        cmd = ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search",
               *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=600)


def assert_one_line(run: subprocess.CompletedProcess[str], code: int, line: str) -> None:
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == code, (run.returncode, run.stderr)
    assert run.stderr.splitlines()[-1] == line, run.stderr
    if code == 1:
        assert run.stderr.count("\n") == 1, run.stderr  # exactly one line
    else:  # argparse: usage, then the error
        assert run.stderr.splitlines()[0].startswith("usage: cchc")


@pytest.fixture
def files(small, tmp_path):
    good = tmp_path / "m.json"
    good.write_text(dumps(small), encoding="utf-8")
    bad = copy.deepcopy(small)
    bad["agencies"][4]["parent"] = "H2"
    invalid = tmp_path / "invalid.json"
    invalid.write_text(dumps(bad), encoding="utf-8")
    scenario = tmp_path / "bad_scenario.json"
    scenario.write_text('{"format": "cchc-scenario", "version": 1, "name": "x", "actions": [{"action": "nope"}]}',
                        encoding="utf-8")
    unknown = tmp_path / "unknown_scenario.json"
    cchc.Scenario("x").set_trips("NO.SUCH.PROC", 1).save(unknown)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    os.chmod(readonly, 0o555)
    os.chmod(tmp_path, 0o755)  # the dropped-capability process must still reach the files
    for p in (good, invalid, scenario, unknown):
        os.chmod(p, 0o644)
    yield {"good": str(good), "invalid": str(invalid), "scenario": str(scenario), "unknown": str(unknown),
           "missing": str(tmp_path / "missing.json"), "nofolder": str(tmp_path / "nofolder" / "out"),
           "readonly": str(readonly / "out"), "dir": str(tmp_path)}
    os.chmod(readonly, 0o755)


ACTIONS = ("remove_component, set_component, cut_time, set_online, set_trips, set_fee, abolish, merge, link, "
           "move_level, scale_volume, set_volume, set_postal_return, merge_units, dissolve_level, merge_communes, "
           "rename_unit, transfer_tasks")


def load_error(path: str) -> str:
    with pytest.raises(cchc.Error) as info:
        cchc.load(path)
    assert "\n" not in str(info.value)
    return str(info.value)


INVALID = "1 error; error at /agencies/4/parent [X1]: unknown parent agency 'H2'; closest: H1, X1, SNV"


def data_errors(f: dict[str, str]) -> list[tuple[list[str], str]]:
    """(arguments, the one stderr line) of every command with each bad file."""
    missing = load_error(f["missing"])  # the reader's own words
    cases = []
    for cmd, extra in (("cost", []), ("simulate", ["--days", "3", "--replications", "1", "--quiet"]),
                       ("report", ["--out", f"{f['dir']}/r.html"])):
        cases += [
            ([cmd, f["missing"], *extra], f"cchc {cmd}: error: {missing}"),
            ([cmd, f["invalid"], *extra], f"cchc {cmd}: error: {f['invalid']}: {INVALID}"),
            ([cmd, f["good"], "--scenario", f["missing"], *extra],
             f"cchc {cmd}: error: {f['missing']}: No such file or directory"),
            ([cmd, f["good"], "--scenario", f["scenario"], *extra],
             f"cchc {cmd}: error: {f['scenario']}: scenario at /actions/0/action: unknown value 'nope'; allowed: "
             f"{ACTIONS}"),
        ]
    cases += [
        (["convert", f["missing"], f"{f['dir']}/out.json"], f"cchc convert: error: {missing}"),
        (["convert", f["invalid"], f"{f['dir']}/out.json"], f"cchc convert: error: {f['invalid']}: {INVALID}"),
        (["validate", f["missing"]], f"cchc validate: error: {missing}"),
        (["validate", f["dir"]], f"cchc validate: error: {load_error(f['dir'])}"),
    ]  # an output format no command writes (r.pdf, out.txt) is a usage error: test_hostile_followups
    return cases


def test_every_command_ends_a_data_error_with_one_line_and_exit_1(files):
    for args, line in data_errors(files):
        assert_one_line(run_cli(*args), 1, line)


def test_the_traceback_is_shown_only_when_asked(files):
    for run in (run_cli("--debug", "cost", files["missing"]), run_cli("cost", files["missing"], env={"CCHC_DEBUG": "1"})):
        assert run.returncode == 1
        assert "Traceback (most recent call last)" in run.stderr
        assert "cannot read" in run.stderr.splitlines()[-1]


def test_outputs_into_a_missing_or_read_only_folder_are_usage_errors_found_before_any_work(files):
    for where, why in (("nofolder", "no folder '{folder}'"), ("readonly", "folder '{folder}' is not writable")):
        out = files[where]
        reason = why.format(folder=os.path.dirname(out))
        for args, option in (
            (["cost", files["good"], "--out", out + ".md"], "--out"),
            (["simulate", files["good"], "--days", "3", "--quiet", "--event-log", out + ".csv"], "--event-log"),
            (["report", files["good"], "--out", out + ".html"], "--out"),
            (["report", files["good"], "--out", files["dir"] + "/r.html", "--markdown", out + ".md"], "--markdown"),
            (["convert", files["good"], out + ".json"], "OUT"),
        ):
            suffix = Path(args[-1]).suffix
            expected = f"cchc {args[0]}: error: argument {option}: cannot write '{out}{suffix}': {reason}"
            assert_one_line(run_cli(*args, drop_root=where == "readonly"), 2, expected)


def test_bad_numbers_and_dates_are_usage_errors(files):
    g = files["good"]
    cases = [
        (["demo", "--days", "0"], "cchc demo: error: argument --days: must be at least 1, got 0"),
        (["demo", "--days", "x"], "cchc demo: error: argument --days: invalid positive_int value: 'x'"),
        (["simulate", g, "--days", "0"], "cchc simulate: error: argument --days: must be at least 1, got 0"),
        (["simulate", g, "--replications", "-2"],
         "cchc simulate: error: argument --replications: must be at least 1, got -2"),
        (["simulate", g, "--seed", "-1"], "cchc simulate: error: argument --seed: must be 0 or more, got -1"),
        (["simulate", g, "--start", "2021-13-01"],
         "cchc simulate: error: argument --start: '2021-13-01' is not a date YYYY-MM-DD"),
        (["simulate", g, "--start", "tomorrow"],
         "cchc simulate: error: argument --start: 'tomorrow' is not a date YYYY-MM-DD"),
        (["report", g, "--simulate", "0"], "cchc report: error: argument --simulate: must be at least 1, got 0"),
        (["report", g, "--start", "2021-02-30"],
         "cchc report: error: argument --start: '2021-02-30' is not a date YYYY-MM-DD"),
        (["cost"], "cchc cost: error: the following arguments are required: model"),
        (["nonsense"], "cchc: error: argument COMMAND: invalid choice: 'nonsense' (choose from 'demo', 'cost', "
                       "'simulate', 'validate', 'convert', 'report')"),
    ]
    for args, line in cases:
        assert_one_line(run_cli(*args), 2, line)


def test_a_scenario_that_does_not_fit_the_model_is_a_data_error(files):
    run = run_cli("simulate", files["good"], "--scenario", files["unknown"], "--days", "3", "--quiet")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "NO.SUCH.PROC" in run.stderr
    assert run.stderr.startswith("cchc simulate: error: ")


def test_a_nul_in_a_cli_path_is_a_usage_error(files, capsys):
    from cchc.cli import main

    with pytest.raises(SystemExit) as info:
        main(["convert", files["good"], f"{files['dir']}/v\0.json"])
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"cchc convert: error: argument OUT: {nul_message(files['dir'] + '/v' + chr(0) + '.json')}")


# --------------------------------------------------------------------------------------------
# Items 8 and 11: text from data drawn and written literally

DOLLARS = "50% $ hoặc 60% $"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKDOWN = "a | b `c` [d](e) *f* _g_ ~h~ \\ # i"


@pytest.fixture
def hostile(small):
    doc = copy.deepcopy(small)
    doc["name"] = f"Tỉnh {SCRIPT}"
    doc["agencies"][1]["name"] = f"Sở {IMG} {DOLLARS}"
    doc["agencies"][2]["name"] = MARKDOWN
    doc["agencies"][4]["name"] = f"_xã {DOLLARS}"
    doc["procedures"][0]["field"] = DOLLARS
    doc["procedures"][1]["field"] = f"{SCRIPT} | {IMG}"
    doc["procedures"][1]["name"] = f"{MARKDOWN} {DOLLARS}"
    return cchc.loads(dumps(doc).replace('"X1"', '"X$1$"'))  # a code with two "$" (queue legends show codes)


def svg_text(fig) -> str:
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue()


def test_the_report_draws_and_escapes_hostile_names(hostile, tmp_path):
    scenario = cchc.Scenario(f"Phương án {DOLLARS} {SCRIPT}").set_trips("*", 1)
    sim = cchc.simulate(hostile, days=10, replications=1, progress=False)
    report = cchc.report.build(hostile, scenario=scenario, simulation=sim)
    html_text = report.save(tmp_path / "r.html").read_text(encoding="utf-8")
    md = report.save(tmp_path / "r.md").read_text(encoding="utf-8")
    for text in (html_text, md):
        assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text and "&lt;img src=x onerror=alert(1)&gt;" in html_text
    # The chart of fields shows the field name as written (SVG text, "$" literal, not mathtext).
    assert "50% $ hoặc 60% $" in html_text
    # Markdown: HTML as character references, table and inline syntax escaped; each table row keeps its cells.
    assert "# Báo cáo cải cách hành chính — Tỉnh &lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "a \\| b \\`c\\` \\[d\\](e) \\*f\\* \\_g\\_ \\~h\\~ \\\\ # i" in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| &lt;img src=x onerror=alert(1)&gt;" in md
    for line in md.splitlines():
        if line.startswith("| ") and "\\|" in line:
            head = md.splitlines()[md.splitlines().index(line) - 1]
            assert line.replace("\\|", "").count("|") == head.replace("\\|", "").count("|") or head.startswith("|-")
    cost_md = cchc.compliance_cost(hostile, scenario=scenario).to_markdown()
    assert "<script" not in cost_md and "\\[d\\](e)" in cost_md


def test_every_chart_draws_a_dollar_name_literally(hostile):
    sim = cchc.simulate(hostile, days=20, replications=1, progress=False)
    scenario = cchc.Scenario(f"s {DOLLARS}").set_trips("*", 1)
    comp = cchc.training.compliance(hostile, "2021-06-30")
    agencies = hostile.agencies.to_pandas()
    names = dict(zip(agencies["code"], agencies["name"], strict=True))
    charts = {
        "cost bar": lambda ax: cchc.compliance_cost(hostile, scenario=scenario).plot(by="field", ax=ax),
        "cost waterfall": lambda ax: cchc.compliance_cost(hostile, scenario=scenario).plot("waterfall", ax=ax),
        "on time": lambda ax: sim.plot_on_time_by_agency(ax=ax),
        "queue": lambda ax: sim.plot_queue(ax=ax, top=3),
        "org chart": lambda ax: cchc.org.plot_org_chart(hostile, ax=ax),
        "training": lambda ax: cchc.training.plot_compliance(comp, names=names, ax=ax),
        "scorecard": lambda ax: cchc.scorecard(hostile, "service_index").plot(ax=ax),
    }
    for name, draw in charts.items():
        fig, ax = plt.subplots()
        draw(ax)
        svg = svg_text(fig)  # raised ValueError (mathtext) before
        assert (DOLLARS if name not in ("queue", "scorecard") else "X$1$") in svg, name  # those show codes


# --------------------------------------------------------------------------------------------
# Item 22: zero bars


def test_a_zero_compliance_bar_is_drawn(tmp_path):
    import pandas as pd

    table = pd.DataFrame({"agency": ["A", "B", "C"], "requirements": [3, 5, 2], "compliance_rate": [0.0, 0.0, 0.5]})
    fig, ax = plt.subplots()
    cchc.training.plot_compliance(table, ax=ax)
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["0%", "0%", "50%"]
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(markers) == 1 and list(markers[0].get_xdata()) == [0, 0]
    assert list(markers[0].get_ydata()) == [0, 1]  # rows of A and B
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    fig.savefig(tmp_path / "zero.png")
    plt.close(fig)


def test_two_groups_of_one_name_stay_two_bars():
    import pandas as pd

    table = pd.DataFrame({"agency": ["X1", "X2"], "requirements": [1, 1], "compliance_rate": [0.2, 0.9]})
    fig, ax = plt.subplots()
    cchc.training.plot_compliance(table, ax=ax, names={"X1": "UBND xã Đá Đen", "X2": "UBND xã Đá Đen"})
    assert [round(p.get_width()) for p in ax.patches] == [20, 90]
    assert len({p.get_y() for p in ax.patches}) == 2
    plt.close(fig)


def test_a_missing_value_is_labelled_not_left_blank():
    from cchc._plot import hbars

    fig, ax = plt.subplots()
    hbars(ax, ["a", "b"], [float("nan"), 0.5], fmt=lambda v: f"{v:.0%}")
    assert [t.get_text() for t in ax.texts] == ["–", "50%"]
    assert not [line for line in ax.lines if line.get_marker() == "o"]  # a marker means zero, not missing
    plt.close(fig)


def test_excel_exports_keep_text_that_looks_like_a_formula_as_text(small, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    doc = copy.deepcopy(small)
    doc["procedures"][0]["field"] = '=HYPERLINK("http://x.example","bấm")'
    doc["agencies"][1]["name"] = "=1+2"
    m = cchc.loads(dumps(doc))
    cchc.compliance_cost(m, cchc.Scenario("s").set_trips("*", 1)).to_excel(tmp_path / "cost.xlsx")
    cchc.training.to_excel(m.agencies.to_pandas(), tmp_path / "agencies.xlsx")
    cells = [c for name in ("cost.xlsx", "agencies.xlsx")
             for ws in openpyxl.load_workbook(tmp_path / name).worksheets for row in ws.iter_rows() for c in row]
    texts = {c.value for c in cells if c.data_type == "s"}
    assert '=HYPERLINK("http://x.example","bấm")' in texts and "=1+2" in texts
    assert not [c.value for c in cells if c.data_type == "f"]


def test_a_closed_output_pipe_and_warnings_give_no_traceback(files):
    r, w = os.pipe()
    os.close(r)  # the reader is gone before the first line (cchc validate m.json | head -0)
    run = subprocess.run([sys.executable, "-m", "cchc", "validate", files["good"]], stdout=w, stderr=subprocess.PIPE,
                         text=True, timeout=600)
    os.close(w)
    assert (run.returncode, run.stderr) == (141, "")
    # A warning is one line too, not the source line that raised it.
    run = run_cli("simulate", files["good"], "--days", "3", "--replications", "1", "--quiet")
    assert run.returncode == 0
    assert run.stderr.startswith("cchc simulate: warning: 3 agencies process dossiers but record no headcount")
    assert all(line.startswith("cchc simulate: warning: ") for line in run.stderr.splitlines())


def test_a_pipe_is_written_in_place_not_replaced(tmp_path):
    import json
    import stat

    fifo = tmp_path / "out.json"  # like /dev/stdout
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that the writer's open does not wait
    cchc.Scenario("through the pipe").save(fifo)
    data = os.read(reader, 1 << 16)
    os.close(reader)
    assert json.loads(data)["name"] == "through the pipe"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_an_abolished_procedure_shows_its_zero_after_bar(model):
    cost = cchc.compliance_cost(model, scenario=cchc.Scenario("s").abolish("2.000001"))
    fig, ax = plt.subplots()
    cost.plot(ax=ax)
    order = list(cost.by_procedure.sort_values("saving", ascending=False)["code"])
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(markers) == 1
    assert list(markers[0].get_xdata()) == [order.index("2.000001") + 0.2] and list(markers[0].get_ydata()) == [0]
    plt.close(fig)
