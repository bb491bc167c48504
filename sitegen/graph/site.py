"""Link stage: validated articles -> an immutable SiteGraph of keys, orders and listings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.content.loader import Loaded, unknown_section
from sitegen.content.models import Article, Page
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.languages import language_of, localised, prefix_of, unlisted_languages
from sitegen.graph.memo import cached, shape_digest
from sitegen.graph.navigation import chronological, neighbours, related
from sitegen.graph.structure import Listing, Structure
from sitegen.text.slugs import slugify

"""Memoised: tags and author names repeat across thousands of articles."""


@dataclass(frozen=True)
class SiteGraph(Structure):
    """Everything the site shows, as keys into ``articles``: the input of planning and rendering."""

    config: SiteConfig
    build_time: datetime
    articles: Mapping[str, Article]
    pages: tuple[Page, ...]
    shape_key: str = ""
    """Digest of everything the structure was derived from (see :mod:`sitegen.graph.memo`):
    equal keys, equal structure. Empty when linking without a memo (``check``, ``--clean``)."""
    warnings: tuple[Problem, ...] = ()
    """What linking found worth fixing without stopping the build (pins to expired articles)."""

    @cached_property
    def shards(self) -> dict[str, tuple[str, ...]]:
        """:func:`search_shards`, worked out once: the search page and the search stage both
        need it, and it goes through every article."""
        return search_shards(self)

    @cached_property
    def picked(self) -> tuple[str, ...]:
        """The articles marked ``pick: true``, newest first. Linking reads the mark (it is part
        of an article's link shape), so a page that shows the picks depends on the structure
        only, not on every article."""
        return tuple(s for s in self.newest_first if self.articles[s].pick)

    @cached_property
    def corrected(self) -> bool:
        """Whether an article has a correction (the site then has a corrections page)."""
        return any(a.corrections for a in self.articles.values())

    @cached_property
    def languages(self) -> tuple[str | None, ...]:
        """The published articles' languages (None: the site's), each once, in the order of
        ``articles``: the interface languages are worked out from them."""
        return tuple(dict.fromkeys(a.language for a in self.articles.values()))


def link(
    loaded: Loaded,
    config: SiteConfig,
    build_time: datetime,
    drafts: bool,
    future: bool,
    memo: Path | None = None,
) -> tuple[SiteGraph | None, list[Problem]]:
    """Select what is published, check references, and derive order, navigation and listings.

    With ``memo`` (a file in ``.sitegen/``), the derived structure is reused from the last build
    when no published article's shape changed (:mod:`sitegen.graph.memo`).
    """
    problems = _duplicate_slugs(loaded.articles) + _unknown_sections(loaded.articles, config)
    problems += _duplicate_translations(loaded.articles, config)
    problems += unlisted_languages(loaded.articles, config)

    def published(a: Article) -> bool:
        live = a.expires is None or build_time < a.expires
        return (drafts or not a.draft) and (future or a.date <= build_time) and live

    visible = [a for a in loaded.articles if published(a)]
    all_slugs = {a.slug: a for a in loaded.articles}
    visible_slugs = {a.slug for a in visible}
    gone = {a.slug for a in loaded.articles if a.expires is not None and a.expires <= build_time}
    linkable = visible_slugs - gone  # once: per article it would cost O(articles²)
    for article in visible:
        problems += _check_references(article, all_slugs, linkable, gone)
    if problems:
        return None, problems
    visible, warnings = _unpin_expired(visible, gone)
    key = shape_digest(visible, config, loaded.shapes) if memo else ""
    structure = cached(memo, key, lambda: _structure(visible, config))
    by_slug = {a.slug: a for a in visible}
    graph = SiteGraph(
        **{f.name: getattr(structure, f.name) for f in fields(Structure)},
        config=config,
        build_time=build_time,
        articles={slug: by_slug[slug] for slug in reversed(structure.newest_first)},
        pages=tuple(p for p in loaded.pages if drafts or not p.draft),
        shape_key=key,
        warnings=tuple(warnings),
    )
    problems = _duplicate_urls(graph)
    return (None, problems) if problems else (graph, [])


def _structure(visible: list[Article], config: SiteConfig) -> Structure:
    """Order, navigation, Related Posts, listings and URLs of the published articles."""
    ordered = chronological(visible)
    newest = tuple(a.slug for a in reversed(ordered))
    articles = {a.slug: a for a in ordered}
    nav: dict[str, tuple[str | None, str | None]] = {}
    related: dict[str, tuple[str, ...]] = {}
    for group in _by_language(ordered, config):  # a reader stays in their language
        group_newest = tuple(a.slug for a in reversed(group))
        nav.update(neighbours(group, config.navigation == "section"))
        related.update(_related_all(group, group_newest, config.related_count))
    tag_slugs = _slugs(t for a in ordered for t in a.tags)
    author_slugs = _slugs(n for a in ordered for n in a.authors)
    codes = config.language_codes if config.languages else ("",)
    slugs = (tag_slugs, author_slugs)
    parts = {code: _listings(config, articles, ordered, code, slugs) for code in codes}
    default = parts[config.language if config.languages else ""]
    others = [parts[code] for code in codes if parts[code] is not default]
    return Structure(
        newest_first=newest,
        paths={
            a.slug: prefix_of(a, config) + urls.article_path(config.permalink, a) for a in ordered
        },
        nav=nav,
        related=related,
        home=default.home,
        sections=tuple(s for part in (default, *others) for s in part.sections),
        tags=tuple(s for part in (default, *others) for s in part.tags),
        authors=tuple(s for part in (default, *others) for s in part.authors),
        years=tuple(s for part in (default, *others) for s in part.years),
        months=tuple(s for part in (default, *others) for s in part.months),
        lead=default.lead,
        lead_index=default.lead_index,
        tag_slugs=tag_slugs,
        author_slugs=author_slugs,
        translations=_translations(ordered, config.language),
        fronts=tuple(part.home for part in others),
        front_leads={part.home.language: (part.lead, part.lead_index) for part in others},
    )


@dataclass(frozen=True)
class _Part:
    """The listings of one language (of the whole site on a one-language site)."""

    home: Listing
    sections: tuple[Listing, ...]
    tags: tuple[Listing, ...]
    authors: tuple[Listing, ...]
    years: tuple[Listing, ...]
    months: tuple[Listing, ...]
    lead: str | None
    lead_index: int


def _listings(
    config: SiteConfig,
    articles: Mapping[str, Article],
    ordered: list[Article],
    code: str,
    slugs: tuple[Mapping[str, str], Mapping[str, str]],
) -> _Part:
    """The listings of the articles in language ``code`` (every article when ``code`` is
    ``''``: a one-language site), under that language's prefix."""
    newest = tuple(a.slug for a in reversed(ordered) if not code or language_of(a, config) == code)
    lead = _lead(articles, newest)
    entry = config.language_entry(code) if code else None
    title = entry.title if entry and entry.title else config.title
    description = (
        entry.description if entry and entry.description is not None else config.description
    )
    home = Listing("home", code, title, urls.HOME, newest, description)
    groups: tuple[tuple[Listing, ...], ...] = (
        _sections(config, articles, newest),
        _tags(articles, newest, slugs[0]),
        _authors(articles, newest, config, slugs[1]),
        _archives(articles, newest, _year_key, _year_listing),
        _archives(articles, newest, _month_key, _month_listing),
    )
    if code:
        home, *_ = localised((home,), code, config)
        groups = tuple(localised(group, code, config) for group in groups)
    sections, tags, authors, years, months = groups
    index = newest.index(lead) if lead else -1
    return _Part(home, sections, tags, authors, years, months, lead, index)


