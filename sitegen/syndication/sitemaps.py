"""sitemap.xml (split with an index past the protocol's limits), news-sitemap.xml, robots.txt:
what each lists, and their bytes.

Limits and formats follow sitemaps.org (50,000 URLs and 50 MB per file) and Google News (the
articles of the last 48 hours, at most 1,000). ``lastmod`` is always a content time (an
article's updated, else published time), never the build time, so an unchanged site produces
an unchanged sitemap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sitegen.content.models import Article
from sitegen.digests import digest
from sitegen.engine.jobs import DataJob
from sitegen.graph import urls
from sitegen.graph.languages import all_listings, counterparts, hreflang
from sitegen.graph.pagination import Pager
from sitegen.graph.site import SiteGraph
from sitegen.render import views
from sitegen.syndication import structured
from sitegen.syndication.head import alternates
from sitegen.syndication.xmldoc import xml_bytes

Data = dict[str, Any]
View = dict[str, Any]
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
"""Namespace of the ``xhtml:link`` hreflang alternates of an article in several languages."""
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
NEWS_MAX_URLS = 1_000
NEWS_WINDOW = timedelta(hours=48)
"""How long an article stays in the news sitemap after its date."""
_ENVELOPE_BYTES = 200
"""Room for the XML declaration and the ``<urlset>`` element around the URLs."""


def sitemap_entries(graph: SiteGraph) -> list[View]:
    """Every indexable page with its last modification, sorted by URL.

    Articles whose ``canonical:`` points elsewhere are left out (the original is the one to
    index), and so is the 404 page. An article's lastmod is its updated (else published) time; a
    listing page's is the newest such time of the articles it lists; a standalone page has none.
    """
    base = graph.config.base_url
    modified = {slug: article.modified for slug, article in graph.articles.items()}
    found: list[tuple[str, datetime | None]] = []
    languages: dict[str, list[View]] = {}
    for slug, article in graph.articles.items():
        own = base + graph.paths[slug]
        if not article.canonical or article.canonical == own:
            found.append((own, modified[slug]))
            if slug in graph.translations:
                languages[own] = alternates(graph, slug)
    for front in (graph.home, *graph.fronts):
        for pager in views.home_pager(graph, front=front).pages():
            lead, latest, *_ = views.home_slugs(graph, pager, front)
            found.append((base + pager.path, _newest(modified, (*latest, *lead))))
    for path, versions in counterparts(graph).items():
        languages[base + path] = hreflang(graph, versions)
    for listing in all_listings(graph)[1 + len(graph.fronts) :]:
        first = Pager(listing.path, len(listing.slugs), graph.config.page_size)
        for pager in first.pages():
            shown = listing.slugs[pager.start : pager.end]
            found.append((base + pager.path, _newest(modified, shown)))
    found += [(base + urls.page_path(page.slug), None) for page in graph.pages]
    found.sort(key=lambda entry: entry[0])
    # alternates only where there are versions: a one-language site's sitemap is as before
    return [
        {"loc": loc, "lastmod": lastmod}
        | ({"alternates": languages[loc]} if loc in languages else {})
        for loc, lastmod in found
    ]


def _newest(modified: dict[str, datetime], slugs: Iterable[str]) -> datetime | None:
    return max(map(modified.__getitem__, slugs), default=None)


def sitemap_facts(article: Article) -> tuple[str | None, str | None]:
    """What the sitemaps show of an article beyond the link structure."""
    return (article.canonical, article.modified.isoformat())


def plan_sitemaps(graph: SiteGraph) -> list[DataJob]:
    """The sitemap files with their data (split with an index past the protocol's limits); on a
    multilingual site one set per language, under its prefix (a sitemap lists only URLs under
    its own folder)."""
    entries = sitemap_entries(graph)
    prefixes = sitemap_prefixes(graph)
    if len(prefixes) == 1:
        return _sitemap_files(graph, "", entries)
    groups: dict[str, list[View]] = {prefix: [] for prefix in prefixes}
    base = graph.config.base_url
    for entry in entries:  # the longest prefix first: '' (or a parent prefix) takes the rest
        prefix = next(p for p in prefixes if entry["loc"].startswith(base + p))
        groups[prefix].append(entry)
    return [job for prefix in prefixes for job in _sitemap_files(graph, prefix, groups[prefix])]


def sitemap_prefixes(graph: SiteGraph) -> list[str]:
    """The folders holding a sitemap: ``['']``, or each language's prefix, longest first."""
    config = graph.config
    found = {config.language_prefix(code) for code in config.language_codes} | {""}
    return sorted(found, key=lambda p: (-len(p), p))


def _sitemap_files(graph: SiteGraph, prefix: str, entries: list[View]) -> list[DataJob]:
    parts = split(entries)
    if len(parts) == 1:
        return [_sitemap(f"{prefix}sitemap.xml", "sitemap", {"urls": _stamped(parts[0])})]
    out: list[DataJob] = []
    index = []
    for number, part in enumerate(parts, 1):
        name = f"{prefix}sitemap-{number}.xml"
        out.append(_sitemap(name, "sitemap", {"urls": _stamped(part)}))
        stamps = [e["lastmod"] for e in part if e["lastmod"] is not None]
        index.append(
            {"loc": structured.absolute(graph, name), "lastmod": max(stamps, default=None)}
        )
    out.append(_sitemap(f"{prefix}sitemap.xml", "sitemap-index", {"parts": index}))
    return out


def _sitemap(output: str, format: str, data: View) -> DataJob:
    return DataJob(output, format, data, inputs=digest(format, data))


def _stamped(entries: list[View]) -> list[View]:
    """Entries with their lastmod already written out as W3C datetimes.

    A sitemap lists every page of the site; its job key is computed on every build from this
    data, and plain strings are much cheaper to digest than zone-aware datetimes.
    """
    return [
        {"loc": e["loc"], "lastmod": w3c(e["lastmod"])}
        | ({"alternates": e["alternates"]} if "alternates" in e else {})
        for e in entries
    ]


def news_data(graph: SiteGraph) -> View:
    """Articles of the 48 hours before the build time, newest first, at most 1,000."""
    start = graph.build_time - NEWS_WINDOW
    recent: list[Article] = []
    for slug in graph.newest_first:
        article = graph.articles[slug]
        if article.date < start or len(recent) == NEWS_MAX_URLS:
            break  # newest first: the rest are older (and only these are read)
        if article.date <= graph.build_time and not article.canonical:
            recent.append(article)
    return {
        "name": graph.config.publisher_name,
        "language": news_language(graph.config.language),
        "articles": [
            {
                "loc": structured.absolute(graph, graph.paths[a.slug]),
                "date": a.date,
                "title": a.title,
                "language": news_language(a.language or graph.config.language),
            }
            for a in recent
        ],
    }


def w3c(value: datetime | str | None) -> str | None:
    """A W3C datetime (as sitemaps want it); a string is taken as already written out."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat(timespec="seconds")


def _url_element(entry: Data) -> ET.Element:
    url = ET.Element("url")
    ET.SubElement(url, "loc").text = entry["loc"]
    if entry.get("lastmod") is not None:
        ET.SubElement(url, "lastmod").text = w3c(entry["lastmod"])
    for link in entry.get("alternates", ()):
        attributes = {"rel": "alternate", "hreflang": link["hreflang"], "href": link["href"]}
        ET.SubElement(url, "xhtml:link", attributes)
    return url


def split(
    entries: list[Data], max_urls: int | None = None, max_bytes: int | None = None
) -> list[list[Data]]:
    """Cut the URL list into sitemap files that each stay within both limits."""
    max_urls = max_urls or MAX_URLS
    max_bytes = max_bytes or MAX_BYTES
    if len(entries) <= max_urls and _at_most_bytes(entries) <= max_bytes:
        return [entries]
    parts: list[list[Data]] = [[]]
    size = _ENVELOPE_BYTES
    for entry in entries:
        cost = _url_bytes(entry)
        if parts[-1] and (len(parts[-1]) >= max_urls or size + cost > max_bytes):
            parts.append([])
            size = _ENVELOPE_BYTES
        parts[-1].append(entry)
        size += cost
    return parts


_URL_MARKUP = len("  <url>\n    <loc></loc>\n  </url>\n") + 2
_LASTMOD_MARKUP = len("    <lastmod></lastmod>\n")
_LINK_MARKUP = len('    <xhtml:link rel="alternate" hreflang="" href="" />\n')


_WIDEST_LASTMOD = len("2021-01-14T09:00:00.000000+00:00")


def _at_most_bytes(entries: list[Data]) -> int:
    """An upper bound of the file's size, cheap enough to skip counting in the usual case.

    A character of a URL takes at most five bytes: ``&amp;`` for ``&``, four for UTF-8.
    """
    each = _URL_MARKUP + _LASTMOD_MARKUP + _WIDEST_LASTMOD
    return _ENVELOPE_BYTES + sum(each + 5 * len(e["loc"]) for e in entries)


def _url_bytes(entry: Data) -> int:
    """Bytes one ``<url>`` takes in the indented file (its markup plus the escaped text).

    Counted rather than serialized: this runs once per page of the site on every build.
    """
    # imported here: saxutils pulls in urllib.request (and ssl), a twentieth of a rebuild, and
    # only a site past the fast path of :func:`split` needs it
    from xml.sax.saxutils import escape as xml_escape

    cost = _URL_MARKUP + len(xml_escape(entry["loc"]).encode("utf-8"))
    stamp = w3c(entry.get("lastmod"))
    if stamp is not None:
        cost += _LASTMOD_MARKUP + len(stamp)
    for link in entry.get("alternates", ()):
        text = xml_escape(link["hreflang"]) + xml_escape(link["href"])
        cost += _LINK_MARKUP + len(text.encode("utf-8"))
    return cost


def sitemap(data: Data) -> bytes:
    """A ``<urlset>`` of ``data["urls"]`` (each ``loc`` and optional ``lastmod``)."""
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    if any("alternates" in entry for entry in data["urls"]):  # versions in other languages
        root.set("xmlns:xhtml", XHTML_NS)
    root.extend(_url_element(entry) for entry in data["urls"])
    return xml_bytes(root)


def sitemap_index(data: Data) -> bytes:
    """A ``<sitemapindex>`` naming the parts (``loc`` and ``lastmod`` of each)."""
    root = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for part in data["parts"]:
        element = ET.SubElement(root, "sitemap")
        ET.SubElement(element, "loc").text = part["loc"]
        if part.get("lastmod") is not None:
            ET.SubElement(element, "lastmod").text = w3c(part["lastmod"])
    return xml_bytes(root)


def news_sitemap(data: Data) -> bytes:
    """Google News sitemap; with no recent articles it is an empty, valid ``<urlset>``."""
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:news": NEWS_NS})
    for entry in data["articles"]:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = entry["loc"]
        news = ET.SubElement(url, "news:news")
        publication = ET.SubElement(news, "news:publication")
        ET.SubElement(publication, "news:name").text = data["name"]
        ET.SubElement(publication, "news:language").text = entry.get("language", data["language"])
        ET.SubElement(news, "news:publication_date").text = w3c(entry["date"])
        ET.SubElement(news, "news:title").text = entry["title"]
    return xml_bytes(root)


def robots(data: Data) -> bytes:
    """``robots.txt`` allowing everything and naming the sitemaps."""
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {url}" for url in data["sitemaps"]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def news_language(language: str) -> str:
    """The ISO 639 code Google News expects: ``en-GB`` -> ``en``; ``zh-CN``/``zh-TW`` kept."""
    lowered = language.lower()
    if lowered in ("zh-cn", "zh-tw"):
        return lowered
    return lowered.split("-")[0]
