"""cchc.calendar: holidays, working days and office-hour arithmetic through the Python API."""

import numpy as np
import pandas as pd
import pytest

from cchc import calendar


def test_tet_dates_and_holidays_2021():
    assert calendar.tet(2021) == np.datetime64("2021-02-12")
    assert calendar.tet(2023) == np.datetime64("2023-01-22")
    h = calendar.holidays(2021)
    tet = h.loc[h["kind"] == "tet", "date"].dt.strftime("%Y-%m-%d").tolist()
    assert tet == ["2021-02-10", "2021-02-11", "2021-02-12", "2021-02-13", "2021-02-14"]
    # Two Tết days fell on the weekend: compensatory days on Monday and Tuesday.
    comp = h.loc[h["kind"] == "compensatory", "date"].dt.strftime("%Y-%m-%d").tolist()
    assert comp[:2] == ["2021-02-15", "2021-02-16"]
    assert set(h["kind"]) >= {"new_year", "tet", "hung_kings", "victory_day", "labour_day", "national_day"}
    assert h.loc[h["kind"] == "hung_kings", "date"].iloc[0] == pd.Timestamp("2021-04-21")


def test_working_days():
    assert calendar.is_working_day("2021-02-09") is True
    assert calendar.is_working_day("2021-02-10") is False  # Tết
    assert calendar.is_working_day("2021-03-06") is False  # Saturday
    assert calendar.add_working_days("2021-02-09", 1) == np.datetime64("2021-02-17")
    assert calendar.add_working_days("2021-02-17", -1) == np.datetime64("2021-02-09")
    # February 2021: 20 weekdays minus 5 Tết days.
    assert calendar.count_working_days("2021-02-01", "2021-03-01") == 15
    out = calendar.is_working_day(pd.date_range("2021-02-08", "2021-02-17").to_numpy())
    assert out.tolist() == [True, True, False, False, False, False, False, False, False, True]


def test_office_hours_arithmetic():
    cal = calendar.Calendar(office_hours=[("09:00", "17:00")])
    assert cal.add_working_minutes("2021-03-05 16:30", 120) == np.datetime64("2021-03-08T10:30")
    # Default hours: Friday 16:00 + 8 working hours = 1 h Friday + 4.5 h + 2.5 h Monday -> Monday 16:00.
    assert calendar.add_working_minutes("2021-03-05 16:00", 480) == np.datetime64("2021-03-08T16:00")
    assert calendar.working_minutes_between("2021-03-05 16:00", "2021-03-08 08:00") == 120
    assert calendar.deadline("2021-02-09 16:00", 3) == np.datetime64("2021-02-19T17:00")
    with pytest.raises(ValueError):
        calendar.Calendar(office_hours=[("12:00", "08:00")])


def test_overrides():
    cal = calendar.Calendar(overrides=[("2021-03-08", False, "Ngày nghỉ"), ("2021-03-13", True, "Làm bù")])
    assert cal.is_working_day("2021-03-08") is False
    assert cal.is_working_day("2021-03-13") is True
    assert cal.count_working_days("2021-03-08", "2021-03-15") == 5