def _by_language(ordered: list[Article], config: SiteConfig) -> list[list[Article]]:
    """The chronological list split by article language (one group on a one-language site)."""
    groups: dict[str, list[Article]] = {}
    for article in ordered:
        groups.setdefault(language_of(article, config), []).append(article)
    return [groups[code] for code in sorted(groups)]


def _translations(ordered: list[Article], default: str) -> dict[str, tuple[str, ...]]:
    keys: dict[str, list[Article]] = {}
    for article in ordered:
        if article.translation:
            keys.setdefault(article.translation, []).append(article)
    found = {}
    for versions in keys.values():
        versions.sort(key=lambda a: a.language or default)
        for article in versions:
            others = tuple(a.slug for a in versions if a is not article)
            if others:
                found[article.slug] = others
    return found


def _duplicate_translations(articles: Iterable[Article], config: SiteConfig) -> list[Problem]:
    """Two versions of one story in the same language: the switcher could not choose."""

    def key(a: Article) -> tuple[str, str] | None:
        return (a.translation, a.language or config.language) if a.translation else None

    return _clashes(
        articles,
        key,
        "translation",
        lambda a, other: (
            f"{other.file} is already the {a.language or config.language} version of "
            f"{a.translation!r}"
        ),
        "give each language one version; set 'language:' on the translation",
    )


def _slugs(names: Iterable[str]) -> dict[str, str]:
    """Each name's slug, in order of first appearance; computed once per distinct name
    (thousands of articles share a tag or an author)."""
    return {name: slugify(name) for name in dict.fromkeys(names)}


def _duplicate_slugs(articles: Iterable[Article]) -> list[Problem]:
    return _clashes(
        articles,
        lambda a: a.slug,
        "slug",
        lambda a, other: f"slug {a.slug!r} is already used by {other.file}",
        "give one of them a different 'slug:'",
    )


