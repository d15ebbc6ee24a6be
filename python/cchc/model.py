"""The province model: :class:`Model`, its tables, :func:`load` and saving.

A model holds agencies and administrative units, tasks, administrative
procedures (thủ tục hành chính), legal documents, people (cán bộ, công chức,
viên chức) with their training records, and courses. It is immutable: edits go
through scenarios and produce a new model.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from cchc import _args, _core
from cchc._files import fspath
from cchc._markup import html_text
from cchc.errors import Problem, UnknownFieldWarning

__all__ = ["Model", "Table", "load", "save_format"]

_ENUMS: dict[str, list[str]] = _core.enum_names()
_NO_DATE = np.iinfo(np.int32).min

# Main tables and the sub-tables that hang off them (one row per nested item).
_TABLES = ("agencies", "tasks", "procedures", "documents", "people", "courses", "training_records")
_SUBTABLES = {
    "tasks": {"assignments": "task_assignments"},
    "procedures": {
        "steps": "procedure_steps",
        "methods": "procedure_methods",
        "fees": "procedure_fees",
        "components": "procedure_components",
        "volumes": "procedure_volumes",
    },
}


def _dates(days: np.ndarray) -> np.ndarray:
    """int32 days since 1970-01-01 (min = none) → datetime64[s] with NaT.

    Seconds, pandas' coarsest unit, so that pandas takes the array without converting it again.
    """
    out = days.astype("int64") * 86_400
    out[days == _NO_DATE] = np.iinfo(np.int64).min
    return out.view("datetime64[s]")


class Table:
    """One table of a :class:`Model`: ``len(t)``, ``t.to_pandas()``, ``t["code"]``, ``t.find("name")``.

    Numeric columns come from C++ as numpy arrays; enumerations, references
    to other tables and repeated strings become pandas categoricals, dates
    ``datetime64`` (NaT for none). No Python loop runs over rows.
    """

    def __init__(self, model: Model, name: str) -> None:
        self._model = model
        self.name = name
        for attr, sub in _SUBTABLES.get(name, {}).items():
            setattr(self, attr, Table(model, sub))

    def __len__(self) -> int:
        return int(self._model._core.table_len(self.name))

    def __repr__(self) -> str:
        return f"<cchc.Table {self.name}: {len(self)} rows>"

    def to_pandas(self) -> pd.DataFrame:
        """The table as a DataFrame (one column per field, in format order).

        Examples
        --------
        >>> m = cchc.datasets.lai_chau_2021()
        >>> m.agencies.to_pandas().query("kind == 'department'")[["code", "name"]].head()  # doctest: +SKIP
        """
        columns, kinds = self._model._core.table(self.name)
        data: dict[str, Any] = {}
        for col, values in columns.items():
            kind: str = kinds[col]
            if kind == "date":
                data[col] = _dates(np.asarray(values))
            elif kind.startswith("enum:"):
                data[col] = pd.Categorical.from_codes(np.asarray(values), categories=_ENUMS[kind[5:]])
            elif kind.startswith("ref:"):  # kNone is -1, pandas' code for a missing value
                data[col] = pd.Categorical.from_codes(np.asarray(values), dtype=self._model._dtype(kind[4:]))
            elif kind == "pool":
                ids, pool = values
                data[col] = pd.Categorical.from_codes(np.asarray(ids), categories=pool)
            elif kind == "bool":
                data[col] = np.asarray(values).astype(bool)
            else:
                data[col] = values
        return pd.DataFrame(data)

    def __getitem__(self, code: str) -> pd.Series:
        """The row of a code (id for people), as a Series; raises cchc.ReferenceError naming close codes."""
        if self.name not in _TABLES or self.name == "training_records":
            raise TypeError(f"table {self.name!r} is not indexed by code")
        index = self._model._core.index(self.name, code)
        return self.to_pandas().iloc[index]

    def find(self, query: str, limit: int = 20) -> pd.DataFrame:
        """Rows whose name or code contains every word of ``query``, ignoring case and diacritics.

        ``"so noi vu"`` finds ``Sở Nội vụ``; ``đ`` folds to ``d``. Exact matches come first.

        Examples
        --------
        >>> m.agencies.find("so noi vu")[["code", "name"]]  # doctest: +SKIP
        """
        limit = _args.integer("limit", limit, 0, 2**31 - 1)
        rows = self._model._core.search(self.name, _args.nfc(str(query)), limit)
        return self.to_pandas().iloc[rows]

    def _repr_html_(self) -> str:
        table_html: str = self.to_pandas().head(10).to_html()
        return f"<p><b>{html_text(self.name)}</b>: {len(self)} rows</p>" + table_html


class Model:
    """An immutable province model.

    Build one with :func:`cchc.load`, :func:`cchc.datasets.lai_chau_2021` or a
    scenario. Tables: ``agencies``, ``tasks`` (``tasks.assignments``),
    ``procedures`` (``procedures.steps``, ``.methods``, ``.fees``,
    ``.components``, ``.volumes``), ``documents``, ``people``, ``courses``,
    ``training_records``.

    Examples
    --------
    >>> import cchc
    >>> m = cchc.datasets.lai_chau_2021()
    >>> m.summary()["commune_level_units"]
    106
    >>> len(m.procedures) >= 1500
    True
    """

    def __init__(self, core: _core.Model) -> None:
        self._core = core
        self._code_cache: dict[str, list[str]] = {}
        self._dtype_cache: dict[str, pd.CategoricalDtype] = {}
        for name in _TABLES:
            setattr(self, name, Table(self, name))

    agencies: Table
    tasks: Table
    procedures: Table
    documents: Table
    people: Table
    courses: Table
    training_records: Table

    @property
    def name(self) -> str:
        """The model's name."""
        return str(self._core.name)

    def renamed(self, name: str) -> Model:
        """The same model under another name (tables shared, not copied).

        Applying a scenario keeps the model's name; give the result one that says what it holds.

        Examples
        --------
        >>> m.renamed("Lai Châu 2021 (test)").name
        'Lai Châu 2021 (test)'
        """
        return Model(self._core.renamed(str(name)))

    @property
    def as_of(self) -> str:
        """The date the data describes (``YYYY-MM-DD``; "" when unset)."""
        return str(self._core.as_of)

    def _codes(self, table: str) -> list[str]:
        if table not in self._code_cache:
            self._code_cache[table] = self._core.codes(table)
        return self._code_cache[table]

    def _dtype(self, table: str) -> pd.CategoricalDtype:
        """The categorical dtype of a table's codes, built once (hashing 2 M person ids takes a while)."""
        if table not in self._dtype_cache:
            self._dtype_cache[table] = pd.CategoricalDtype(self._codes(table))
        return self._dtype_cache[table]

    def tables(self) -> Iterator[Table]:
        """Every main table."""
        return (getattr(self, name) for name in _TABLES)

    def summary(self, as_of: str | date | None = None) -> dict[str, Any]:
        """Counts of what the model holds on one date.

        Parameters
        ----------
        as_of : str or date, optional
            The date counted (default: the model's ``as_of``; a model without one counts every row).
            Agencies and administrative units count when valid on it (``valid_from``/``valid_to``,
            both inclusive), people when serving on it (``entered``/``left``, both inclusive),
            documents when in force (``effective`` on or before it, ``expired`` after it),
            training records when started by it, ``annual_dossiers`` over the implementing
            agencies valid on it. Units are counted by the kind of their People's Committee
            (provincial, district, commune), whether or not their ``territory`` is recorded.
            Tasks, procedures and courses carry no dates and are counted whole.

        Examples
        --------
        >>> cchc.datasets.lai_chau_2021().summary()["district_level_units"]  # doctest: +SKIP
        8
        """
        if isinstance(as_of, date):
            as_of = as_of.isoformat()
        return dict(self._core.summary("" if as_of is None else str(as_of)))

    def validate(self) -> list[Problem]:
        """Non-fatal problems: warnings from loading (unknown fields), tasks without exactly one chair
        on ``as_of``, headcount over quota. Empty when all is well.
        """
        return list(self._core.validate())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle through the snapshot bytes (versioned), so models travel to worker processes."""
        from cchc.snapshot import reduce_model

        return reduce_model(self)

    def apply(self, scenario: Any, params: Any = None) -> Model:
        """A new model with a :class:`cchc.Scenario` applied; untouched tables are shared, not copied.

        Examples
        --------
        >>> s = cchc.Scenario("Bỏ bản sao").set_trips("*", 1)
        >>> m2 = m.apply(s)  # doctest: +SKIP
        """
        from cchc.scenario import apply

        return apply(self, scenario, params)

    def to_json(self, indent: int | None = None) -> bytes:
        """The model in JSON format version 1 (UTF-8 bytes); deterministic."""
        return bytes(self._core.to_json(-1 if indent is None else indent))

    def save(self, path: str | os.PathLike[str], *, indent: int | None = None) -> None:
        """Save atomically; the format follows the extension (``.json``, ``.json.gz``, ``.cchc`` snapshot).

        A temporary file is written in the same folder, flushed to disk and
        renamed over the target, so an interrupted save never damages the old file.
        A symbolic link is written through to its target; a replaced file keeps its
        permissions. A path with a NUL character raises :class:`cchc.Error`.
        """
        text = fspath(path)
        if save_format(text) == "snapshot":
            from cchc.snapshot import save_snapshot

            save_snapshot(self, text)
            return
        # Streamed in C++, person by person (.json.gz deflated on the way, as gzip.compress(level 6, mtime=0)).
        _core.save_json(self._core, text, -1 if indent is None else indent)

    def __repr__(self) -> str:
        s = self.summary()
        return (
            f"<cchc.Model {self.name!r}: {s['agencies']} agencies, {s['procedures']} procedures, "
            f"{s['people']} people, {s['training_records']} training records>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html_text(k)}</th><td>{html_text(v)}</td></tr>"
            for k, v in self.summary().items()
        )
        return f"<div><b>cchc.Model</b> {html_text(self.name)}<table>{rows}</table></div>"


def save_format(path: str) -> str:
    """The format :meth:`Model.save` writes to ``path``, by its extension: ``"json"`` (``.json``,
    ``.json.gz``) or ``"snapshot"`` (``.cchc``); ``ValueError`` for any other."""
    if path.endswith(".cchc"):
        return "snapshot"
    if path.endswith((".json", ".json.gz")):
        return "json"
    raise ValueError(f"{path}: unknown extension; use .json, .json.gz or .cchc")


def load(path: str | os.PathLike[str], *, strict: bool = False) -> Model:
    """Load a model from ``.json``, ``.json.gz`` (format version 1, see ``docs/format.md``) or a
    ``.cchc`` snapshot (see ``docs/snapshot.md``; a damaged file raises :class:`cchc.SnapshotError`).

    Every problem is reported at once: a :class:`cchc.ValidationError` lists
    them in ``.problems``, each with a JSON pointer ``.path``; nothing is built
    on error. Unknown fields are warnings, errors when ``strict=True``.

    Examples
    --------
    >>> m = cchc.load("lai_chau.json")  # doctest: +SKIP
    """
    text = fspath(path)
    if text.endswith(".cchc"):
        from cchc.snapshot import load_snapshot

        return load_snapshot(text)
    # Streamed in C++ (a .gz inflated in chunks): never the whole text nor a whole DOM in memory.
    return _warn_unknown_fields(Model(_core.read_json_file(text, text, strict)), text)


def loads(data: bytes | str, *, source: str = "<string>", strict: bool = False) -> Model:
    """Load a model from JSON text or bytes (see :func:`load`)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _warn_unknown_fields(Model(_core.read_json(data, source, strict)), source)


def _warn_unknown_fields(model: Model, source: str) -> Model:
    """One :class:`cchc.UnknownFieldWarning` naming every unknown field's pointer (a misspelt
    ``fee`` must not vanish unnoticed); the model keeps them in ``validate()`` too."""
    pointers = [p.path for p in model._core.load_warnings() if p.message.startswith("unknown field ")]
    if pointers:
        shown = ", ".join(pointers[:20]) + (f" and {len(pointers) - 20} more" if len(pointers) > 20 else "")
        warnings.warn(
            UnknownFieldWarning(f"{source}: {len(pointers)} unknown field(s) ignored: {shown} "
                                "(a misspelling? strict=True makes them errors)", pointers, source),
            stacklevel=3,
        )
    return model
