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

from sitegen.content.newsroom import ArticleType, BylineMeta, Notice, NoticeMeta
from sitegen.digests import digest
from sitegen.errors import Problem
from sitegen.text.datetext import parse_datetime
from sitegen.text.pathlimits import path_problem, segment_problem, shown
from sitegen.text.slugs import is_valid_slug, normal_form, slugify


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


KICKER_MAX = 40
"""Longest kicker: a label of a few words, not a second headline."""


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
    authors: list[BylineMeta] | None = None
    """Byline of several people (use either ``author`` or ``authors``): names, or ``{name,
    role}`` with the role one of reporting, writing, photos, video, graphics, editing,
    additional-reporting."""
    type: ArticleType = "news"
    """news, opinion, analysis, review or live: a label above the headline and on cards, and
    the schema.org type (NewsArticle, OpinionNewsArticle...)."""
    kicker: str | None = None
    """A short topic label above the headline (``Election 2026``)."""
    pick: bool = False
    """An editor's pick: shown in the front page's second column."""
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
    expires: datetime | None = None
    """Time the article leaves the site: from then on it is in no listing, feed or sitemap, and
    its own page is no longer published (see docs/newsroom.md)."""
    featured: bool = False
    """Candidate for the front page's lead story."""
    corrections: list[NoticeMeta] = Field(default_factory=list)
    """Corrections (``date``, ``text``): listed at the end of the article, flagged under the
    headline, on the corrections page and in structured data."""
    updates: list[NoticeMeta] = Field(default_factory=list)
    """Updates of a developing story (``date``, ``text``), shown newest first above the body."""
    aliases: list[Annotated[str, AfterValidator(_require_alias)]] = Field(default_factory=list)
    """Old URL paths of this article (``/old/path/``); each gets a redirect page."""
    language: str | None = Field(default=None, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    """BCP 47 language of the article when it is not the site's (``ckb``, ``ar``, ``en``)."""
    translation: Annotated[str, AfterValidator(_require_slug)] | None = None
    """A key shared by the versions of one story in different languages (e.g. the English
    version's slug): they link to each other (language switcher, hreflang)."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Site-specific values, available to templates as ``article.extra``."""

    @field_validator("date", "updated", "expires", mode="before")
    @classmethod
    def _parse_date(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return None
        tz = (info.context or {}).get("tz") or ZoneInfo("UTC")
        return parse_datetime(value, tz)

    @field_validator("expires")
    @classmethod
    def _check_expires(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        published = info.data.get("date")
        if value is not None and published is not None and value <= published:
            raise ValueError(
                f"{value.isoformat()} is not after the article's date {published.isoformat()}"
            )
        return value

    @field_validator("corrections", "updates")
    @classmethod
    def _check_notices(cls, value: list[NoticeMeta], info: ValidationInfo) -> list[NoticeMeta]:
        published = info.data.get("date")
        for number, note in enumerate(value, 1):
            if published is not None and note.date < published:
                raise ValueError(
                    f"entry {number} is dated {note.date.isoformat()}, before the article's "
                    f"date {published.isoformat()}"
                )
        return value

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

    @field_validator("authors", mode="before")
    @classmethod
    def _names_are_people(cls, value: object) -> object:
        # a plain name is a person without a role: one model, so errors name the item's key
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("tags", "authors")
    @classmethod
    def _no_blank_items(cls, value: list[Any] | None) -> list[Any] | None:
        names = [item if isinstance(item, str) else item.name for item in value or ()]
        if any(not item.strip() for item in names):
            raise ValueError("items must not be empty")
        for item in names:
            # each becomes a page at tag/<slug>/ or author/<slug>/
            too_long = segment_problem(slugify(item))
            if too_long:
                raise ValueError(f"{shown(item)} makes a URL segment that {too_long}")
        return value

    @field_validator("authors")
    @classmethod
    def _each_person_once(cls, value: list[BylineMeta] | None) -> list[BylineMeta] | None:
        names = [item.name for item in value or ()]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"{twice[0]!r} is listed twice (give each person one entry)")
        return value

    @field_validator("kicker")
    @classmethod
    def _short_kicker(cls, value: str | None) -> str | None:
        if value is not None and not 0 < len(value) <= KICKER_MAX:
            raise ValueError(f"expected 1 to {KICKER_MAX} characters, got {len(value)}")
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
    """Markdown of the body; None in a record of a build with the load cache, which keeps bodies
    apart (read them with :meth:`sitegen.content.bodies.Bodies.of`)."""
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
    language: str | None = None
    """The front matter's ``language:`` (None: the site's language)."""
    translation: str | None = None
    """The front matter's ``translation:`` key linking the versions of one story."""
    expires: datetime | None = None
    """When the article leaves the site (None: never)."""
    corrections: tuple[Notice, ...] = ()
    """Corrections, oldest first."""
    updates: tuple[Notice, ...] = ()
    """Updates of a developing story, oldest first."""
    roles: tuple[str, ...] = ()
    """The role of each of ``authors`` ("" for none given); empty when nobody has one."""
    type: str = "news"
    """news, opinion, analysis, review or live."""
    kicker: str | None = None
    pick: bool = False
    """An editor's pick (front page's second column)."""
    warnings: tuple[Problem, ...] = ()
    """What loading found worth fixing in the file (blank lines before the front matter, an empty
    body, characters left out, another generator's shortcodes...): kept with the record in the
    load cache, so a rebuild that takes it from there still reports them."""

    @property
    def local_images(self) -> tuple[Image, ...]:
        """Every picture of the site the article's page shows: lead, gallery, body."""
        if not self.gallery and not self.body_images:  # most articles: asked 400,000 times
            return (self.image,) if self.image is not None and self.image.file else ()
        lead = (self.image,) if self.image else ()
        return tuple(i for i in (*lead, *self.gallery, *self.body_images) if i.file)

    @property
    def modified(self) -> datetime:
        """The last change readers are told of: ``updated``, a correction or an update, else the
        publication time."""
        notes = [n.date for n in (*self.corrections, *self.updates)]
        return max([self.updated or self.date, *notes])

    @property
    def last_update(self) -> datetime | None:
        """The ``updated`` time or the newest update's, whichever is later (None: neither)."""
        found = [d for d in (self.updated, *(n.date for n in self.updates)) if d is not None]
        return max(found) if found else None


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
    pins = (a.previous, a.next, a.related, a.featured, a.pick)  # pick: the front page's picks
    return (
        a.slug,
        a.date,
        a.section,
        a.tags,
        a.authors,
        *pins,
        a.expires,
        a.language,
        a.translation,
    )


def article_shape(a: Article) -> str:
    """A digest of :func:`link_shape`, kept in the load cache with the record: linking checks
    every article's shape on each build, and digesting them all again costs more than that."""
    return digest(link_shape(a))