def _clashes(
    articles: Iterable[Article],
    key: Callable[[Article], object],
    name: str,
    message: Callable[[Article, Article], str],
    hint: str,
) -> list[Problem]:
    """A problem at field ``name`` of each article whose ``key`` an earlier one has (None:
    no key)."""
    first: dict[object, Article] = {}
    problems = []
    for article in articles:
        found = key(article)
        if found is None:
            continue
        other = first.setdefault(found, article)
        if other is not article:
            line = article.lines.get(name, 1)
            problems.append(Problem(article.file, line, name, message(article, other), hint))
    return problems


def _duplicate_urls(graph: SiteGraph) -> list[Problem]:
    """Articles, pages and aliases whose URL is already taken by a listing, an article, a page
    or another alias.

    Reported at the ``slug:`` line (or the file's first line when the slug comes from the file
    name), an alias at its line under ``aliases:``; the plan's output-collision check remains the
    safety net for everything else (a static file at an alias's path).
    """
    owners: dict[str, str] = {}
    listings = (
        graph.home,
        *graph.fronts,
        *graph.sections,
        *graph.tags,
        *graph.authors,
        *graph.years,
    )
    for listing in (*listings, *graph.months):
        owners.setdefault(listing.path, f"the {listing.kind} page {listing.title!r}")
    if graph.config.search:
        owners[urls.SEARCH_PATH] = "the search page"
    if any(a.corrections for a in graph.articles.values()):
        owners[urls.CORRECTIONS_PATH] = "the corrections page"
    sources = [(a.file, a.lines, graph.paths[a.slug]) for a in graph.articles.values()]
    sources += [(p.file, p.lines, urls.page_path(p.slug)) for p in graph.pages]
    problems = []
    for file, lines, path in sources:
        if graph.config.search and path.startswith(urls.SEARCH_BUNDLE):
            other = "the search index"  # its whole folder: the index's file names change
        else:
            other = owners.setdefault(path, file)
        if other != file:
            problems.append(
                Problem(
                    file,
                    lines.get("slug", 1),
                    "slug",
                    f"its URL /{path} is already used by {other}",
                    "give it a different 'slug:'",
                )
            )
    return problems


def _unknown_sections(articles: Iterable[Article], config: SiteConfig) -> list[Problem]:
    return [
        unknown_section(a.file, a.lines.get("section"), a.section, config)
        for a in articles
        if a.section is not None and config.section(a.section) is None
    ]


def _references(article: Article) -> list[tuple[str, str | None]]:
    refs = [("previous", article.previous), ("next", article.next)]
    return refs + [(f"related.{i}", slug) for i, slug in enumerate(article.related)]


def _check_references(
    article: Article, every: Mapping[str, Article], visible: set[str], gone: set[str]
) -> list[Problem]:
    problems = []
    for name, slug in _references(article):
        if slug is None or slug in visible or slug in gone:
            continue
        line = article.lines.get(name) or article.lines.get(name.split(".")[0])
        reason = (
            "is not published in this build (draft or future-dated)"
            if slug in every
            else "is not the slug of any article"
        )
        problems.append(
            Problem(
                article.file,
                line,
                name.split(".")[0],
                f"{slug!r} {reason}",
                "expected the slug of a published article",
            )
        )
    return problems


def _unpin_expired(visible: list[Article], gone: set[str]) -> tuple[list[Article], list[Problem]]:
    """The articles with their pins to expired articles taken out, and a warning for each pin.

    An expiry is reached by the clock alone: a rebuild at that moment must not fail (and leave
    the expired article online) because another article still names it.
    """
    if not gone:
        return visible, []
    out, warnings = [], []
    for article in visible:
        pins = [(name, slug) for name, slug in _references(article) if slug in gone]
        for name, slug in pins:
            line = article.lines.get(name) or article.lines.get(name.split(".")[0])
            warnings.append(
                Problem(
                    article.file,
                    line,
                    name.split(".")[0],
                    f"{slug!r} has expired; the link to it is left out",
                    "remove it from the front matter",
                )
            )
        if pins:
            article = replace(
                article,
                previous=None if article.previous in gone else article.previous,
                next=None if article.next in gone else article.next,
                related=tuple(s for s in article.related if s not in gone),
            )
        out.append(article)
    return out, warnings


def _related_all(
    ordered: list[Article], newest: tuple[str, ...], count: int
) -> dict[str, tuple[str, ...]]:
    rank = {slug: len(newest) - i for i, slug in enumerate(newest)}
    by_tag: dict[str, list[str]] = {}
    by_section: dict[str | None, list[str]] = {}
    sections = {a.slug: a.section for a in ordered}
    for slug in newest:
        by_section.setdefault(sections[slug], []).append(slug)
    for article in reversed(ordered):
        for tag in article.tags:
            by_tag.setdefault(tag, []).append(article.slug)
    info = {slug: (sections[slug], rank[slug]) for slug in newest}
    sets = {tag: frozenset(slugs) for tag, slugs in by_tag.items()}
    return {
        a.slug: related(a, by_tag, by_section.get(a.section, []), info, count, sets)
        for a in ordered
    }


