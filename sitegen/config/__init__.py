"""The typed site configuration (``sitegen.yaml``), one documented field per setting.

Unknown keys are reported, every problem is collected before aborting, and there is no silent
fallback to defaults on bad values.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from sitegen.config.deploy import DeployTarget
from sitegen.config.languages import LanguageConfig, check_locale, language_problems, prefix_of
from sitegen.config.newsroom import (
    BreakingConfig,
    FrontPageConfig,
    localize_breaking,
    require_email,
    social_links,
)
from sitegen.digests import code_digest, digest
from sitegen.errors import Problem, ProblemsFound, not_utf8
from sitegen.state.files import read_state, write_state
from sitegen.text.pathlimits import MAX_SEGMENT_BYTES, path_problem, shown
from sitegen.text.permalinks import parse_permalink
from sitegen.text.textchars import FORBIDDEN
from sitegen.text.yamlsource import YamlSyntaxError, parse_mapping
from sitegen.validation import problems_from

CONFIG_FILE = "sitegen.yaml"
_NOT_IN_URL = re.compile(rf"\s|{FORBIDDEN.pattern}")
"""Characters a URL never holds as such (urlsplit silently drops some of them)."""
RTL_LANGUAGES = frozenset({"ar", "ckb", "fa", "he", "ku-arab", "ps", "sd", "ug", "ur", "yi"})


def direction_of(language: str) -> Literal["ltr", "rtl"]:
    """``rtl`` for a right-to-left language tag (``ckb``, ``ar-IQ``), else ``ltr``."""
    lowered = language.lower()
    rtl = lowered in RTL_LANGUAGES or lowered.split("-")[0] in RTL_LANGUAGES
    return "rtl" if rtl else "ltr"


class _Strict(BaseModel):
    # defer_build: a rebuild takes the validated config from its cache (see load_config), and
    # building the validators costs more than the rest of a small rebuild
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme in ("http", "https") and bool(parts.netloc) and not _NOT_IN_URL.search(value)
    )


def static_or_url(value: str) -> str:
    """A path inside ``static/`` or an http(s) URL, else a ValueError saying so."""
    if _is_http_url(value):
        return value
    parts = value.lstrip("/").split("/")
    bad = any(part in ("", ".", "..") for part in parts) or ":" in parts[0]
    if bad or value.startswith("//") or "\\" in value or _NOT_IN_URL.search(value):
        raise ValueError(
            f"{value!r} is not a path inside static/ (expected e.g. images/logo.png) "
            "or an http(s) URL"
        )
    return value


class SectionConfig(_Strict):
    """One section of the newsroom (Politics, Economy...), in navigation order."""

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=MAX_SEGMENT_BYTES)
    """URL-safe key used by articles' ``section:`` and in ``/section/<slug>/``."""
    name: str = Field(min_length=1)
    """Display name shown in the masthead and on section pages."""
    description: str = ""
    """One sentence shown under the section heading."""
    names: dict[str, str] = Field(default_factory=dict)
    """The section's name in other languages of a multilingual site: language code -> name
    (``{ckb: سیاسەت, ar: سياسة}``); ``name`` where a language has none."""
    descriptions: dict[str, str] = Field(default_factory=dict)
    """The section's description in other languages of a multilingual site: language code ->
    sentence; ``description`` where a language has none."""


class AuthorConfig(_Strict):
    """Optional details for an author, keyed by the author's name as written in front matter."""

    bio: str = ""
    """Short biography shown on the author page."""
    url: str | None = None
    """The author's own page or profile, linked from the author page."""
    title: str = ""
    """Job title shown on the author page and in structured data (``jobTitle``), e.g.
    ``Political correspondent``."""
    photo: str | None = None
    """Portrait: a path inside ``static/`` (``images/staff/ava.jpg``) or an http(s) URL."""
    email: str | None = None
    """Address readers may write to, shown (as a mailto link) on the author page."""
    social: dict[str, str] = Field(default_factory=dict)
    """Profiles elsewhere by name (``Mastodon: https://...``): linked from the author page and
    the structured data's ``sameAs``."""

    @field_validator("photo")
    @classmethod
    def _check_photo(cls, value: str | None) -> str | None:
        return None if value is None else static_or_url(value)

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        return None if value is None else require_email(value)

    @field_validator("social")
    @classmethod
    def _check_social(cls, value: dict[str, str]) -> dict[str, str]:
        return social_links(value)


