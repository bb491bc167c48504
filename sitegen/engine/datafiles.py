"""Plan hook for syndication and discovery: feeds, sitemaps and robots.txt.

:func:`syndication_jobs` declares the feed, sitemap and robots.txt files from the SiteGraph;
nothing is rendered here. Each page's head data (canonical URL, feed autodiscovery links, Open
Graph/Twitter tags and JSON-LD) is built with its view, in :mod:`sitegen.engine.contexts`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from sitegen.config import CONFIG_FILE, setting_line
from sitegen.content.bodies import body_of
from sitegen.content.discover import STATIC_DIR
from sitegen.content.imagesize import ImageSizeError, image_size, read_image_size
from sitegen.content.models import Article
from sitegen.digests import digest
from sitegen.engine.jobs import DataJob, Job
from sitegen.engine.planmemo import PageMemo
from sitegen.engine.schedule import NEWS_WINDOW
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.languages import all_listings, counterparts, front_of, hreflang, prefix_of
from sitegen.graph.pagination import Pager
from sitegen.graph.site import Listing, SiteGraph
from sitegen.render import sitemaps, structured, views
from sitegen.render.bodypictures import body_picture_key
from sitegen.render.feeds import FILE_NAMES, MEDIA_TYPES
from sitegen.render.views import dateline

View = dict[str, Any]
FORMAT_JOB = {"rss": "rss", "atom": "atom", "json": "json-feed"}
FORMAT_LABEL = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
IMAGE_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
"""Media type by file suffix (a fixed table: the system's mime database varies by machine)."""


def entry_id(graph: SiteGraph, article: Article) -> str:
    """The article's permanent feed id: ``urn:uuid:<id>``, else a tag URI from its URL.

    The fallback changes when the slug or date changes, which is why ``sitegen check`` lists
    the articles without an ``id:``.
    """
    if article.id:
        return f"urn:uuid:{article.id}"
    host = urlsplit(graph.config.base_url).hostname or "localhost"
    return f"tag:{host},{article.date.date().isoformat()}:/{graph.paths[article.slug]}"


def missing_ids(graph: SiteGraph, limit: int | None = None) -> tuple[list[Problem], int]:
    """Warnings for articles without ``id:`` (their feed ids would change with their URL).

    Returns the first ``limit`` of them (all when None), in file order, and how many there are:
    an imported archive may lack ids on every article, and describing ten thousand of them on
    every build would cost more than the rebuild.
    """
    files = sorted(a.file for a in graph.articles.values() if not a.id)
    shown = files if limit is None else files[:limit]
    problems = [
        Problem(
            file,
            1,
            "id",
            "has no permanent id; feed readers will see a new article if its URL changes",
            f"add 'id: {_suggested_id(file)}' to the front matter",
        )
        for file in shown  # only the shown ones: a UUID per article costs 20 µs
    ]
    return problems, len(files)


def _suggested_id(file: str) -> str:
    """A UUID derived from the file name, so the hint is stable from one run to the next."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "sitegen:" + file))


def feed_listings(graph: SiteGraph) -> list[Listing]:
    """The listings that have feeds: the whole site, then sections, tags, authors as configured."""
    config = graph.config.feeds
    if not config.formats:
        return []
    found = [graph.home, *graph.fronts]
    found += list(graph.sections) if config.sections else []
    found += list(graph.tags) if config.tags else []
    found += list(graph.authors) if config.authors else []
    return found


def feed_links(graph: SiteGraph, listing: Listing) -> list[View]:
    """``<link rel=alternate>`` data for each feed format of a listing."""
    name = _feed_title(graph, listing)
    return [
        {
            "href": structured.absolute(graph, listing.path + FILE_NAMES[fmt]),
            "type": MEDIA_TYPES[fmt],
            "title": f"{name} ({FORMAT_LABEL[fmt]})",
        }
        for fmt in graph.config.feeds.formats
    ]


def _feed_title(graph: SiteGraph, listing: Listing) -> str:
    site = front_of(graph, listing.language).title if listing.language else graph.config.title
    if listing.kind == "home":
        return site
    return f"{listing.title} | {site}"


def publisher_logo(graph: SiteGraph, root: Path) -> View | None:
    """The configured logo as an absolute URL with its pixel size when readable."""
    publisher = graph.config.publisher
    if publisher is None or not publisher.logo:
        return None
    logo: View = {"url": structured.absolute(graph, publisher.logo.lstrip("/"))}
    path = root / STATIC_DIR / publisher.logo.lstrip("/")
    size = image_size(path) if path.is_file() else None
    if size:
        logo["width"], logo["height"] = size
    return logo


def publisher_warnings(graph: SiteGraph, root: Path) -> list[Problem]:
    """One warning when the publisher's logo is not set, missing, or of unreadable size.

    Every NewsArticle's structured data names the publisher with its logo; search engines
    ignore article markup without one.
    """
    publisher = graph.config.publisher
    logo = publisher.logo if publisher else None
    if not logo:
        line = setting_line(root, ("publisher", "logo")) if publisher else None
        return [
            Problem(
                CONFIG_FILE,
                line,
                "publisher.logo",
                "is not set: the articles' NewsArticle structured data has no publisher logo",
                "add 'logo: images/logo.png' under 'publisher:' with the picture in static/",
            )
        ]
    path = root / STATIC_DIR / logo.lstrip("/")
    line = setting_line(root, ("publisher", "logo"))
    if not path.is_file():
        message = f"{logo!r} is not a file under static/ (the logo's URL would be broken)"
        return [Problem(CONFIG_FILE, line, "publisher.logo", message)]
    try:
        read_image_size(path)
    except ImageSizeError as exc:
        message = f"cannot read the pixel size of static/{logo.lstrip('/')} ({exc})"
        return [Problem(CONFIG_FILE, line, "publisher.logo", message)]
    return []


def syndication_jobs(graph: SiteGraph, root: Path, known: PageMemo | None = None) -> list[Job]:
    """The feed, sitemap and robots.txt files of the site."""
    out: list[Job] = []
    for listing in feed_listings(graph):
        out += _feed_jobs(graph, root, listing)
    out += _sitemap_jobs(graph, known)
    if graph.config.sitemaps.news:
        out.append(DataJob("news-sitemap.xml", "news-sitemap", news_data(graph)))
    if graph.config.sitemaps.robots and not (root / STATIC_DIR / "robots.txt").is_file():
        names = [f"{prefix}sitemap.xml" for prefix in sorted(sitemap_prefixes(graph))]
        names += ["news-sitemap.xml"] if graph.config.sitemaps.news else []
        urls = [structured.absolute(graph, name) for name in names]
        out.append(DataJob("robots.txt", "robots", {"sitemaps": urls}))
    return out


def _feed_jobs(graph: SiteGraph, root: Path, listing: Listing) -> list[Job]:
    config = graph.config
    slugs = listing.slugs[: config.feeds.size]
    entries = [_entry(graph, root, graph.articles[slug]) for slug in slugs]
    newest = max((graph.articles[s].modified for s in slugs), default=graph.build_time)
    feed: View = {
        "title": _feed_title(graph, listing),
        "description": listing.description,
        "language": listing.language or config.language,
        "home_url": structured.absolute(graph, listing.path),
        "publisher": config.publisher_name,
        "updated": newest,
        "base_path": config.base_path,
        "full_content": config.feeds.full_content,
        "entries": entries,
    }
    sources = tuple(graph.articles[s].file for s in slugs)
    shared = digest(feed)  # once for all formats: the entries carry whole article bodies
    jobs: list[Job] = []
    for fmt in config.feeds.formats:
        output = listing.path + FILE_NAMES[fmt]
        url = structured.absolute(graph, output)
        data = {**feed, "feed_url": url}
        jobs.append(DataJob(output, FORMAT_JOB[fmt], data, sources, digest(shared, url)))
    return jobs


def _entry(graph: SiteGraph, root: Path, article: Article) -> View:
    url = structured.absolute(graph, graph.paths[article.slug])
    authors: list[dict[str, str | None]] = [
        {
            "name": name,
            "url": structured.absolute(
                graph, prefix_of(article, graph.config) + urls.author_path(graph.author_slugs[name])
            ),
        }
        for name in article.authors
    ]
    if not authors and article.source:
        authors = [{"name": article.source, "url": None}]
    return {
        "id": entry_id(graph, article),
        "title": article.title,
        "url": url,
        "published": article.date,
        "updated": article.modified,
        "summary": article.summary,
        "summary_html": article.summary_html,
        "markdown": body_of(root, article),
        "dateline": dateline(article),
        "authors": authors,
        "tags": list(article.tags),
        "image": _image(graph, root, article),
        "pictures": {
            body_picture_key(i.file or "", article.file): {
                "url": structured.absolute(graph, quote(i.url)),
                "width": i.width,
                "height": i.height,
            }
            for i in article.body_images
        },
    }


def _image(graph: SiteGraph, root: Path, article: Article) -> View | None:
    image = article.image
    if image is None:
        return None
    length = os.stat(root / image.file).st_size if image.file else None
    return {
        "url": structured.absolute(graph, image.url),
        "type": IMAGE_TYPES.get(PurePosixPath(urlsplit(image.url).path).suffix.lower(), ""),
        "length": length,
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
    }


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
                languages[own] = views.alternates(graph, slug)
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


def _sitemap_jobs(graph: SiteGraph, known: PageMemo | None) -> list[DataJob]:
    """The sitemap files: from the plan memo while no article's lastmod or canonical changed."""
    found = known.sitemaps(sitemap_facts) if known else None
    if found is None:
        found = plan_sitemaps(graph)
    if known:
        known.keep_sitemaps(found, sitemap_facts)
    return found


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
    parts = sitemaps.split(entries)
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
        {"loc": e["loc"], "lastmod": sitemaps.w3c(e["lastmod"])}
        | ({"alternates": e["alternates"]} if "alternates" in e else {})
        for e in entries
    ]


def news_data(graph: SiteGraph) -> View:
    """Articles of the 48 hours before the build time, newest first, at most 1,000."""
    start = graph.build_time - NEWS_WINDOW
    recent = [
        graph.articles[s]
        for s in graph.newest_first
        if start <= graph.articles[s].date <= graph.build_time and not graph.articles[s].canonical
    ][: sitemaps.NEWS_MAX_URLS]
    return {
        "name": graph.config.publisher_name,
        "language": sitemaps.news_language(graph.config.language),
        "articles": [
            {
                "loc": structured.absolute(graph, graph.paths[a.slug]),
                "date": a.date,
                "title": a.title,
                "language": sitemaps.news_language(a.language or graph.config.language),
            }
            for a in recent
        ],
    }
