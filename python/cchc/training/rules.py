"""Training requirement rule packs (quy định bồi dưỡng), versioned by validity dates.

A pack is JSON data (format ``"cchc-training-rules"``, version 1): each rule
says who it applies to (category, rank group, leadership position, agency
level or kind, position title, age), which courses satisfy it (course codes or
course contents), its kind (``once``, ``periodic`` periods per period,
``certificate`` with expiry), the dates it is in force, exemptions and its
legal source. Bad rules raise :class:`cchc.ValidationError` whose problems name
the JSON pointer of the bad field (e.g. ``/rules/3/kind``).

Examples
--------
>>> import cchc
>>> rules = cchc.training.rules.vietnam()
>>> "VN-UPDATE-40" in set(rules.to_pandas()["code"])
True
>>> custom = cchc.training.rules.from_dict({
...     "format": "cchc-training-rules", "version": 1, "name": "mine",
...     "rules": [{"code": "IT", "source": "provincial plan", "kind": "once",
...                "match": {"content": ["digital_skills"]}}]})
>>> len(custom)
1
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cchc import _core
from cchc._files import fspath, write_text

__all__ = ["Rules", "from_dict", "load", "loads", "vietnam"]

_NO_DATE = np.iinfo(np.int32).min


def _dates(days: np.ndarray) -> np.ndarray:
    out = np.asarray(days).astype("int64")
    out[np.asarray(days) == _NO_DATE] = np.iinfo(np.int64).min
    return out.view("datetime64[D]")


class Rules:
    """A parsed, validated rule pack. Immutable; share it freely between threads.

    Use :func:`vietnam`, :func:`load`, :func:`loads` or :func:`from_dict` to get one.
    """

    def __init__(self, core: Any, source: str = "") -> None:
        self._core = core
        self.source = source

    @property
    def name(self) -> str:
        """The pack's name."""
        return str(self._core.name)

    @property
    def description(self) -> str:
        """The pack's description."""
        return str(self._core.description)

    def __len__(self) -> int:
        return int(len(self._core))

    def __repr__(self) -> str:
        return f"<cchc.training.Rules {self.name!r}: {len(self)} rules>"

    def to_pandas(self) -> pd.DataFrame:
        """One row per rule: code, name, kind, validity dates, periods, grace days, mandatory, confirmed, source."""
        cols = dict(self._core.columns())
        cols["valid_from"] = _dates(cols["valid_from"])
        cols["valid_to"] = _dates(cols["valid_to"])
        return pd.DataFrame(cols)

    def to_json(self, indent: int = 2) -> str:
        """The pack as JSON text (round-trips through :func:`loads`)."""
        return str(self._core.to_json(indent))

    def to_dict(self) -> dict[str, Any]:
        """The pack as a dict (edit it and pass it to :func:`from_dict`)."""
        return dict(json.loads(self.to_json()))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the pack as JSON, atomically (see :meth:`cchc.Model.save`)."""
        write_text(path, self.to_json() + "\n")

    def in_force(self, date: str) -> pd.DataFrame:
        """The rules in force on ``date`` (``YYYY-MM-DD``)."""
        df = self.to_pandas()
        d = np.datetime64(date, "D")
        ok = (df["valid_from"].isna() | (df["valid_from"] <= d)) & (df["valid_to"].isna() | (df["valid_to"] >= d))
        return df[ok.to_numpy()]


def loads(text: str | bytes, *, source: str = "<string>") -> Rules:
    """Parse a rule pack from JSON text; raises :class:`cchc.ValidationError` naming every bad field."""
    # Bytes go to the C++ reader as they are: it names UTF-16 and bad UTF-8 with their place.
    return Rules(_core.training_parse_rules(text, source), source)


def load(path: str | os.PathLike[str]) -> Rules:
    """Load a rule pack from a JSON file.

    Examples
    --------
    >>> rules = cchc.training.rules.load("my_rules.json")  # doctest: +SKIP
    """
    text = fspath(path)
    return loads(Path(text).read_bytes(), source=text)


def from_dict(data: dict[str, Any]) -> Rules:
    """Build a rule pack from a dict with the JSON layout."""
    return loads(json.dumps(data, ensure_ascii=False), source="<dict>")


@lru_cache(maxsize=1)
def vietnam() -> Rules:
    """The default pack: Decrees 101/2017, 89/2021 and 171/2025 (see each rule's ``source`` and ``note``).

    - ``VN-UPDATE-40``: 40 periods of training a year, until 2021-12-09 (Decree 89/2021 abolished it
      from 2021-12-10);
    - ``VN-QLNN-CV/CVC/CVCC``: state-management programme of one's rank group (course codes
      ``QLNN-CV``, ``QLNN-CVC``, ``QLNN-CVCC``; a higher programme satisfies a lower one);
    - ``VN-LD-PHONG``, ``VN-LD-SO-2017``: division- and department-level leader programmes
      (``LD-PHONG``, ``LD-SO``); ``VN-LD-PHONG-2025``: from 2025-07-01, the 4-week (160-period)
      programme of Decree 171/2025 for civil servants who lead at the division level and
      equivalent (cấp phòng, including the commune level);
    - ``VN-CHUC-DANH-XA``: commune cadre title programme; ``VN-SO-2025``: digital skills from
      2025-07-01, for civil servants only (Decree 171/2025 Art. 1.2); ``VN-MOT-CUA``: an
      illustrative 3-year one-stop desk certificate (optional).

    Sources and what is unconfirmed: docs/domain.md, section Training.

    Grace periods and the certificate validity are documented defaults (``confirmed`` is false):
    override them in your own pack.
    """
    text = resources.files("cchc.training").joinpath("data", "vietnam.json").read_text(encoding="utf-8")
    return loads(text, source="cchc.training.rules.vietnam()")