class PublisherConfig(_Strict):
    """The organisation that publishes the site (structured data, footer)."""

    name: str = Field(min_length=1)
    """Publisher name, e.g. the agency's name."""
    logo: str | None = None
    """Path of the logo inside ``static/`` (e.g. ``images/logo.png``), or an http(s) URL."""

    @field_validator("logo")
    @classmethod
    def _check_logo(cls, value: str | None) -> str | None:
        return None if value is None else static_or_url(value)


FeedFormat = Literal["rss", "atom", "json"]
FEED_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom", "json")


class FeedsConfig(_Strict):
    """Which feeds are published and how long they are (see docs/syndication.md)."""

    size: int = Field(default=20, ge=1, le=1000)
    """Newest articles per feed."""
    formats: list[FeedFormat] = Field(default_factory=lambda: list(FEED_FORMATS))
    """Formats published for every feed: RSS 2.0 ``feed.xml``, Atom 1.0 ``atom.xml``, JSON Feed
    1.1 ``feed.json``; an empty list publishes no feeds."""
    sections: bool = True
    """Publish a feed per section (``/<section>/feed.xml``...)."""
    tags: bool = False
    """Publish a feed per tag (``/tag/<tag>/feed.xml``...)."""
    authors: bool = False
    """Publish a feed per author (``/author/<author>/feed.xml``...)."""
    full_content: bool = True
    """Put the whole article (HTML) in feeds; ``false`` gives the summary only."""


class SitemapsConfig(_Strict):
    """Sitemaps and robots.txt."""

    news: bool = True
    """Publish ``news-sitemap.xml`` (Google News: articles of the 48 hours before the build)."""
    robots: bool = True
    """Publish ``robots.txt`` naming the sitemaps (a ``static/robots.txt`` replaces it)."""


class ImagesConfig(_Strict):
    """How pictures are published (see docs/pictures.md)."""

    widths: list[int] = Field(default_factory=lambda: [320, 640, 960, 1280, 1920], min_length=1)
    """Widths in pixels of the resized copies of lead and card images (never wider than the
    original)."""
    quality: int = Field(default=78, ge=1, le=100)
    """Encoder quality of JPEG, WebP and AVIF copies."""
    avif: bool = True
    """Also publish AVIF copies, when the installed Pillow can write AVIF."""
    keep_metadata: bool = False
    """Publish pictures with their EXIF, XMP, IPTC and ICC metadata (GPS position, camera
    serial...); by default every published picture is stripped of it."""

    @field_validator("widths")
    @classmethod
    def _check_widths(cls, value: list[int]) -> list[int]:
        if any(w < 16 or w > 8192 for w in value):
            raise ValueError(f"{value!r} must be widths between 16 and 8192 pixels")
        return sorted(set(value))


