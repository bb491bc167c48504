"""Multilingual sites: each article's language, each language's listings under its URL prefix,
and which pages are counterparts of each other in other languages (hreflang, the switcher).

On a one-language site (no ``languages:`` in ``sitegen.yaml``) every listing's ``language`` is
``''`` and nothing here changes a URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from sitegen.config import SiteConfig, direction_of
from sitegen.content.models import Article
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.i18n.locale import autonym

if TYPE_CHECKING:
    from sitegen.graph.site import SiteGraph
    from sitegen.graph.structure import Listing

L = TypeVar("L", bound="Listing")


def language_of(article: Article, config: SiteConfig) -> str:
    """The article's language: its front matter's, else the site's default."""
    return article.language or config.language


def prefix_of(article: Article, config: SiteConfig) -> str:
    """The URL prefix of the article's language (``''`` on a one-language site)."""
    return config.language_prefix(language_of(article, config)) if config.languages else ""


def localised(listings: Iterable[L], code: str, config: SiteConfig) -> tuple[L, ...]:
    """Listings of one language of a multilingual site: under its prefix, marked with it, and
    sections named in it (``names:``)."""
    prefix = config.language_prefix(code)
    found = []
    for listing in listings:
        title, description = listing.title, listing.description
        section = config.section(listing.key) if listing.kind == "section" else None
        if section:
            title = section.names.get(code, section.name)
            description = section.descriptions.get(code, section.description)
        moved = replace(listing, path=prefix + listing.path, language=code, title=title)
        found.append(replace(moved, description=description))
    return tuple(found)


def unlisted_languages(articles: Iterable[Article], config: SiteConfig) -> list[Problem]:
    """Articles of a multilingual site in a language ``languages:`` does not list."""
    if not config.languages:
        return []
    codes = config.language_codes
    return [
        Problem(
            a.file,
            a.lines.get("language", 1),
            "language",
            f"{a.language!r} is not one of the site's languages",
            f"expected one of {', '.join(codes)} (see 'languages:' in sitegen.yaml)",
        )
        for a in articles
        if language_of(a, config) not in codes
    ]


def counterparts(graph: SiteGraph) -> dict[str, dict[str, str]]:
    """Listing path -> {language: path} of the same listing (front page, section, tag, author,
    archive with the same key) in every language that has it; only listings with at least one
    counterpart."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    for listing in all_listings(graph):
        key = (listing.kind, "" if listing.kind == "home" else listing.key)
        groups.setdefault(key, {})[listing.language] = listing.path
    found = {}
    for versions in groups.values():
        if len(versions) > 1:
            for path in versions.values():
                found[path] = versions
    return found


def all_listings(graph: SiteGraph) -> tuple[Listing, ...]:
    """Every paginated listing: front pages, sections, tags, authors, years, months."""
    groups = (graph.sections, graph.tags, graph.authors, graph.years, graph.months)
    return (graph.home, *graph.fronts, *(listing for group in groups for listing in group))


def hreflang(graph: SiteGraph, versions: Mapping[str, str]) -> list[dict[str, str]]:
    """``hreflang`` links for the versions of a page (language -> path), by language, then
    ``x-default``: the version in the site's language, else the first."""
    base = graph.config.base_url
    ordered = sorted((code, base + path) for code, path in versions.items())
    default = graph.config.language
    fallback = next((href for code, href in ordered if code == default), ordered[0][1])
    links = [{"hreflang": code, "href": href} for code, href in ordered]
    return [*links, {"hreflang": "x-default", "href": fallback}]


def switcher(graph: SiteGraph, current: str, versions: Mapping[str, str]) -> list[dict[str, Any]]:
    """The language switcher of a page in ``current``: every other language of the site, each
    leading to the page's version in it (``versions``), else to that language's front page."""
    config = graph.config
    fronts = {front.language: front.path for front in (graph.home, *graph.fronts)}
    found = []
    for code in config.language_codes:
        if code == current:
            continue
        entry = config.language_entry(code)
        found.append(
            {
                "language": code,
                "name": (entry.name if entry and entry.name else autonym(code)),
                "direction": direction_of(code),
                "path": versions.get(code, fronts.get(code, "")),
                "alternate": code in versions,
            }
        )
    return found


def front_of(graph: SiteGraph, code: str) -> Listing:
    """The front page listing of a language (the site's front page on a one-language site)."""
    return next((front for front in graph.fronts if front.language == code), graph.home)


def text_direction(config: SiteConfig, code: str) -> str:
    """``ltr`` or ``rtl`` of a language's pages: its ``direction:``, else from its code."""
    entry = config.language_entry(code)
    if entry and entry.direction != "auto":
        return entry.direction
    if code == config.language:
        return config.text_direction
    return direction_of(code)


def section_link(config: SiteConfig, article: Article) -> tuple[str, str] | None:
    """The name and path of the article's section, in the article's language on a multilingual
    site (``names:``, under its prefix)."""
    section = config.section(article.section) if article.section else None
    if section is None:
        return None
    if not config.languages:
        return section.name, urls.section_path(section.slug)
    code = language_of(article, config)
    name = section.names.get(code, section.name)
    return name, config.language_prefix(code) + urls.section_path(section.slug)


def home_path(config: SiteConfig, article: Article) -> str:
    """The front page of the article's language."""
    return prefix_of(article, config)