def _group(newest: tuple[str, ...], keys: Callable[[str], Iterable[str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for slug in newest:
        for key in keys(slug):
            groups.setdefault(key, []).append(slug)
    return groups


def _sections(
    config: SiteConfig, articles: Mapping[str, Article], newest: tuple[str, ...]
) -> tuple[Listing, ...]:
    groups = _group(newest, lambda s: [articles[s].section or ""])
    return tuple(
        Listing(
            "section",
            s.slug,
            s.name,
            urls.section_path(s.slug),
            tuple(groups.get(s.slug, [])),
            s.description,
        )
        for s in config.sections
    )


def _tags(
    articles: Mapping[str, Article], newest: tuple[str, ...], slugs: Mapping[str, str]
) -> tuple[Listing, ...]:
    groups = _group(newest, lambda s: [slugs[t] for t in articles[s].tags])
    names: dict[str, str] = {}
    for article in map(articles.__getitem__, reversed(newest)):
        for tag in article.tags:
            key = slugs[tag]
            names[key] = min(names.get(key, tag), tag)
    return tuple(
        Listing("tag", key, names[key], urls.tag_path(key), tuple(slugs))
        for key, slugs in sorted(groups.items())
        if key
    )


def _authors(
    articles: Mapping[str, Article],
    newest: tuple[str, ...],
    config: SiteConfig,
    slugs: Mapping[str, str],
) -> tuple[Listing, ...]:
    groups = _group(newest, lambda s: [slugs[n] for n in articles[s].authors])
    listed = map(articles.__getitem__, reversed(newest))
    names = {slugs[n]: n for a in listed for n in sorted(a.authors)}
    return tuple(
        Listing(
            "author",
            key,
            names[key],
            urls.author_path(key),
            tuple(slugs),
            config.authors[names[key]].bio if names[key] in config.authors else "",
        )
        for key, slugs in sorted(groups.items())
        if key
    )


def _archives(
    articles: Mapping[str, Article],
    newest: tuple[str, ...],
    key: Callable[[datetime], str],
    make: Callable[[str, tuple[str, ...]], Listing],
) -> tuple[Listing, ...]:
    groups = _group(newest, lambda s: [key(articles[s].date)])
    return tuple(make(key, tuple(slugs)) for key, slugs in sorted(groups.items(), reverse=True))


def _year_key(date: datetime) -> str:
    """``2021``; four digits for any year (``strftime`` leaves years before 1000 unpadded on
    some platforms and pads them on others)."""
    return f"{date.year:04d}"


def _month_key(date: datetime) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def _year_listing(key: str, slugs: tuple[str, ...]) -> Listing:
    return Listing("year", key, key, urls.year_path(int(key)), slugs)


def _month_listing(key: str, slugs: tuple[str, ...]) -> Listing:
    year, month = (int(x) for x in key.split("-"))
    return Listing("month", key, key, urls.month_path(year, month), slugs)


def _lead(articles: Mapping[str, Article], newest: tuple[str, ...]) -> str | None:
    featured = next((s for s in newest if articles[s].featured), None)
    return featured or (newest[0] if newest else None)


YEAR_SHARD_MAX = 2500
"""Articles an older year's search shard may hold; a larger year is split into quarters.
Pagefind needs about 0.46 MiB for each article it indexes at once: a shard stays near 1 GiB."""


def search_shards(graph: SiteGraph) -> dict[str, tuple[str, ...]]:
    """The search index's shards and their articles, newest first (see sitegen.engine.search).

    One shard per month of the newest year, where a newsroom edits, and one per older year (per
    quarter, ``2024-q3``, for a year of more than :data:`YEAR_SHARD_MAX` articles), so a reader's
    query loads at most 12 + years (x 4) shards and Pagefind's memory stays bounded. Every
    language's articles are in them (a multilingual site's archives are per language).
    """
    dates = {slug: graph.articles[slug].date for slug in graph.newest_first}
    years: dict[str, int] = {}
    for date in dates.values():
        year = _year_key(date)
        years[year] = years.get(year, 0) + 1
    newest_year = max(years, default="")
    found: dict[str, list[str]] = {}
    for slug, date in dates.items():
        year = _year_key(date)
        if year == newest_year:
            key = _month_key(date)
        elif years[year] > YEAR_SHARD_MAX:
            key = f"{year}-q{(date.month + 2) // 3}"
        else:
            key = year
        found.setdefault(key, []).append(slug)
    return {key: tuple(found[key]) for key in sorted(found, reverse=True)}