class SiteConfig(_Strict):
    """Everything ``sitegen.yaml`` can set."""

    title: str = Field(min_length=1)
    """Site name, shown in the masthead and in every page title."""
    base_url: str
    """Absolute URL the site is published under, ending in ``/``; may carry a path."""
    description: str = ""
    """One-line description of the site (front page meta description)."""
    language: str = "en"
    """BCP 47 language of the site (``en``, ``ckb``, ``ar``), used in ``<html lang>``."""
    direction: Literal["ltr", "rtl", "auto"] = "auto"
    """Text direction; ``auto`` picks ``rtl`` for right-to-left languages."""
    timezone: str = "UTC"
    """IANA timezone of the newsroom; bare dates and naive times in front matter are read in it,
    and pages show every time in it."""
    locale: str | None = None
    """CLDR locale of dates and numbers (``ar_IQ`` for Iraqi month names); default: from
    ``language`` (``en`` gives ``en_GB``, day before month)."""
    digits: Literal["locale", "latn", "arab", "arabext"] = "locale"
    """Digits of dates and page numbers: ``locale`` (CLDR's default for the locale: ``arab``
    ٠١٢ for ``ckb`` and ``ar_IQ``), ``latn`` 012, ``arab`` ٠١٢ or ``arabext`` ۰۱۲."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Interface strings replaced for this site: English text (the msgid, e.g.
    ``Related Posts``) -> the words to show (see docs/languages.md)."""
    languages: list[LanguageConfig] = Field(default_factory=list)
    """The languages of a multilingual site, each under its URL prefix (see
    docs/languages.md); empty: one language, ``language``."""
    sections: list[SectionConfig] = Field(default_factory=list)
    """The sections, in masthead order; an article's ``section:`` must name one of them."""
    page_size: int = Field(default=10, ge=1, le=500)
    """Articles per listing page (front page latest list, sections, tags, authors, archives)."""
    permalink: str = "/{year}/{month}/{slug}/"
    """URL pattern of articles; placeholders {year} {month} {day} {slug} {section}."""
    navigation: Literal["site", "section"] = "site"
    """Scope of Previous/Next Article links: the whole site or the article's section."""
    related_count: int = Field(default=4, ge=0, le=12)
    """How many Related Posts an article shows."""
    publisher: PublisherConfig | None = None
    """The publishing organisation; defaults to the site title."""
    authors: dict[str, AuthorConfig] = Field(default_factory=dict)
    """Optional author details keyed by name."""
    feeds: FeedsConfig = Field(default_factory=FeedsConfig)
    """RSS, Atom and JSON feeds."""
    sitemaps: SitemapsConfig = Field(default_factory=SitemapsConfig)
    """``sitemap.xml``, ``news-sitemap.xml`` and ``robots.txt``."""
    output_dir: str = "public"
    """Folder the site is built into, relative to the site root."""
    images: ImagesConfig = Field(default_factory=ImagesConfig)
    """Resized copies, formats and metadata of published pictures."""
    search: bool = True
    """Publish a search page (``/search/``), a search field in the masthead and a Pagefind index
    of every article (in ``/pagefind/``); ``false`` publishes none of them."""
    front_page: FrontPageConfig = Field(default_factory=FrontPageConfig)
    """Editor's picks and the date on the front page (docs/newsroom.md)."""
    social: dict[str, str] = Field(default_factory=dict)
    """The publisher's profiles elsewhere by name (``Mastodon: https://...``): linked in every
    page's footer and the Organization's ``sameAs``."""
    copyright: str | None = Field(default=None, min_length=1)
    """The footer's copyright line; default ``© <year of the newest article> <publisher>``."""
    breaking: BreakingConfig | None = None
    """A breaking-news banner on every page from ``start`` until ``until`` (docs/newsroom.md)."""
    extra: dict[str, Any] = Field(default_factory=dict)
    """Site-specific values, available to templates as ``site.extra``."""
    deploy: dict[str, DeployTarget] = Field(default_factory=dict)
    """Named deploy targets (folder, git branch, S3) for ``sitegen deploy NAME``."""

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        if not _is_http_url(value):
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("social")
    @classmethod
    def _check_social(cls, value: dict[str, str]) -> dict[str, str]:
        return social_links(value)

    @field_validator("breaking", mode="before")
    @classmethod
    def _local_breaking(cls, value: object, info: ValidationInfo) -> object:
        return localize_breaking(value, info)

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA timezone such as Asia/Baghdad") from None
        return value

    @field_validator("locale")
    @classmethod
    def _check_locale(cls, value: str | None) -> str | None:
        return check_locale(value)

    @field_validator("labels")
    @classmethod
    def _check_labels(cls, value: dict[str, str]) -> dict[str, str]:
        blank = [key for key, text in value.items() if not key.strip() or not text.strip()]
        if blank:
            raise ValueError(f"{blank[0]!r}: labels need an English text and a translation")
        return value

    @field_validator("permalink")
    @classmethod
    def _check_permalink(cls, value: str) -> str:
        parse_permalink(value)
        return value

    @field_validator("output_dir")
    @classmethod
    def _check_output_dir(cls, value: str) -> str:
        path = Path(value)
        if path.is_absolute() or ".." in path.parts or value in ("", "."):
            raise ValueError(f"{value!r} must be a folder name inside the site root")
        too_long = path_problem(path.as_posix())
        if too_long:  # else the file system refuses it only when the build writes
            raise ValueError(f"{shown(value)} {too_long}; choose a shorter folder name")
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The newsroom timezone."""
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url`` (``/`` or ``/news/``): prefix of every internal link."""
        return urlsplit(self.base_url).path or "/"

    @property
    def text_direction(self) -> Literal["ltr", "rtl"]:
        """``ltr`` or ``rtl``, resolving ``auto`` from the language."""
        if self.direction != "auto":
            return self.direction
        return direction_of(self.language)

    @property
    def publisher_name(self) -> str:
        """Publisher name, falling back to the site title."""
        return self.publisher.name if self.publisher else self.title

    @property
    def language_codes(self) -> tuple[str, ...]:
        """The languages of the site: those of ``languages:`` in order, else ``language``."""
        return tuple(lang.code for lang in self.languages) or (self.language,)

    def language_prefix(self, code: str) -> str:
        """The site-relative prefix of a language's pages (``''`` or ``ckb/``)."""
        found = next((lang for lang in self.languages if lang.code == code), None)
        return prefix_of(found, self.language) if found else ""

    def language_entry(self, code: str) -> LanguageConfig | None:
        """The ``languages:`` entry of ``code``, if any."""
        return next((lang for lang in self.languages if lang.code == code), None)

    def section(self, slug: str) -> SectionConfig | None:
        """The section with this slug, if configured."""
        return next((s for s in self.sections if s.slug == slug), None)


