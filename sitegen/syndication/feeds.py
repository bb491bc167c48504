"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one plain feed description.

The plan stage describes a feed (:func:`sitegen.engine.syndication.feed_data`) as plain data with
absolute URLs and timezone-aware times; here it becomes bytes. Entry content is the article's
HTML with every link made absolute, since a feed is read away from the site. XML is built with
ElementTree (escaping is the library's job); prefixed names are written literally and their
namespaces declared on the root element, so no global namespace registry is touched.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from typing import Any

from markupsafe import escape

from sitegen.content.markdown import MarkdownRenderer
from sitegen.render.bodypictures import with_plain_pictures
from sitegen.render.links import absolute_links, rebase_root_links
from sitegen.render.pages import with_dateline
from sitegen.render.xmldoc import xml_bytes
from sitegen.textchars import strip_forbidden

Data = dict[str, Any]
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
