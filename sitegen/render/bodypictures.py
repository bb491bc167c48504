"""Pictures in an article's body: each ``<img>`` showing a picture of ``static/`` that has
resized copies becomes the theme's ``picture`` macro (``srcset``, ``sizes``, formats, width and
height, lazy loading), keeping the author's ``alt`` and other attributes.

The body is HTML from the Markdown renderer (balanced; raw HTML checked while loading), so a
tag-level rewrite is enough: the rest of the body is left byte for byte as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from sitegen.content.images import body_image_path

BODY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
"""The body column: the article's measure (42rem) less nothing, or the screen less its margins."""

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_PICTURE = re.compile(r"<picture\b.*?</picture\s*>", re.IGNORECASE | re.DOTALL)
_KEPT_OUT = ("src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding")
"""Attributes the macro writes itself."""

Macro = Callable[..., Markup]


def with_body_pictures(body: str, pictures: Mapping[str, Any], base_path: str, macro: Macro) -> str:
    """``body`` with each ``<img>`` whose ``src`` (under ``base_path``) is a key of ``pictures``
    (a site-relative path to an image view) shown by ``macro``; an ``<img>`` that already has a
    ``srcset`` or stands in a ``<picture>`` is the author's choice and left alone."""
    if not pictures or "<img" not in body.lower():
        return body
    prefix = base_path.rstrip("/")
    authored = [m.span() for m in _PICTURE.finditer(body)]

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in authored):
            return match[0]
        node = LexborHTMLParser(match[0]).css_first("img")
        attrs = dict(node.attributes) if node is not None else {}
        src = attrs.get("src") or ""
        if prefix and src.startswith(prefix + "/"):
            src = src[len(prefix) :]
        path = body_image_path(src)
        view = pictures.get(path.lstrip("/")) if path else None
        if view is None or view.get("picture") is None or "srcset" in attrs:
            return match[0]
        extra = "".join(
            f' {name}="{escape(value or "", quote=True)}"'
            for name, value in attrs.items()
            if name not in _KEPT_OUT
        )
        return str(macro(view, attrs.get("alt") or "", BODY_SIZES, attrs=Markup(extra)))

    return _IMG.sub(replace, body)