def settings_text(config: SiteConfig, leave_out: frozenset[str] = frozenset()) -> str:
    """Every setting's value as text, for digests (``repr`` of the fields, nested models too).

    ``model_dump`` would build pydantic's serializer, which a rebuild from the cached config
    otherwise never needs.
    """
    fields = {name: getattr(config, name) for name in SiteConfig.model_fields}
    return repr({name: value for name, value in fields.items() if name not in leave_out})


def load_config(
    root: Path, overrides: dict[str, Any] | None = None, cache: Path | None = None
) -> SiteConfig:
    """Read and validate ``root/sitegen.yaml``; raise :class:`ProblemsFound` listing every issue.

    ``overrides`` (e.g. ``--base-url``) replace top-level keys before validation. With ``cache``
    (a file in ``.sitegen/``), a config validated before from the same bytes, overrides and
    sitegen code is read back instead of validated again.
    """
    path = root / CONFIG_FILE
    if not path.is_file():
        raise ProblemsFound(
            [Problem(CONFIG_FILE, None, None, "the config file is missing", "run 'sitegen init'")]
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = f"cannot be read ({exc.strerror})"
        raise ProblemsFound([Problem(CONFIG_FILE, 1, None, reason)]) from None
    key = digest(code_digest(), raw, sorted((overrides or {}).items()))
    stored = _cached(cache, key) if cache else None
    if stored is not None:
        return stored
    config = _validate(raw, overrides)
    if cache is not None:
        payload = key.encode() + b"\n" + config.model_dump_json().encode()
        write_state(cache, _CACHE_KIND, _CACHE_VERSION, payload, checksum="crc32")
    return config


def _cached(cache: Path, key: str) -> SiteConfig | None:
    """The config stored under ``key``: its JSON validated again by the model (data only, and
    validating JSON that the model wrote costs a tenth of validating the YAML)."""
    payload = read_state(cache, _CACHE_KIND, _CACHE_VERSION, checksum="crc32")
    if payload is None:
        return None
    stored_key, _, data = payload.partition(b"\n")
    if stored_key != key.encode():
        return None
    try:
        return SiteConfig.model_validate_json(data)
    except ValidationError:
        return None


def setting_line(root: Path, path: tuple[str, ...]) -> int | None:
    """Line of the setting ``path`` in ``root/sitegen.yaml`` (of its nearest parent when it is
    not written), for warnings about a valid config; None when the file cannot be read."""
    try:
        doc = parse_mapping((root / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None
    return doc.line_of(path, default=0) or None


_CACHE_KIND = "validated-config"
_CACHE_VERSION = 2


def _validate(raw: bytes, overrides: dict[str, Any] | None) -> SiteConfig:
    try:
        doc = parse_mapping(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ProblemsFound([not_utf8(CONFIG_FILE, raw, exc)]) from None
    except YamlSyntaxError as exc:
        problem = Problem(CONFIG_FILE, exc.line, exc.field, str(exc), exc.hint)
        raise ProblemsFound([problem]) from None
    data = {**doc.data, **(overrides or {})}
    try:
        config = SiteConfig.model_validate(data)
    except ValidationError as exc:
        fields = sorted(SiteConfig.model_fields)
        problems = problems_from(exc, CONFIG_FILE, doc, fields)
        raise ProblemsFound([_from_option(p, overrides or {}) for p in problems]) from None
    problems = _duplicate_sections(config, doc.lines)
    names = [{**s.names, **s.descriptions} for s in config.sections]
    problems += language_problems(config.languages, config.language, names, doc.lines, CONFIG_FILE)
    if problems:
        raise ProblemsFound(problems)
    return config


def _from_option(problem: Problem, overrides: dict[str, Any]) -> Problem:
    """A problem with a value given on the command line says so instead of pointing at the
    file's line for a value it replaced."""
    key = (problem.field or "").split(".")[0]
    if key not in overrides:
        return problem
    return replace(problem, line=None, hint=f"the value was given with --{key.replace('_', '-')}")


def _duplicate_sections(config: SiteConfig, lines: dict[str, int]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for index, section in enumerate(config.sections):
        if section.slug in seen:
            line = lines.get(f"sections.{index}.slug")
            out.append(
                Problem(
                    CONFIG_FILE,
                    line,
                    f"sections.{index}.slug",
                    f"section {section.slug!r} is listed twice",
                )
            )
        seen.add(section.slug)
    return out
