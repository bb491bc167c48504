"""Typed front matter (what an editor may write) and the plain article/page records built from it.

The front-matter field set is fixed; site-specific values go under ``extra:``. Dates are parsed
once, here, into timezone-aware values in the newsroom's timezone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from sitegen.content.dates import parse_datetime
from sitegen.digests import digest
from sitegen.errors import Problem
from sitegen.pathlimits import path_problem, segment_problem, shown
from sitegen.slugs import is_valid_slug, normal_form, slugify


def _require_slug(value: str) -> str:
    value = normal_form(value)
    if not is_valid_slug(value):
        raise ValueError(
            f"{value!r} is not a slug (expected lower-case letters and digits joined by "
            "single hyphens, e.g. kdp-delegation-meets-puk-officials-in-erbil)"
        )
    too_long = segment_problem(value)
    if too_long:
        raise ValueError(f"{shown(value)} {too_long}; choose a shorter slug")
    return value


_ALIAS = re.compile(r"^/(?:[\w.~!$&'()*+,;=:@%-]+/?)*$")


def _require_alias(value: str) -> str:
    """An alias is a path on this site: starts with '/', no '..', no scheme, query or fragment;
    it ends in '/' or '.html' (``.htm``), the two forms every host serves as a page."""
    parts = value.split("/")
    if not _ALIAS.match(value) or any(p in ("..", ".") for p in parts) or value == "/":
        raise ValueError(
            f"{value!r} is not a path on this site (expected e.g. /2019/05/old-slug/ or "
            "/news/story.html)"
        )
    if not value.endswith("/") and not value.lower().endswith((".html", ".htm")):
        raise ValueError(
            f"{value!r} must end in '/' or '.html' (expected e.g. {value.rstrip('/')}/ for a "
            "folder URL; a redirect page under another ending would be served as a download)"
        )
    too_long = path_problem(value.strip("/"))
    if too_long:
        raise ValueError(f"{shown(value)} {too_long}; choose a shorter path")
    return value


class _Strict(BaseModel):
    # defer_build: a rebuild that takes every article from the load cache never validates one,
    # and building the validators is a large part of importing this module
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class ImageMeta(_Strict):
    """The lead image of an article."""

    src: str = Field(min_length=1)
    """``/path`` under ``static/``, a path relative to the article file, or an http(s) URL."""
    alt: str = Field(min_length=1)
    """Text alternative read by screen readers; describe what the picture shows."""
    caption: str = ""
    """What the picture shows and where, printed under it."""
    credit: str = ""
    """Who took or supplied it (e.g. ``Twitter of Pompeo``), printed apart from the caption."""
    focus: tuple[float, float] | None = None
    """The point to keep in crops (social cards), as fractions ``[x, y]`` of the width and
    height from the top left; default the centre."""

    @field_validator("focus")
    @classmethod
    def _check_focus(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not all(0 <= v <= 1 for v in value):
            raise ValueError(f"{list(value)!r} is not two fractions between 0 and 1")
        return value


class ArticleMeta(_Strict):
    """The front matter of an article. Validate with ``context={"tz": ZoneInfo}``."""

    title: str = Field(min_length=1)
    """The headline."""
    date: datetime
    """Publication time; a bare date or naive time is read in the site timezone."""
    id: UUID | None = None
    """Permanent identifier (feeds' GUIDs); ``sitegen new`` writes a fresh UUID."""
    updated: datetime | None = None
    """Time of the last substantive update; must not be before ``date``."""
    slug: str | None = None
    """URL key; defaults to the file name."""
    author: str | None = None
    """Byline of a single author."""
    authors: list[str] | None = None
    """Byline of several authors (use either ``author`` or ``authors``)."""
    source: str | None = None
    """Wire or agency credit shown in the dateline, e.g. ``ESTA``."""
    location: str | None = None
    """Dateline place, e.g. ``SULAIMANI``."""
    section: str | None = None
    """Slug of a section configured in ``sitegen.yaml``."""
    tags: list[str] = Field(default_factory=list)
    """Topics; each gets a tag page."""
    image: ImageMeta | None = None
    gallery: list[ImageMeta] = Field(default_factory=list)
    """Pictures shown after the body, each with its alt text, caption and credit."""
    """Lead image."""
    summary: str | None = None
    """Standfirst for listings and meta description; default: from the first paragraph."""
    previous: str | None = None
    """Slug of the article to show as Previous Article instead of the next older one."""
    next: str | None = None
    """Slug of the article to show as Next Article instead of the next newer one."""
    related: list[Annotated[str, AfterValidator(_require_slug)]] = Field(default_factory=list)
    """Slugs pinned at the top of Related Posts."""
    canonical: str | None = None
    """Absolute URL of the original when this is syndicated copy: the page's canonical link."""
    draft: bool = False
    """Left out of the build unless ``--drafts``."""
    featured: bool = False
    """Candidate for the front page's lead story."""
    aliases: list[Annotated[str, AfterValidator(_require_alias)]] = Field(default_factory=list)
    """Old URL paths of this article (``/old/path/``); each gets a redirect page."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Site-specific values, available to templates as ``article.extra``."""

    @field_validator("date", "updated", mode="before")
    @classmethod
    def _parse_date(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return None
        tz = (info.context or {}).get("tz") or ZoneInfo("UTC")
        return parse_datetime(value, tz)

    @field_validator("canonical")
    @classmethod
    def _check_canonical(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
        return value

    @field_validator("slug", "previous", "next")
    @classmethod
    def _check_slug(cls, value: str | None) -> str | None:
        return None if value is None else _require_slug(value)

    @field_validator("tags", "authors")
    @classmethod
    def _no_blank_items(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and any(not item.strip() for item in value):
            raise ValueError("items must not be empty")
        for item in value or ():
            # each becomes a page at tag/<slug>/ or author/<slug>/
            too_long = segment_problem(slugify(item))
            if too_long:
                raise ValueError(f"{shown(item)} makes a URL segment that {too_long}")
        return value

    @model_validator(mode="after")
    def _check_consistency(self) -> ArticleMeta:
        if self.author is not None and self.authors is not None:
            raise ValueError("use either 'author' or 'authors', not both")
        if self.updated is not None and self.updated < self.date:
            raise ValueError("'updated' must not be before 'date'")
        return self


class PageMeta(_Strict):
    """The front matter of a standalone page (About, Contact)."""

    title: str = Field(min_length=1)
    """Page heading and title."""
    slug: str | None = None
    """URL key; defaults to the file name; the page is published at ``/<slug>/``."""
    summary: str = ""
    """Meta description."""
    draft: bool = False
    """Left out of the build unless ``--drafts``."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Site-specific values."""

    @field_validator("slug")
    @classmethod
    def _check_slug(cls, value: str | None) -> str | None:
        return None if value is None else _require_slug(value)


class _PickledAsArguments:
    """Pickles as the constructor's arguments, in field order.

    Articles cross into render processes pickled (between sitegen's own processes, never
    through ``.sitegen/``); the generic ``__setstate__`` of slotted dataclasses looks the
    fields up again for every object and costs about twice as much as calling the
    constructor.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        names: tuple[str, ...] = self.__slots__
        return type(self), tuple(getattr(self, name) for name in names)


@dataclass(frozen=True, slots=True)
class Image(_PickledAsArguments):
    """A lead image resolved against the site: where it is published and how big it is."""

    url: str
    """Site-relative URL path (``images/x.png``) or an absolute http(s) URL."""
    file: str | None
    """Source file relative to the site root (None for external URLs); copied to the output."""
    alt: str
    caption: str
    credit: str
    width: int | None
    height: int | None
    digest: str | None = None
    """SHA-256 of the source file's bytes (names its resized copies; None for URLs and SVG)."""
    line: int | None = None
    """Line of ``image.src`` in the article's front matter (for problems with the picture)."""
    focus: tuple[float, float] | None = None
    """The point crops keep, as fractions of width and height (None: the centre)."""


@dataclass(frozen=True, slots=True)
class Article(_PickledAsArguments):
    """One validated article: plain, immutable data keyed by its slug."""

    file: str
    """Source path relative to the site root."""
    digest: str
    """SHA-256 of the file's bytes (cache key for rendered Markdown)."""
    slug: str
    title: str
    date: datetime
    updated: datetime | None
    id: str | None
    authors: tuple[str, ...]
    source: str | None
    location: str | None
    section: str | None
    tags: tuple[str, ...]
    image: Image | None
    summary: str
    """Plain-text standfirst for meta descriptions, feeds and structured data (from the front
    matter's ``summary``, or from the first paragraph)."""
    standfirst: str
    """The plain text of the front matter's ``summary`` ("" when derived): shown under the
    headline (as :attr:`summary_html`)."""
    body: str | None
    """Markdown of the body; None in a record taken from the load cache, which leaves bodies in
    their source files (read them with :func:`sitegen.content.bodies.body_of`)."""
    previous: str | None
    next: str | None
    related: tuple[str, ...]
    draft: bool
    featured: bool
    aliases: tuple[str, ...] = ()
    """Old URL paths (site-relative, no leading '/') that redirect here."""
    canonical: str | None = None
    """Canonical URL of the original (syndicated copy); None means the article's own URL."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each front-matter key, for problems found after loading (unknown section...)."""
    extra: dict[str, Any] = field(default_factory=dict)
    summary_html: str = ""
    """The summary as inline HTML: the front matter's Markdown rendered, or the derived text
    escaped (listings and the standfirst show it; ``summary`` is its plain text)."""
    gallery: tuple[Image, ...] = ()
    """The front matter's ``gallery:``, resolved like the lead image."""
    body_images: tuple[Image, ...] = ()
    """The pictures of ``static/`` the body shows (they get resized copies, width and height)."""
    warnings: tuple[Problem, ...] = ()
    """What loading found worth fixing in the file (blank lines before the front matter, an empty
    body, characters left out, another generator's shortcodes...): kept with the record in the
    load cache, so a rebuild that takes it from there still reports them."""

    @property
    def local_images(self) -> tuple[Image, ...]:
        """Every picture of the site the article's page shows: lead, gallery, body."""
        lead = (self.image,) if self.image else ()
        return tuple(i for i in (*lead, *self.gallery, *self.body_images) if i.file)

    @property
    def modified(self) -> datetime:
        """The updated time, else the publication time."""
        return self.updated or self.date


@dataclass(frozen=True, slots=True)
class Page(_PickledAsArguments):
    """One validated standalone page."""

    file: str
    digest: str
    slug: str
    title: str
    summary: str
    body: str
    draft: bool
    extra: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each front-matter key, for problems found after loading (duplicate URL)."""
    warnings: tuple[Problem, ...] = ()
    """As :attr:`Article.warnings`."""


def link_shape(a: Article) -> tuple[object, ...]:
    """The fields of an article that linking reads (see :mod:`sitegen.graph.memo`)."""
    return (a.slug, a.date, a.section, a.tags, a.authors, a.previous, a.next, a.related, a.featured)


def article_shape(a: Article) -> str:
    """A digest of :func:`link_shape`, kept in the load cache with the record: linking checks
    every article's shape on each build, and digesting them all again costs more than that."""
    return digest(link_shape(a))
