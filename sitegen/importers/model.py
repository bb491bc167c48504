"""The plain records passed between the stages of an import."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from sitegen.errors import SitegenError
from sitegen.importers.report import Report


class ImportRefused(SitegenError):
    """The input cannot be imported at all (malformed or hostile XML, not a site folder...)."""


@dataclass(frozen=True)
class ImageRef:
    """A lead image as the source names it (a URL or a path on the old site)."""

    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class SourceItem:
    """One article or page read from the source, its body still in the source's format."""

    kind: Literal["article", "page"]
    origin: str
    """Where it came from, for the report: ``export.xml:120`` or ``_posts/2014-01-01-a.md``."""
    key: str
    """Stable identity within the source (post id, relative path): the permanent id's seed."""
    title: str
    date: datetime | None
    slug_hint: str
    """The slug the source used (post_name, file name, ``slug:``), before cleaning."""
    body: str
    body_line: int = 1
    """Line of the body's first line in the source file (leftovers are reported file:line)."""
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)
    """(slug, display name) of each category; the first becomes the section, the rest tags."""
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    """The source's own summary (WordPress excerpt, Hugo ``summary``, Jekyll ``excerpt``)."""
    description: str | None = None
    """A meta description (Hugo, Jekyll): the summary when there is no other."""
    image: ImageRef | None = None
    draft: bool = False
    featured: bool = False
    old_paths: list[str] = field(default_factory=list)
    """Old URL paths (``/2019/05/old-slug/``) to keep as aliases where they differ."""
    extra: dict[str, Any] = field(default_factory=dict)
    link_keys: tuple[str, ...] = ()
    """Names other items use to link here (``ref``/``relref`` paths, ``post_url`` names)."""
    fields: dict[str, Any] = field(default_factory=dict)
    """The raw front matter, for ``{{ page.x }}``-style references in the body."""


@dataclass(frozen=True)
class MediaCopy:
    """A file to copy into the site's ``static/`` folder."""

    source: Path
    dest: str
    """POSIX path under ``static/`` (also the URL path on the new site)."""


@dataclass(frozen=True)
class Converted:
    """A body converted to Markdown, with what the conversion learned."""

    markdown: str
    teaser: str | None = None
    """Text before a ``<!--more-->`` marker, when there was one."""


Links = Mapping[str, str]
"""Link key (see :attr:`SourceItem.link_keys`) -> the item's new URL path (``/2019/03/x/``)."""
Convert = Callable[[SourceItem, Links, Report], Converted]


@dataclass(frozen=True)
class SiteInfo:
    """What the source says about the old site, for a new ``sitegen.yaml``."""

    title: str = "Imported site"
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en"
    description: str = ""
    authors: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Display name -> profile (``bio``, ``url``) for ``sitegen.yaml``'s ``authors:``."""


@dataclass
class Source:
    """Everything a reader found, ready for planning."""

    name: str
    """``wordpress``, ``hugo`` or ``jekyll``."""
    label: str
    """The input as the user named it, for the report."""
    items: list[SourceItem]
    convert: Convert
    report: Report
    site: SiteInfo = field(default_factory=SiteInfo)
    media: list[MediaCopy] = field(default_factory=list)
    find_media: Callable[[str], Path | None] = lambda _path: None
    """Where the old site's file at this URL path is on disk, if it was given."""
