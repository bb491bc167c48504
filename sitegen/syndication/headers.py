"""The HTTP headers a file is stored with: Content-Type (with charset for text) and Cache-Control.

Object stores serve files with the headers they were uploaded with, so these decide how browsers
and CDNs treat the site. Types come from a fixed table plus Python's built-in defaults, never from
the machine's ``/etc/mime.types``, so two machines deploy the same headers.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Sequence
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from sitegen.config.deploy import CacheRule

FINGERPRINT = re.compile(r"\.[0-9a-fA-F]{8,}\.[A-Za-z0-9]+$")
"""A content hash before the extension, as in ``style.3f2a9c1b.css``."""

_WEB_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xsl": "application/xml",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}
_CHARSET_TYPES = frozenset(
    {
        "application/xml",
        "application/json",
        "application/javascript",
        "image/svg+xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/manifest+json",
    }
)
_DEFAULTS = mimetypes.MimeTypes()  # Python's built-in table only; see the module docstring


def is_fingerprinted(path: str) -> bool:
    """Whether the file name carries a content hash, so its content can never change."""
    return FINGERPRINT.search(path.rpartition("/")[2]) is not None


def content_type(path: str) -> str:
    """The Content-Type of a site file, with ``charset=utf-8`` for text formats."""
    kind = _WEB_TYPES.get(PurePosixPath(path).suffix.lower())
    if kind is None:
        guessed, encoding = _DEFAULTS.guess_type(path)
        # a compressed file (x.tar.bz2) is served as it is, not as what it unpacks to
        kind = guessed if guessed and not encoding else "application/octet-stream"
    if kind.startswith("text/") or kind in _CHARSET_TYPES:
        return f"{kind}; charset=utf-8"
    return kind


def cache_control(path: str, rules: Sequence[CacheRule]) -> str | None:
    """The Cache-Control of the first rule whose conditions all hold; None when none does."""
    hashed = is_fingerprinted(path)
    for rule in rules:
        if rule.match is not None and not fnmatchcase(path, rule.match):
            continue
        if rule.fingerprinted is not None and rule.fingerprinted != hashed:
            continue
        return rule.cache_control
    return None
