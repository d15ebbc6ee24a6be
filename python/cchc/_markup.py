"""Data text in the documents cchc writes: one escaper per format.

Every string that comes from data (names, codes, notes, scenario and pack names, column
names) goes through :func:`html_text` in HTML and :func:`md_text` in Markdown, so a name
like ``<img src=x onerror=alert(1)>`` or ``a | b`` is shown as written, never run or parsed.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["html_text", "md_text"]

# Inline syntax: the escape itself, code, emphasis, links and images ("!" only acts before "["),
# table cells, strikethrough.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~])")
# At the start of a line: headings, quotes, lists, setext underlines; ordered lists ("1.").
_MD_BLOCK = re.compile(r"^(\s*)([#>+=-])|^(\s*\d+)([.)])")


def html_text(value: Any) -> str:
    """``value`` as HTML text or attribute value: ``& < > " '`` as character references."""
    return html.escape(str(value), quote=True)


def md_text(value: Any) -> str:
    """``value`` as literal Markdown text, fit for a table cell or a heading: Markdown's control
    characters backslash-escaped, ``& < >`` as character references (no raw HTML gets through),
    line breaks as spaces (a line break would end a table row)."""
    text = " ".join(str(value).splitlines())
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_BLOCK.sub(r"\1\3\\\2\4", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
