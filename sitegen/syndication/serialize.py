"""DataJob formats -> their serializer: feeds, sitemaps, robots.txt and line files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.content.markdown import MarkdownRenderer
from sitegen.syndication import feeds, sitemaps

Serializer = Callable[[dict[str, Any], MarkdownRenderer], bytes]

SERIALIZERS: dict[str, Serializer] = {
    "rss": feeds.rss,
    "atom": feeds.atom,
    "json-feed": feeds.json_feed,
    "sitemap": lambda data, _md: sitemaps.sitemap(data),
    "sitemap-index": lambda data, _md: sitemaps.sitemap_index(data),
    "news-sitemap": lambda data, _md: sitemaps.news_sitemap(data),
    "robots": lambda data, _md: sitemaps.robots(data),
    "lines": lambda data, _md: "".join(f"{line}\n" for line in data["lines"]).encode("utf-8"),
}
"""Every DataJob format; a format missing here is a programming error (KeyError)."""


def serialize(job_format: str, data: dict[str, Any], md: MarkdownRenderer) -> bytes:
    """The bytes of one DataJob."""
    return SERIALIZERS[job_format](data, md)
