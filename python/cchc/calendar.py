"""The Vietnamese working calendar (lịch làm việc): public holidays, working days and office hours.

Holidays follow the Labour Code in force on the date (1994, 2012, 2019 versions):
New Year, lunar Tết (computed from the lunar calendar for UTC+7), Hùng Kings'
day (10th day of the 3rd lunar month), 30 April, 1 May, National Day
(2 September and its companion day), compensatory days for holidays on a weekend,
the government's announced swaps for 2019-2026 (each year's source in docs/domain.md,
section Calendar), and per-date overrides from data.
Office hours default to 7:00-11:30 and 13:30-17:00, Monday to Friday.

Dates are anything numpy turns into ``datetime64[D]`` (``"2021-02-10"``,
``datetime.date``, ``pd.Timestamp``, arrays and Series); times likewise with
minute precision, in Vietnam local time (UTC+7, no DST). Scalars give scalars,
arrays give arrays; every function is vectorised in C++.

Examples
--------
>>> from cchc import calendar
>>> calendar.holidays(2021).query("kind == 'tet'")["date"].dt.strftime("%d/%m").tolist()
['10/02', '11/02', '12/02', '13/02', '14/02']
>>> bool(calendar.is_working_day("2019-04-29")), bool(calendar.is_working_day("2019-05-04"))  # announced swap
(False, True)
>>> str(calendar.add_working_days("2021-02-09", 1))
'2021-02-17'
>>> int(calendar.count_working_days("2021-02-01", "2021-03-01"))
15
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cchc import _core

__all__ = [
    "Calendar",
    "add_working_days",
    "add_working_minutes",
    "count_working_days",
    "deadline",
    "default",
    "holidays",
    "is_working_day",
    "tet",
    "working_minutes_between",
]


def _days(x: Any) -> tuple[np.ndarray, bool]:
    arr = np.asarray(x)
    scalar = arr.ndim == 0
    if arr.dtype.kind in "iu":
        days = arr.astype(np.int32)
    else:
        days = np.asarray(pd.to_datetime(arr.ravel() if not scalar else [arr.item()])).astype("datetime64[D]")
        days = days.astype(np.int64).astype(np.int32)
    return np.atleast_1d(days).ravel(), scalar


def _minutes(x: Any) -> tuple[np.ndarray, bool]:
    arr = np.asarray(x)
    scalar = arr.ndim == 0
    if arr.dtype.kind in "iu":
        return np.atleast_1d(arr.astype(np.int64)).ravel(), scalar
    ts = np.asarray(pd.to_datetime(arr.ravel() if not scalar else [arr.item()])).astype("datetime64[m]")
    return ts.astype(np.int64), scalar


def _out_days(values: np.ndarray, scalar: bool) -> Any:
    out = values.astype(np.int64).view("datetime64[D]")
    return out[0] if scalar else out


def _out_minutes(values: np.ndarray, scalar: bool) -> Any:
    out = values.astype(np.int64).view("datetime64[m]")
    return out[0] if scalar else out


def _hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


class Calendar:
    """A working calendar: office hours, optional Saturday mornings, per-date overrides.

    Parameters
    ----------
    office_hours : sequence of (start, end)
        Office sessions as ``"HH:MM"`` strings or minutes after midnight; default
        ``[("07:00", "11:30"), ("13:30", "17:00")]``.
    saturday_morning : bool
        Saturday-morning sessions (7:30-11:30) count as office time for hours
        and queues, not as working days for deadlines in days.
    overrides : sequence of (date, working, name)
        Days forced off (``working=False``) or working (a make-up Saturday).

    Examples
    --------
    >>> cal = Calendar(office_hours=[("09:00", "17:00")])
    >>> str(cal.add_working_minutes("2021-03-05 16:30", 120))  # Friday 16:30 + 2 working hours
    '2021-03-08T10:30'
    """

    def __init__(
        self,
        office_hours: Sequence[tuple[str | int, str | int]] = (("07:00", "11:30"), ("13:30", "17:00")),
        saturday_morning: bool = False,
        overrides: Sequence[tuple[Any, bool, str]] = (),
    ) -> None:
        hours = [(_hm(a) if isinstance(a, str) else int(a), _hm(b) if isinstance(b, str) else int(b))
                 for a, b in office_hours]
        ovr = [(int(_days(d)[0][0]), bool(w), str(n)) for d, w, n in overrides]
        self.office_hours = hours
        self.saturday_morning = saturday_morning
        self._core = _core.WorkingCalendar(hours, saturday_morning, ovr)

    @classmethod
    def from_model(cls, model: Any, **kwargs: Any) -> Calendar:
        """The calendar of a model: its ``calendar.overrides`` applied to the default rules."""
        import json

        data = json.loads(model.to_json()).get("calendar", {})
        table = [(o["date"], o.get("working", False), o.get("name", "")) for o in data.get("overrides", [])]
        return cls(overrides=table, **kwargs)

    def holidays(self, year: int) -> pd.DataFrame:
        """Days off of ``year`` other than ordinary weekends: date, kind, Vietnamese and English name."""
        d = self._core.holidays(int(year))
        return pd.DataFrame(
            {
                "date": pd.to_datetime(np.asarray(d["date"]).astype(np.int64).view("datetime64[D]")),
                "kind": d["kind"],
                "name_vi": d["name_vi"],
                "name_en": d["name_en"],
            }
        )

    def is_working_day(self, dates: Any) -> Any:
        """Monday-Friday that is not a day off, or a make-up working day."""
        d, scalar = _days(dates)
        out = self._core.is_working_day(d)
        return bool(out[0]) if scalar else out

    def add_working_days(self, dates: Any, n: Any) -> Any:
        """The n-th working day after each date (before, for negative n)."""
        d, scalar = _days(dates)
        return _out_days(self._core.add_working_days(d, np.atleast_1d(np.asarray(n, dtype=np.int32))), scalar)

    def next_working_day(self, dates: Any) -> Any:
        """First working day on or after each date."""
        d, scalar = _days(dates)
        return _out_days(self._core.next_working_day(d), scalar)

    def count_working_days(self, start: Any, end: Any) -> Any:
        """Working days in the half-open range ``[start, end)``; negative when end < start."""
        a, scalar = _days(start)
        b, _ = _days(end)
        out = self._core.count_working_days(a, b)
        return out[0] if scalar else out

    def add_working_minutes(self, times: Any, minutes: Any) -> Any:
        """The instant when ``minutes`` office minutes after each time have elapsed."""
        t, scalar = _minutes(times)
        return _out_minutes(self._core.add_working_minutes(t, np.atleast_1d(np.asarray(minutes, dtype=np.int64))),
                            scalar)

    def working_minutes_between(self, start: Any, end: Any) -> Any:
        """Office minutes in ``[start, end)``."""
        a, scalar = _minutes(start)
        b, _ = _minutes(end)
        out = self._core.working_minutes_between(a, b)
        return out[0] if scalar else out

    def deadline(self, receipt: Any, working_days: Any) -> Any:
        """Statutory deadline: end of office hours of the n-th working day after the day of receipt."""
        t, scalar = _minutes(receipt)
        n = np.atleast_1d(np.asarray(working_days, dtype=np.int32))
        return _out_minutes(self._core.deadline_after_working_days(t, n), scalar)

    def __repr__(self) -> str:
        hours = ", ".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in self.office_hours)
        return f"<cchc.calendar.Calendar {hours}{' + Saturday mornings' if self.saturday_morning else ''}>"


default = Calendar()


def holidays(year: int) -> pd.DataFrame:
    """Public holidays and days off of ``year`` (default calendar); see :meth:`Calendar.holidays`.

    Examples
    --------
    >>> holidays(2021)[["date", "name_vi"]].head(2)  # doctest: +SKIP
    """
    return default.holidays(year)


def is_working_day(dates: Any) -> Any:
    """See :meth:`Calendar.is_working_day` (default calendar)."""
    return default.is_working_day(dates)


def add_working_days(dates: Any, n: Any) -> Any:
    """See :meth:`Calendar.add_working_days` (default calendar)."""
    return default.add_working_days(dates, n)


def count_working_days(start: Any, end: Any) -> Any:
    """See :meth:`Calendar.count_working_days` (default calendar)."""
    return default.count_working_days(start, end)


def add_working_minutes(times: Any, minutes: Any) -> Any:
    """See :meth:`Calendar.add_working_minutes` (default calendar)."""
    return default.add_working_minutes(times, minutes)


def working_minutes_between(start: Any, end: Any) -> Any:
    """See :meth:`Calendar.working_minutes_between` (default calendar)."""
    return default.working_minutes_between(start, end)


def deadline(receipt: Any, working_days: Any) -> Any:
    """See :meth:`Calendar.deadline` (default calendar)."""
    return default.deadline(receipt, working_days)


def tet(year: int) -> np.datetime64:
    """Tết Nguyên đán (lunar new year's day) of the lunar year starting in ``year``.

    Examples
    --------
    >>> str(tet(2021))
    '2021-02-12'
    """
    return np.datetime64(int(_core.tet_date(int(year))), "D")
