"""Follow-ups of issue 14: faults of the same kinds found while fixing it (one section per item)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import dumps

import cchc


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cchc", *args], capture_output=True, text=True, timeout=600)


# --- 1: `left` is the last day in service, for every engine ------------------------------------


def test_a_person_serves_on_the_day_they_leave_in_every_engine(small):
    small["people"][1]["left"] = "2021-12-31"  # the model's as_of: P2's last day at X1
    m = cchc.loads(dumps(small))
    day, after = "2021-12-31", "2022-01-01"
    assert cchc.org.analyze(m, day).structure.set_index("agency").loc["X1", "people"] == 1  # was 0
    assert m.summary(day)["people"] == 2
    assert "P2" in set(cchc.training.gaps(m, day)["person"])
    # The day after, P2 no longer serves anywhere.
    assert cchc.org.analyze(m, after).structure.set_index("agency").loc["X1", "people"] == 0
    assert m.summary(after)["people"] == 1
    assert "P2" not in set(cchc.training.gaps(m, after)["person"])


# --- 2: `cchc validate` says what the file holds ---------------------------------------------------


def test_validate_prints_the_file_s_counts_and_labels_the_counts_on_as_of(small, tmp_path):
    small["agencies"][2]["valid_to"] = "2020-12-31"   # STP ended before as_of
    small["tasks"][0]["assignments"][1]["valid_to"] = "2020-12-31"
    small["tasks"][1]["assignments"][1]["valid_to"] = "2020-12-31"
    small["people"][0]["left"] = "2021-06-30"
    f = tmp_path / "m.json"
    f.write_text(dumps(small), encoding="utf-8")
    run = run_cli("validate", str(f))
    assert run.returncode == 0, run.stderr
    first = run.stdout.splitlines()[0]
    assert "(5 agencies, " in first
    assert ", 2 people; on 2021-12-31: 4 agencies valid, 1 people serving)" in first


# --- 3: the 2025 sample is named for what it holds --------------------------------------------------


def test_lai_chau_2025_is_named_2025():
    m = cchc.datasets.lai_chau_2025()
    assert m.name.startswith("Lai Châu 2025 (synthetic")
    assert m.as_of == "2025-07-01"
    assert cchc.datasets.lai_chau_2021().name == "Lai Châu 2021 (synthetic)"
    assert m.renamed("x").name == "x" and m.name != "x"  # a new model; the cached one is untouched


# --- 4: a desk without headcount is named -----------------------------------------------------------


def desk_model(headcount=None):
    desk = {"code": "MC", "name": "Bộ phận Một cửa", "kind": "one_stop_desk", "level": "province",
            "parent": "UBT"}
    if headcount is not None:
        desk["headcount"] = headcount
    return {
        "format": "cchc", "version": 1, "name": "T", "as_of": "2021-12-31",
        "agencies": [{"code": "UBT", "name": "UBND tỉnh", "kind": "provincial_people_committee",
                      "level": "province"},
                     desk,
                     {"code": "STP", "name": "Sở Tư pháp", "kind": "department", "level": "province",
                      "parent": "UBT", "headcount": 20}],
        "procedures": [{"code": "P", "name": "T", "field": "F", "levels": ["province"],
                        "steps": [{"name": "Xử lý", "role": "processing", "responsible": "STP",
                                   "duration": 1}],
                        "volumes": [{"agency": "STP", "annual": 500}]}],
    }


def test_a_desk_without_headcount_gets_a_warning_naming_it():
    m = cchc.loads(dumps(desk_model()))
    with pytest.warns(UserWarning, match=r"1 reception desks have no headcount of their own .*: "
                                         r"MC \(2\)\. Pass desk_staff"):
        r = cchc.simulate(m, days=5, replications=1, progress=False, keep_dossiers=False)
    desk = r.pools().query("kind == 'desk'").iloc[0]
    assert desk["code"] == "MC" and desk["servers"] == 2 and desk["staff_defaulted"]
    # unstaffed_utilisation=0 still gives desk_staff_default, and still says so.
    with pytest.warns(UserWarning, match=r"reception desks have no headcount of their own.*MC \(2\)"):
        cchc.simulate(m, days=5, replications=1, progress=False, keep_dossiers=False, unstaffed_utilisation=0)
    # With a headcount, or an explicit desk_staff, no such warning; nor for an agency's own counter
    # (no desk in the model) that the default carries: that is the design, not missing data.
    no_desk = desk_model()
    del no_desk["agencies"][1]
    for m2, kw in ((cchc.loads(dumps(desk_model(3))), {}), (m, {"desk_staff": {"MC": 4}}),
                   (cchc.loads(dumps(no_desk)), {})):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cchc.simulate(m2, days=5, replications=1, progress=False, keep_dossiers=False, **kw)
        assert not [w for w in caught if "headcount" in str(w.message)]


# --- 5: CSV for people: no formula; CSV for programs: as it is -----------------------------------


HOSTILE = ['=HYPERLINK("http://x.example","bấm")', "+1", "-2+3", "@SUM(A1)", "\t=1", "Sở Nội vụ", "a=b"]


def test_write_csv_neutralises_formulas_only_for_spreadsheets(tmp_path):
    import pandas as pd

    from cchc._files import write_csv

    df = pd.DataFrame({"name": HOSTILE, "n": range(len(HOSTILE)), "kind": pd.Categorical(HOSTILE),
                       "=col": range(len(HOSTILE))})
    write_csv(df, tmp_path / "people.csv", spreadsheet=True)
    raw = (tmp_path / "people.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["name", "n", "kind", "'=col"]
    want = ["'" + v if v[0] in "=+-@\t" else v for v in HOSTILE]
    assert [r[0] for r in rows[1:]] == want and [r[2] for r in rows[1:]] == want
    assert [r[1] for r in rows[1:]] == [str(i) for i in range(len(HOSTILE))]  # numbers untouched
    assert df["name"].tolist() == HOSTILE  # the caller's frame is untouched
    write_csv(df, tmp_path / "data.csv", spreadsheet=False)
    assert pd.read_csv(tmp_path / "data.csv")["name"].tolist() == HOSTILE


def test_training_csv_exports_keep_formulas_as_text(small, tmp_path):
    small["people"][1]["id"] = '=HYPERLINK("http://x.example","bấm")'
    m = cchc.loads(dumps(small))
    paths = cchc.training.to_csv({"gaps": cchc.training.gaps(m, "2021-12-31")}, tmp_path)
    text = "".join(Path(p).read_text(encoding="utf-8-sig") for p in paths)
    assert "=HYPERLINK" in text  # the name is there ...
    cells = [c for p in paths for row in csv.reader(Path(p).read_text(encoding="utf-8-sig").splitlines())
             for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]  # ... never as a formula


def test_the_event_log_is_raw_for_process_mining_unless_asked(tmp_path):
    import pandas as pd

    doc = desk_model(3)
    doc["agencies"][2]["code"] = "=STP"
    doc["procedures"][0]["steps"][0]["responsible"] = "=STP"
    doc["procedures"][0]["volumes"][0]["agency"] = "=STP"
    r = cchc.simulate(cchc.loads(dumps(doc)), days=5, replications=1, progress=False, event_log=True)
    raw = pd.read_csv(r.write_event_log(tmp_path / "log.csv"), keep_default_na=False)
    resources = set(raw["org:resource"])
    assert "=STP" in resources
    safe = pd.read_csv(r.write_event_log(tmp_path / "log2.csv", spreadsheet=True), keep_default_na=False,
                       encoding="utf-8-sig")
    assert "'=STP" in set(safe["org:resource"]) and "=STP" not in set(safe["org:resource"])


# --- 7: an output the command cannot write is refused before the work ----------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["report", "MISSING.json", "--out", "x.pdf"], "x.pdf"),
    (["report", "MISSING.json", "--out", "x.html", "--markdown", "x.html"], "--markdown"),
    (["convert", "MISSING.json", "x.xml"], "unknown extension; use .json, .json.gz or .cchc"),
    (["simulate", "MISSING.json", "--event-log", "x.xlsx"], "written as .csv or .parquet"),
])
def test_an_output_format_is_checked_before_any_work(args, message, tmp_path):
    # The model does not exist: were it loaded first, the error would be about it.
    args = [a if a.startswith("-") or a in ("report", "convert", "simulate") else str(tmp_path / a) for a in args]
    run = run_cli(*args)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "MISSING" not in run.stderr
    assert not list(tmp_path.iterdir())


def test_validate_lists_an_unknown_field_once(tmp_path):
    """`cchc validate` lists unknown fields with the other problems; the load warning is not printed too."""
    doc = json.loads(cchc.datasets.lai_chau_2021().to_json())
    doc["agencies"][0]["phone"] = "1"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cchc", "validate", str(path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.count("/agencies/0/phone") == 1
