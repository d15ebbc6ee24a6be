"""Exceptions raised by cchc.

Every error says what went wrong and where: the file, a JSON pointer
(RFC 6901) into it, and the code of the entity concerned.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

__all__ = ["ArgumentError", "Error", "ValidationError", "ReferenceError", "SnapshotError", "ScenarioError", "Problem",
           "UnknownFieldWarning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in input.

    Attributes
    ----------
    path : str
        JSON pointer to the place, e.g. ``"/agencies/3/parent"`` ("" for the whole document).
    message : str
        What is wrong and, where possible, how to fix it.
    code : str
        Code or id of the entity concerned ("" when unknown).
    severity : str
        ``"error"`` or ``"warning"``.
    """

    path: str
    message: str
    code: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path or "/"
        entity = f" [{self.code}]" if self.code else ""
        return f"{self.severity} at {where}{entity}: {self.message}"


class Error(Exception):
    """Base class of every cchc error."""


class ValidationError(Error):
    """Input failed validation. ``problems`` lists every problem found, not just the first.

    Attributes
    ----------
    problems : list of Problem
        Errors and warnings, each with a JSON pointer ``path``.
    source : str
        The file (or other source) that was read.
    """

    def __init__(self, message: str, problems: list[Problem] | None = None, source: str = "") -> None:
        super().__init__(message)
        self.problems: list[Problem] = list(problems or [])
        self.source = source

    @property
    def errors(self) -> list[Problem]:
        """The problems of severity ``"error"``."""
        return [p for p in self.problems if p.severity == "error"]


class ArgumentError(Error, builtins.ValueError):
    """An argument out of its range or not a number (``seed=-1``, ``amount=nan``): the message names
    the argument and the value given. Also a ``ValueError``, as Python's own functions raise."""


class ReferenceError(Error, builtins.LookupError):  # noqa: A001 - the documented public name
    """An unknown code was asked for; the message names the closest existing codes."""


class SnapshotError(Error):
    """A snapshot file is truncated, corrupted, foreign or of a future version."""


class ScenarioError(Error):
    """A scenario action does not fit the model (unknown code, impossible value)."""


class UnknownFieldWarning(UserWarning):
    """A file holds fields that cchc does not know (often a misspelling: ``fee`` for ``fees``);
    they were ignored. Issued once per file, naming each field's JSON pointer; pass
    ``strict=True`` to the loader to make them errors instead.

    Attributes
    ----------
    pointers : list of str
        The JSON pointer of every unknown field.
    source : str
        The file (or other source) that was read.
    """

    def __init__(self, message: str, pointers: list[str] | None = None, source: str = "") -> None:
        super().__init__(message)
        self.pointers: list[str] = list(pointers or [])
        self.source = source
