"""Checks of the public API's scalar and text arguments before they reach C++.

One place and one wording for what would otherwise surface as pybind11's "Unable to cast
Python instance", a wrapped negative number or "not valid JSON": a seed, a count or an
amount is checked here with the argument named and the value as given, and text that
looks things up by code or name is brought to Unicode NFC, the form every reader stores.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from cchc import _core
from cchc.errors import ArgumentError

__all__ = ["I64", "MAX_VND", "U64", "finite", "by_code", "integer", "nfc"]

U64 = 2**64 - 1
I64 = 2**63 - 1
#: The most money (VND) an input may give: cchc::kMaxVnd of the C++ core (below 2^63).
MAX_VND = 9_200_000_000_000_000_000
_BOUND_NAMES = {U64: "2^64-1", I64: "2^63-1", MAX_VND: "9.2e18"}


def _bound(v: int) -> str:
    return _BOUND_NAMES.get(v, str(v))


def _shown(value: Any) -> str:
    """Show the value as the user typed it: numbers (numpy's too) plainly, anything else by repr."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)
    return repr(value)


def integer(name: str, value: Any, lo: int = 0, hi: int = U64) -> int:
    """``value`` as an int in ``lo … hi`` (a whole float such as ``3.0`` counts), else ArgumentError.

    >>> integer("seed", -1)
    Traceback (most recent call last):
    cchc.errors.ArgumentError: seed must be an integer in 0 … 2^64-1, got -1
    """
    ok = False
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        ok = True
        v = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(value) and value == int(value):
        ok = True  # a whole float such as 3.0
        v = int(value)
    if not ok or not lo <= v <= hi:
        raise ArgumentError(f"{name} must be an integer in {_bound(lo)} … {_bound(hi)}, got {_shown(value)}")
    return v


def finite(name: str, value: Any) -> float:
    """``value`` as a finite float, else ArgumentError naming the argument (NaN, inf, not a number)."""
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ArgumentError(f"{name} must be a finite number, got {_shown(value)}") from None
    if not math.isfinite(v):
        raise ArgumentError(f"{name} must be a finite number, got {_shown(value)}")
    return v


def nfc(text: str) -> str:
    """``text`` in Unicode NFC by the C++ tables the readers use, so a code typed in NFD matches."""
    return str(_core.nfc(text)) if not text.isascii() else text


def by_code(values: Any) -> Any:
    """Return a Series (or mapping) keyed by code as a Series whose index is in NFC.

    Matched against the model's codes with ``codes.map(...)``, an NFD key would otherwise give a
    silent NaN.
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(dict(values), dtype=float)
    return series.rename(index=lambda k: nfc(str(k)))
