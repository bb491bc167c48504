"""The units of output: one job per file to write, declared before anything is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RenderJob:
    """A page rendered from a template and plain view data."""

    output: str
    """File path inside the output folder (POSIX, relative)."""
    template: str
    """Template name, looked up in the site's templates/ first, then the theme."""
    context: dict[str, Any]
    """Plain view data passed to the template."""
    sources: tuple[str, ...]
    """Site files the page is made from (for error messages)."""
    markdown: str | None = None
    """Markdown rendered into ``body_html`` before the template runs (articles and pages)."""
    dateline: str = ""
    """Dateline put at the start of the body's first paragraph (``SULAIMANI (ESTA) —``)."""


@dataclass(frozen=True)
class CopyJob:
    """A file copied as it is (static assets, images)."""

    output: str
    """File path inside the output folder (POSIX, relative)."""
    source: str
    """Absolute path of the file to copy."""


@dataclass(frozen=True)
class DataJob:
    """A machine-readable file (feed, sitemap, robots.txt) serialized from plain data."""

    output: str
    """File path inside the output folder (POSIX, relative)."""
    format: str
    """Serializer name: ``rss``, ``atom``, ``json-feed``, ``sitemap``, ``sitemap-index``,
    ``news-sitemap`` or ``robots`` (see :mod:`sitegen.render.serialize`)."""
    data: dict[str, Any]
    """Plain data the serializer turns into bytes."""
    sources: tuple[str, ...] = ()
    """Site files the output is made from (for error messages)."""


Job = RenderJob | CopyJob | DataJob
