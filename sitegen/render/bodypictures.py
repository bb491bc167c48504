"""Pictures in an article's body: each ``<img>`` showing a picture of ``static/`` that has
resized copies becomes the theme's ``picture`` macro (``srcset``, ``sizes``, formats, width and
height, lazy loading), keeping the author's ``alt`` and other attributes.

The body is HTML from the Markdown renderer (balanced; raw HTML checked while loading), so a
tag-level rewrite is enough: the rest of the body is left byte for byte as it was.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from sitegen.content.discover import STATIC_DIR
from sitegen.content.images import body_image_path

BODY_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
"""The body column: the article's measure (42rem) less nothing, or the screen less its margins."""

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_PICTURE = re.compile(r"<picture\b.*?</picture\s*>", re.IGNORECASE | re.DOTALL)
_KEPT_OUT = ("src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding")
"""Attributes the macro writes itself."""

Macro = Callable[..., Markup]


def body_picture_key(file: str, article_file: str) -> str:
    """The key of a body picture (its source ``file``) in an article's ``body_pictures``: its
    published path for a picture of ``static/`` (``images/x.jpg``), its path from the article's
    folder for one beside it (``./pics/x.jpg``)."""
    if file.startswith(STATIC_DIR + "/"):
        return file[len(STATIC_DIR) + 1 :]
    return "./" + posixpath.relpath(file, posixpath.dirname(article_file))


def _key_of(src: str, prefix: str) -> str | None:
    """The ``body_pictures`` key an ``<img src>`` of the rendered body names, if any."""
    if prefix and src.startswith(prefix + "/"):
        src = src[len(prefix) :]
    path = body_image_path(src)
    if path is None:
        return None
    return path.lstrip("/") if path.startswith("/") else "./" + path


def with_body_pictures(
    body: str, pictures: Mapping[str, Any], base_path: str, macro: Macro, eager: bool = False
) -> str:
    """``body`` with each ``<img>`` whose ``src`` (under ``base_path``) names a key of
    ``pictures`` (see :func:`body_picture_key`) shown by ``macro``; an ``<img>`` that already has
    a ``srcset`` or stands in a ``<picture>`` is the author's choice and left alone. With
    ``eager`` (a page without a lead image), the body's first picture is what the reader sees
    first: it loads at once, with high priority; the others as they scroll into view."""
    if not pictures or "<img" not in body.lower():
        return body
    prefix = base_path.rstrip("/")
    authored = [m.span() for m in _PICTURE.finditer(body)]
    first = _IMG.search(body)
    first_at = first.start() if first else -1

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in authored):
            return match[0]
        attrs = _attributes(match[0])
        key = _key_of(attrs.get("src") or "", prefix)
        view = pictures.get(key) if key else None
        if view is None or view.get("picture") is None or "srcset" in attrs:
            return match[0]
        extra = "".join(
            f' {name}="{escape(value or "", quote=True)}"'
            for name, value in attrs.items()
            if name not in _KEPT_OUT
        )
        first_one = eager and match.start() == first_at
        alt = attrs.get("alt") or ""
        return str(macro(view, alt, BODY_SIZES, first_one, attrs=Markup(extra)))

    return _IMG.sub(replace, body)


def with_plain_pictures(body: str, pictures: Mapping[str, Any], base_path: str) -> str:
    """``body`` for a feed: each ``<img>`` naming a key of ``pictures`` (views with an absolute
    ``url``, ``width`` and ``height``) gets that URL (a picture beside the article is published
    elsewhere than the page's folder) and its width and height; feed readers take neither
    ``srcset`` nor ``<picture>`` reliably, so the published original is shown."""
    if not pictures or "<img" not in body.lower():
        return body
    prefix = base_path.rstrip("/")

    def replace(match: re.Match[str]) -> str:
        attrs = _attributes(match[0])
        key = _key_of(attrs.get("src") or "", prefix)
        view = pictures.get(key) if key else None
        if view is None:
            return match[0]
        attrs["src"] = view["url"]
        if view.get("width") and "width" not in attrs and "height" not in attrs:
            attrs["width"], attrs["height"] = str(view["width"]), str(view["height"])
        written = "".join(
            f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs.items()
        )
        return f"<img{written}>"

    return _IMG.sub(replace, body)


def _attributes(tag: str) -> dict[str, str | None]:
    node = LexborHTMLParser(tag).css_first("img")
    return dict(node.attributes) if node is not None else {}
