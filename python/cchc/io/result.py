"""What a reader returns: the model it built and every assumption and problem, with its place.

Every reader of cchc.io (catalogue, staff, dossier logs) returns an :class:`ImportResult`.
Its :class:`ImportReport` lists each problem with the file, sheet, row and column it was found
at, the value read and what was assumed instead ("" when nothing was assumed and the record
was skipped). Unknown stays unknown: a reader records an assumption here, never silently.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterator

import pandas as pd

from cchc._markup import html_text
from cchc.errors import Problem, ValidationError

__all__ = ["ImportReport", "ImportResult", "cell_name"]

#: Columns of :attr:`ImportReport.problems`, in this order.
PROBLEM_COLUMNS = ("file", "sheet", "row", "column", "severity", "message", "value", "assumed")
_SEVERITIES = ("error", "warning", "info")


def cell_name(row: int, column: int) -> str:
    """Spreadsheet cell name of a 1-based ``row`` and 1-based ``column``: ``cell_name(7, 2) == "B7"``."""
    if row < 1 or column < 1:
        raise ValueError(f"cell_name: row and column are 1-based, got row={row}, column={column}")
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"


@dataclass
class ImportReport:
    """Problems and assumptions of one import.

    Rows are added with :meth:`add`; :attr:`problems` is the DataFrame view with the columns
    ``file, sheet, row, column, severity, message, value, assumed``. ``row`` is the row as the
    user sees it (1-based spreadsheet row or CSV line, header included), or ``<NA>`` when the
    problem is about a whole file or column.
    """

    _rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, message: str, *, file: str | os.PathLike[str] = "", sheet: str = "", row: int | None = None,
            column: str = "", severity: str = "error", value: Any = None, assumed: Any = None) -> None:
        """Record one problem. ``severity`` is ``"error"`` (the record was not used),
        ``"warning"`` (used with the assumption in ``assumed``) or ``"info"``."""
        if severity not in _SEVERITIES:
            raise ValueError(f"ImportReport.add: severity must be one of {_SEVERITIES}, got {severity!r}")
        self._rows.append({"file": os.fspath(file), "sheet": sheet, "row": row, "column": column,
                           "severity": severity, "message": message,
                           "value": "" if value is None else str(value),
                           "assumed": "" if assumed is None else str(assumed)})

    def extend(self, other: ImportReport) -> None:
        """Append every row of ``other``."""
        self._rows.extend(other._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(list(self._rows))

    @property
    def problems(self) -> pd.DataFrame:
        """Every problem as a DataFrame (one row each, in the order found)."""
        frame = pd.DataFrame(self._rows, columns=list(PROBLEM_COLUMNS))
        frame["row"] = frame["row"].astype("Int64")
        return frame

    @property
    def errors(self) -> pd.DataFrame:
        """The problems of severity ``"error"``."""
        frame = self.problems
        return frame[frame["severity"] == "error"].reset_index(drop=True)

    @property
    def ok(self) -> bool:
        """True when no problem is an error."""
        return not any(r["severity"] == "error" for r in self._rows)

    @staticmethod
    def place(row: dict[str, Any]) -> str:
        """Where a problem is, as a person reads it: ``"staff.xlsx, Nhân sự!C12"`` for a sheet cell
        (when ``column`` is a letter), ``"log.csv, row 12, column 'status'"`` otherwise."""
        parts = [os.path.basename(row["file"])] if row["file"] else []
        r, c, sheet = row["row"], row["column"], row["sheet"]
        if sheet and r is not None and c and c.isalpha() and c.isupper():
            parts.append(f"{sheet}!{c}{r}")
        else:
            if sheet:
                parts.append(f"sheet {sheet!r}")
            if r is not None and not pd.isna(r):
                parts.append(f"row {int(r)}")
            if c:
                parts.append(f"column {c!r}")
        return ", ".join(parts) or "(whole input)"

    def lines(self) -> list[str]:
        """One line per problem: ``"<place>: <severity>: <message> (value ...; assumed ...)"``."""
        out = []
        for row in self._rows:
            extra = []
            if row["value"]:
                extra.append(f"value {row['value']!r}")
            if row["assumed"]:
                extra.append(f"assumed {row['assumed']}")
            tail = f" ({'; '.join(extra)})" if extra else ""
            out.append(f"{self.place(row)}: {row['severity']}: {row['message']}{tail}")
        return out

    def summary(self) -> pd.DataFrame:
        """Counts by severity and message (the message's first clause), most frequent first."""
        frame = self.problems
        if frame.empty:
            return pd.DataFrame(columns=["severity", "message", "count"])
        key = frame["message"].str.split(r"[:;(]", n=1, regex=True).str[0].str.strip()
        counts = frame.assign(message=key).groupby(["severity", "message"], sort=False).size()
        return counts.rename("count").reset_index().sort_values("count", ascending=False, kind="stable") \
            .reset_index(drop=True)

    def raise_for_errors(self, source: str = "") -> None:
        """Raise :class:`cchc.ValidationError` listing every error (each with its place) if any."""
        errors = [r for r in self._rows if r["severity"] == "error"]
        if not errors:
            return
        problems = [Problem(path=self.place(r), message=r["message"]) for r in errors]
        head = "\n".join(f"  {p.path}: {p.message}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ValidationError(f"{source or 'input'}: {len(problems)} error(s)\n{head}{more}", problems, source)

    def __repr__(self) -> str:
        counts = {s: sum(r["severity"] == s for r in self._rows) for s in _SEVERITIES}
        return f"ImportReport({counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes)"

    def _repr_html_(self) -> str:
        head = html_text(repr(self))
        if not self._rows:
            return f"<p>{head}</p>"
        shown = self.problems.head(200).astype(object).fillna("")
        rows = "".join("<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in rec) + "</tr>"
                       for rec in shown.itertuples(index=False))
        header = "".join(f"<th>{html_text(c)}</th>" for c in PROBLEM_COLUMNS)
        more = f"<p>{len(self._rows) - 200} more not shown</p>" if len(self._rows) > 200 else ""
        return f"<p>{head}</p><table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>{more}"


@dataclass
class ImportResult:
    """What a reader returns: ``result.model`` (or the object read) and ``result.report``.
    Unpacks as ``model, report = cchc.io.read_...(...)``."""

    model: Any
    report: ImportReport

    def __iter__(self) -> Iterator[Any]:
        return iter((self.model, self.report))

    def _repr_html_(self) -> str:
        return f"<p>{html_text(type(self.model).__name__)} read.</p>{self.report._repr_html_()}"
