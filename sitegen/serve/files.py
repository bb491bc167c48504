"""Map a request path to a file of the preview folder, refusing anything outside it.

Clean URLs (``/2021/01/slug/``) map to ``index.html``; a folder without its trailing slash is
redirected. The path is percent-decoded once, then every ``..`` is refused, and the resolved file
(symlinks followed) must still lie inside the preview folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.syndication import headers

MAX_PATH_BYTES = 2048
"""Longest URL path (percent-decoded, UTF-8) the preview looks up; longer ones get 414."""
MAX_NAME_BYTES = 255
"""Longest file name a file system holds: a longer path segment names nothing (404)."""


class Refused(Exception):
    """The request path points outside the site (traversal, symlink out, malformed)."""


class TooLong(Exception):
    """The request path is longer than any page's (:data:`MAX_PATH_BYTES`)."""


@dataclass(frozen=True)
class Found:
    """What a request path maps to."""

    file: Path | None
    """The file to send; None when nothing is there (404) or a redirect is due."""
    redirect: str | None = None
    """Where to send the client instead (a folder asked for without its trailing slash)."""


def request_parts(raw_path: str) -> tuple[str, list[str]]:
    """The URL path (still encoded) and its decoded segments; raise Refused for traversal."""
    path = urlsplit(raw_path).path
    if not path.startswith("/"):
        raise Refused(raw_path)
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise Refused(raw_path) from None
    if "\\" in decoded or "\x00" in decoded:
        raise Refused(raw_path)
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise Refused(raw_path)
    if len(decoded.encode()) > MAX_PATH_BYTES:
        raise TooLong(raw_path)
    return path, parts


def locate(site: Path, raw_path: str) -> Found:
    """Find the file for ``raw_path`` inside ``site``; raise Refused for any path leaving it,
    TooLong for one longer than :data:`MAX_PATH_BYTES`."""
    path, parts = request_parts(raw_path)
    if any(len(part.encode()) > MAX_NAME_BYTES for part in parts):
        return Found(None)  # the file system would refuse the name (ENAMETOOLONG)
    candidate = site.joinpath(*parts)
    if candidate.is_dir():
        if not path.endswith("/"):
            return Found(None, redirect=path + "/")
        candidate = candidate / "index.html"
    if not candidate.is_file():
        return Found(None)
    if not candidate.resolve().is_relative_to(site.resolve()):
        raise Refused(raw_path)
    return Found(candidate)


def content_type(path: Path) -> str:
    """The Content-Type header for ``path``: the same table the S3 publisher uploads with, so
    the preview serves every file as the published site will."""
    return headers.content_type(path.name)
