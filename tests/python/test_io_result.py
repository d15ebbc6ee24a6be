"""cchc.io.ImportReport: places as a person reads them, counts, and the error it raises."""

import pandas as pd
import pytest

import cchc
from cchc.io import ImportReport, ImportResult, cell_name


def test_cell_names_follow_spreadsheet_columns():
    assert [cell_name(1, c) for c in (1, 26, 27, 52, 53, 702, 703)] == ["A1", "Z1", "AA1", "AZ1", "BA1", "ZZ1", "AAA1"]
    with pytest.raises(ValueError, match="1-based"):
        cell_name(0, 1)


def test_report_rows_places_and_summary():
    r = ImportReport()
    r.add("date is not a date", file="/data/staff.xlsx", sheet="Nhân sự", row=12, column="C", value="31/02/2020")
    r.add("status unknown", file="log.csv", row=5, column="status", severity="warning", value="Huỷ", assumed="cancelled")
    r.add("status unknown", file="log.csv", row=9, column="status", severity="warning", value="?", assumed="cancelled")
    frame = r.problems
    assert list(frame.columns) == ["file", "sheet", "row", "column", "severity", "message", "value", "assumed"]
    assert frame["row"].tolist() == [12, 5, 9]
    assert r.lines()[0] == "staff.xlsx, Nhân sự!C12: error: date is not a date (value '31/02/2020')"
    assert r.lines()[1] == "log.csv, row 5, column 'status': warning: status unknown (value 'Huỷ'; assumed cancelled)"
    s = r.summary()
    assert s.iloc[0].tolist() == ["warning", "status unknown", 2]
    assert not r.ok and len(r.errors) == 1
    assert repr(r) == "ImportReport(1 errors, 2 warnings, 0 notes)"
    assert "Nhân sự" in r._repr_html_() and "&lt;" not in r._repr_html_()


def test_report_escapes_data_in_html_and_rejects_unknown_severity():
    r = ImportReport()
    r.add("<b>x</b>", value="<img src=x>")
    assert "<img" not in r._repr_html_()
    with pytest.raises(ValueError, match="severity"):
        r.add("x", severity="fatal")


def test_raise_for_errors_names_every_place():
    r = ImportReport()
    r.raise_for_errors("empty")  # nothing to raise
    r.add("only a warning", severity="warning")
    r.raise_for_errors("warn")
    r.add("code missing", file="annex.csv", row=3, column="code")
    with pytest.raises(cchc.ValidationError, match=r"annex.csv, row 3, column 'code': code missing") as info:
        r.raise_for_errors("annex.csv")
    assert [p.path for p in info.value.problems] == ["annex.csv, row 3, column 'code'"]


def test_result_unpacks():
    model, report = ImportResult("m", ImportReport())
    assert model == "m" and isinstance(report.problems, pd.DataFrame) and report.problems.empty
