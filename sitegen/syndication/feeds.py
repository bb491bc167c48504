"""RSS 2.0, Atom 1.0 and JSON Feed 1.1: which listings have feeds, their data and their bytes.

The plan stage describes each feed (:func:`feed_jobs`) as plain data with absolute URLs and
timezone-aware times; the render stage makes it bytes (:func:`rss`, :func:`atom`,
:func:`json_feed`). Entry content is the article's HTML with every link made absolute, since a
feed is read away from the site. XML is built with ElementTree (escaping is the library's job);
prefixed names are written literally and their namespaces declared on the root element, so no
global namespace registry is touched.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import escape

from sitegen.content.bodies import Bodies
from sitegen.content.markdown import MarkdownRenderer
from sitegen.content.models import Article
from sitegen.content.sitefiles import SiteFiles
from sitegen.digests import digest
from sitegen.engine.jobs import DataJob, Job
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.languages import front_of, prefix_of
from sitegen.graph.site import SiteGraph
from sitegen.graph.structure import Listing
from sitegen.render.bodypictures import body_picture_key, with_plain_pictures
from sitegen.render.links import absolute_links, rebase_root_links
from sitegen.render.pages import with_dateline
from sitegen.render.views import dateline
from sitegen.syndication import structured
from sitegen.syndication.xmldoc import xml_bytes
from sitegen.text.textchars import strip_forbidden

Data = dict[str, Any]
View = dict[str, Any]
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
RSS_NAMESPACES = {
    "xmlns:atom": "http://www.w3.org/2005/Atom",
    "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
    "xmlns:dc": "http://purl.org/dc/elements/1.1/",
    "xmlns:media": "http://search.yahoo.com/mrss/",
}
FILE_NAMES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
"""Feed file name per format, inside the listing's folder."""
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}
MEDIA_TYPES["json"] = "application/feed+json"
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


def feed_jobs(graph: SiteGraph, files: SiteFiles, bodies: Bodies, listing: Listing) -> list[Job]:
    """The feed files of ``listing``, one per format."""
    config = graph.config
    slugs = listing.slugs[: config.feeds.size]
    entries = [_entry(graph, files, bodies, graph.articles[slug]) for slug in slugs]
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


def _entry(graph: SiteGraph, files: SiteFiles, bodies: Bodies, article: Article) -> View:
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
        "markdown": bodies.of(article),
        "dateline": dateline(article),
        "authors": authors,
        "tags": list(article.tags),
        "image": _image(graph, files, article),
        "pictures": {
            body_picture_key(i.file or "", article.file): {
                "url": structured.absolute(graph, quote(i.url)),
                "width": i.width,
                "height": i.height,
            }
            for i in article.body_images
        },
    }


def _image(graph: SiteGraph, files: SiteFiles, article: Article) -> View | None:
    image = article.image
    if image is None:
        return None
    stamp = files.stamps.get(image.file) if image.file else None
    length = stamp[0] if stamp else None
    return {
        "url": structured.absolute(graph, image.url),
        "type": IMAGE_TYPES.get(PurePosixPath(urlsplit(image.url).path).suffix.lower(), ""),
        "length": length,
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
    }


def entry_html(entry: Data, feed: Data, md: MarkdownRenderer) -> str:
    """The entry's content: lead image and body (or the summary) with absolute links."""
    if feed["full_content"]:
        body = with_plain_pictures(md.to_html(entry["markdown"]), entry["pictures"], "")
        body = with_dateline(body, entry["dateline"])
    else:
        body = f"<p>{entry['summary_html']}</p>"
    image = entry["image"]
    if image:
        size = f' width="{image["width"]}" height="{image["height"]}"' if image["width"] else ""
        body = (
            f'<figure><img src="{escape(image["url"])}" alt="{escape(image["alt"])}"{size}>'
            f"</figure>\n{body}"
        )
    return absolute_links(rebase_root_links(body, feed["base_path"]), entry["url"])


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def rss(feed: Data, md: MarkdownRenderer) -> bytes:
    """RSS 2.0 with ``atom:link rel=self``, RFC 822 dates, ``content:encoded`` and media."""
    root = ET.Element("rss", {"version": "2.0", **RSS_NAMESPACES})
    channel = _sub(root, "channel")
    _sub(channel, "title", feed["title"])
    _sub(channel, "link", feed["home_url"])
    _sub(channel, "description", feed["description"] or feed["title"])
    _sub(channel, "language", feed["language"])
    _sub(channel, "lastBuildDate", format_datetime(feed["updated"]))
    _sub(channel, "generator", "sitegen")
    _sub(channel, "atom:link", href=feed["feed_url"], rel="self", type=MEDIA_TYPES["rss"])
    for entry in feed["entries"]:
        item = _sub(channel, "item")
        _sub(item, "title", entry["title"])
        _sub(item, "link", entry["url"])
        _sub(item, "guid", entry["id"], isPermaLink="false")
        _sub(item, "pubDate", format_datetime(entry["published"]))
        for author in entry["authors"]:
            _sub(item, "dc:creator", author["name"])
        for tag in entry["tags"]:
            _sub(item, "category", tag)
        _sub(item, "description", entry["summary"])
        _sub(item, "content:encoded", entry_html(entry, feed, md))
        image = entry["image"]
        if image:
            if image["length"] is not None:
                length = str(image["length"])
                _sub(item, "enclosure", url=image["url"], length=length, type=image["type"])
            media = _sub(item, "media:content", url=image["url"], medium="image")
            if image["type"]:
                media.set("type", image["type"])
            if image["width"] and image["height"]:
                media.set("width", str(image["width"]))
                media.set("height", str(image["height"]))
            _sub(media, "media:description", image["alt"])
    return xml_bytes(root)


