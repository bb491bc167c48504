"""Links inside rendered Markdown: rebased under a subpath site, or made absolute for feeds.

Editors write internal links as ``/2021/01/slug/``; on a site published under a path
(``https://example.org/news/``) that must become ``/news/2021/01/slug/``, and in a feed, read
far from the site, it must be a full URL.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def rebase_root_links(fragment: str, base_path: str) -> str:
    """Prefix root-relative ``href``/``src`` values (``/x``, not ``//host``) with ``base_path``."""
    if base_path == "/":
        return fragment
    prefix = base_path.rstrip("/")

    def fix(match: re.Match[str]) -> str:
        value = match.group(2)
        if value.startswith("/") and not value.startswith("//"):
            value = prefix + value
        return match.group(1) + value + match.group(3)

    return _ATTR.sub(fix, fragment)


def absolute_links(fragment: str, page_url: str) -> str:
    """Resolve every ``href``/``src`` value against ``page_url`` (fragments stay on the page)."""

    def fix(match: re.Match[str]) -> str:
        value = urljoin(page_url, html.unescape(match.group(2)))
        return match.group(1) + html.escape(value, quote=True) + match.group(3)

    return _ATTR.sub(fix, fragment)
