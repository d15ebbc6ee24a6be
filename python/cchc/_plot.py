"""What every cchc chart shares: data text drawn literally, bars that stay visible at zero.

Matplotlib reads text between two ``$`` as mathtext (``"50% $ hoặc 60% $"`` fails to draw, and
the whole figure with it) and hides legend entries whose label starts with ``_``. Every label
taken from data (tick labels, titles, legends, annotations) goes through :func:`literal`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

__all__ = ["hbars", "literal", "literals", "mark_zeros"]


def literal(text: Any) -> str:
    """``text`` as matplotlib draws it literally: ``$`` escaped as ``\\$`` (read as a dollar sign by
    mathtext and by TeX with ``text.usetex``), a leading ``_`` kept visible in legends by a space."""
    s = str(text).replace("$", r"\$")
    return " " + s if s.startswith("_") else s


def literals(values: Iterable[Any]) -> list[str]:
    """:func:`literal` of each value."""
    return [literal(v) for v in values]


def hbars(ax: Any, labels: Sequence[Any], values: Any, *, fmt: Callable[[float], str], color: str = "#2f6f9f",
          xlim: tuple[float, float] | None = None, mark: str | None = None) -> Any:
    """Horizontal bars, the first label at the top, each with its value written after it.

    Bars sit at numeric positions, so two groups with the same name stay two bars (a categorical
    axis would draw them on one row). A bar of zero has no width: a hollow marker at 0 and its
    value label show it, so a chart of zeros is not blank (``mark``: its colour, default the bars').
    A missing value (NaN) is labelled "–" at 0, without a marker.
    Returns the bar container.
    """
    v = np.asarray(values, dtype=float)
    y = np.arange(len(v))
    bars = ax.barh(y, np.nan_to_num(v), color=color)
    ax.set_yticks(y, literals(labels))
    ax.invert_yaxis()
    if xlim is not None:
        ax.set_xlim(*xlim)
    ax.bar_label(bars, labels=["–" if x != x else fmt(x) for x in v], padding=5, fontsize=7)
    mark_zeros(ax, y, v, mark or color, horizontal=True)
    return bars


def mark_zeros(ax: Any, positions: Any, values: Any, color: str, *, horizontal: bool = False) -> None:
    """A hollow marker at 0 for each bar whose value is 0 (a bar of no length is otherwise invisible)."""
    pos = np.asarray(positions, dtype=float)
    zero = np.asarray(values, dtype=float) == 0
    if zero.any():
        at = (np.zeros(int(zero.sum())), pos[zero]) if horizontal else (pos[zero], np.zeros(int(zero.sum())))
        ax.plot(*at, linestyle="none", marker="o", markersize=5, markerfacecolor="white", markeredgecolor=color,
                clip_on=False, zorder=3)