def atom(feed: Data, md: MarkdownRenderer) -> bytes:
    """Atom 1.0; every entry has ``published`` <= ``updated``."""
    root = ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom"})
    root.set("xml:lang", feed["language"])
    _sub(root, "id", feed["home_url"])
    _sub(root, "title", feed["title"])
    if feed["description"]:
        _sub(root, "subtitle", feed["description"])
    _sub(root, "link", rel="self", href=feed["feed_url"], type=MEDIA_TYPES["atom"])
    _sub(root, "link", rel="alternate", href=feed["home_url"], type="text/html")
    _sub(root, "updated", feed["updated"].isoformat(timespec="seconds"))
    _sub(_sub(root, "author"), "name", feed["publisher"])
    _sub(root, "generator", "sitegen")
    for entry in feed["entries"]:
        item = _sub(root, "entry")
        _sub(item, "id", entry["id"])
        _sub(item, "title", entry["title"])
        _sub(item, "link", rel="alternate", href=entry["url"], type="text/html")
        _sub(item, "published", entry["published"].isoformat(timespec="seconds"))
        _sub(item, "updated", entry["updated"].isoformat(timespec="seconds"))
        for author in entry["authors"]:
            person = _sub(item, "author")
            _sub(person, "name", author["name"])
            if author["url"]:
                _sub(person, "uri", author["url"])
        for tag in entry["tags"]:
            _sub(item, "category", term=tag)
        _sub(item, "summary", entry["summary"], type="text")
        _sub(item, "content", entry_html(entry, feed, md), type="html")
        image = entry["image"]
        if image and image["length"] is not None:
            _sub(item, "link", rel="enclosure", href=image["url"], type=image["type"])
            item[-1].set("length", str(image["length"]))
    return xml_bytes(root)


def json_feed(feed: Data, md: MarkdownRenderer) -> bytes:
    """JSON Feed 1.1."""
    items = []
    for entry in feed["entries"]:
        item: Data = {
            "id": entry["id"],
            "url": entry["url"],
            "title": entry["title"],
            "content_html": entry_html(entry, feed, md),
            "summary": entry["summary"],
            "date_published": entry["published"].isoformat(timespec="seconds"),
            "date_modified": entry["updated"].isoformat(timespec="seconds"),
        }
        if entry["authors"]:
            item["authors"] = [
                {"name": a["name"], **({"url": a["url"]} if a["url"] else {})}
                for a in entry["authors"]
            ]
        if entry["tags"]:
            item["tags"] = list(entry["tags"])
        if entry["image"]:
            item["image"] = entry["image"]["url"]
        items.append(item)
    doc: Data = {
        "version": JSON_FEED_VERSION,
        "title": feed["title"],
        "home_page_url": feed["home_url"],
        "feed_url": feed["feed_url"],
        "language": feed["language"],
        "authors": [{"name": feed["publisher"]}],
        "items": items,
    }
    if feed["description"]:
        doc["description"] = feed["description"]
    # json escapes control characters but not surrogates or noncharacters (see xmldoc)
    text = strip_forbidden(json.dumps(doc, ensure_ascii=False, indent=2))
    return (text + "\n").encode("utf-8")
