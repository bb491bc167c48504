"""The ``permalink`` pattern of articles: parsed once, checked against the documented
placeholders, and filled in without ``str.format``.

``str.format`` on a string from the config would allow attribute and index lookups
(``{slug.__class__}``), positional fields and format specs; only the five names below are
placeholders here, and no segment may climb out of the site (``..``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from string import Formatter

PLACEHOLDERS = ("year", "month", "day", "slug", "section")
"""The names a pattern may use, each written ``{name}``."""
_LITERAL = re.compile(r"^[\w.~!$&'()*+,;=:@-]*$")
"""Text allowed between placeholders: what a URL path segment holds unescaped (no ``%``: an
escape such as ``%2e%2e`` is ``..`` to a browser)."""
_PLACEHOLDER = re.compile(r"\{\w+\}")

Parts = tuple[tuple[str, str | None], ...]
"""Literal text and the placeholder after it (None at the end)."""


def parse_permalink(pattern: str) -> Parts:
    """The pattern's parts; raises ValueError saying what is wrong with it."""
    if not pattern.startswith("/") or not pattern.endswith("/"):
        raise ValueError(f"{pattern!r} must start and end with '/'")
    try:
        fields = list(Formatter().parse(pattern))
    except ValueError:
        raise ValueError(f"{pattern!r} has an unmatched '{{' or '}}'") from None
    parts: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in fields:
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            shown = "{" + name + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise ValueError(f"{shown} is not a placeholder (expected {_named()})")
        parts.append((literal, name))
    if not any(name == "slug" for _, name in parts):
        raise ValueError(f"{pattern!r} must contain {{slug}}")
    _check_segments(pattern)
    return tuple(parts)


def _named() -> str:
    return " ".join("{" + name + "}" for name in PLACEHOLDERS)


def _check_segments(pattern: str) -> None:
    """Each segment between slashes is non-empty, not ``.`` or ``..``, and plain URL text."""
    for segment in pattern[1:-1].split("/"):
        plain = _PLACEHOLDER.sub("x", segment)
        if plain in ("", ".", "..") or not _LITERAL.match(plain):
            shown = repr(segment) if segment else "an empty segment ('//')"
            raise ValueError(f"{pattern!r}: {shown} is not allowed between slashes")


@lru_cache(maxsize=16)
def compiled(pattern: str) -> Parts:
    """:func:`parse_permalink`, once per pattern (every article's URL is made with it)."""
    return parse_permalink(pattern)


def fill(parts: Parts, values: dict[str, str]) -> str:
    """The pattern with each placeholder replaced by its value."""
    return "".join(text + values[name] if name else text for text, name in parts)
