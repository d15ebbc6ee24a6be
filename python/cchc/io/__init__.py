"""Readers for the files provinces hold: catalogues, staff sheets, dossier logs.

Each reader returns an :class:`ImportResult` ``(model, report)``; the report lists every
problem and assumption with its place (file, sheet, row, column).
"""

from cchc.io.result import ImportReport, ImportResult, cell_name

__all__ = ["ImportReport", "ImportResult", "cell_name"]
