"""Where a path enters cchc: :func:`fspath` checks it, :func:`atomic_write` writes through it.

Every reader and writer of the package takes its path through :func:`fspath` (str, bytes
or ``os.PathLike``; a NUL character is refused: the system would cut the name there, so
``"victim\\0.json"`` would write ``victim``). Every writer goes through :func:`atomic_write`,
the C++ ``AtomicFile``: temporary file in the target's folder, fsync, rename; symbolic links
written through to their target; a replaced file keeps its permissions, a new one gets the
umask's. So a report, CSV or workbook is saved exactly like a model.

Text from data reaches spreadsheets: a name starting with ``=`` would run as a formula in the
analyst's Excel (CSV injection). :func:`write_excel` stores such cells as text;
:func:`write_csv` with ``spreadsheet=True`` (outputs for people) prefixes them with a quote, as
OWASP recommends; data files for programs (the event log for PM4Py) are written as they are.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

from cchc import _core
from cchc.errors import Error

__all__ = ["atomic_write", "fspath", "write_bytes", "write_csv", "write_excel", "write_text"]


def fspath(path: str | bytes | os.PathLike[Any]) -> str:
    """The path as ``str``; raises :class:`cchc.Error` when it cannot name a file (empty, NUL character).

    ``bytes`` are decoded as the file system does (:func:`os.fsdecode`).
    """
    text = os.fsdecode(os.fspath(path))
    _core.check_path(text)
    return text


class _Raw(io.RawIOBase):
    """A write-only raw stream into an ``AtomicFile`` (buffered by :func:`atomic_write`)."""

    def __init__(self, file: Any) -> None:
        self._file = file
        self.done = False  # committed or discarded: what a late flush (garbage collection) writes goes nowhere

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if not self.done:
            self._file.write(view)
        return len(view)


@contextmanager
def atomic_write(path: str | bytes | os.PathLike[Any], mode: str = "w", *, encoding: str = "utf-8",
                 newline: str | None = None) -> Iterator[IO[Any]]:
    """Open ``path`` for an atomic save: ``with atomic_write(p) as f: f.write(...)``.

    The target is replaced when the block ends normally; an exception leaves it untouched and
    removes the temporary file. ``mode`` is ``"w"`` (text, ``encoding``) or ``"wb"``.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write: mode must be 'w' or 'wb', not {mode!r}")
    file = _core.AtomicFile(fspath(path))
    raw = _Raw(file)
    try:
        stream: Any = io.BufferedWriter(raw, 1 << 20)
        if mode == "w":
            stream = io.TextIOWrapper(stream, encoding=encoding, newline=newline)
        yield stream
        stream.flush()
        file.commit()
    finally:
        raw.done = True
        file.discard()  # after commit: nothing to do


def write_bytes(path: str | bytes | os.PathLike[Any], data: bytes) -> None:
    """Save ``data`` to ``path`` atomically (see :func:`atomic_write`)."""
    with atomic_write(path, "wb") as f:
        f.write(data)


def write_text(path: str | bytes | os.PathLike[Any], text: str, encoding: str = "utf-8") -> None:
    """Save ``text`` to ``path`` atomically (see :func:`atomic_write`); newlines as given."""
    with atomic_write(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


# A spreadsheet reads a cell starting with one of these as a formula (OWASP ASVS 5.0, 1.2.10; CR too).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def _neutralise(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def write_csv(frame: Any, path: str | bytes | os.PathLike[Any], *, spreadsheet: bool, **options: Any) -> None:
    """Save a DataFrame as CSV atomically (no index; ``options`` go to ``DataFrame.to_csv``).

    ``spreadsheet=True`` (a file for people to open in Excel or LibreOffice): UTF-8 with a BOM so
    Vietnamese shows, and every text cell or column name starting with ``=``, ``+``, ``-``, ``@``,
    tab, carriage return or NUL gets a leading ``'`` so it stays text (OWASP's neutralisation of CSV
    injection; the quote shows in the cell). ``spreadsheet=False`` (data for programs): UTF-8,
    every value as it is.
    """
    import pandas as pd

    out = frame
    if spreadsheet:
        out = frame.rename(columns=_neutralise)
        for c in out.columns:
            col = out[c]
            if isinstance(col.dtype, pd.CategoricalDtype):
                out[c] = col.cat.rename_categories([_neutralise(v) for v in col.cat.categories])
            elif col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
                out[c] = col.map(_neutralise)
    with atomic_write(path, encoding="utf-8-sig" if spreadsheet else "utf-8", newline="") as f:
        out.to_csv(f, index=False, **options)


def write_excel(frames: Mapping[str, Any], path: str | bytes | os.PathLike[Any]) -> None:
    """Save DataFrames (sheet name → frame) as an ``.xlsx`` workbook with openpyxl, atomically.

    Categoricals become text, dates ``YYYY-MM-DD``; the header row is frozen. Text from data stays
    text: openpyxl would store a string starting with ``=`` (an agency named ``=HYPERLINK(...)``)
    as a live formula.
    """
    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise Error("Excel export needs openpyxl: pip install 'cchc[excel]'") from exc
    import pandas as pd

    target = fspath(path)
    buf = io.BytesIO()  # the workbook (a zip) is built in memory, then saved atomically
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in frames.items():
            out = df.copy()
            for c in out.columns:
                if isinstance(out[c].dtype, pd.CategoricalDtype):
                    out[c] = out[c].astype(object)
                elif pd.api.types.is_datetime64_any_dtype(out[c].dtype):
                    out[c] = out[c].dt.strftime("%Y-%m-%d")
            out.to_excel(xw, sheet_name=name[:31], index=False)
            sheet = xw.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":  # only data strings can be formulas here: pandas writes values
                        cell.data_type = "s"
    write_bytes(target, buf.getvalue())
