"""Article bodies left out of the load cache, read back from their source file when needed.

The load cache keeps every article's validated fields but not its Markdown body: bodies are
most of its bytes, checksummed and decoded on every rebuild, while a rebuild after a
one-article edit needs a few hundred of them (the pages it renders, the feeds). A cached
article's ``body`` is None and :func:`body_of` reads it from the source file, which must still
be the file the record was made from (same SHA-256); if it changed since the build started, the
build stops with a problem instead of mixing two versions of the article.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from sitegen.content.discover import unreadable
from sitegen.content.frontmatter import split_front_matter
from sitegen.content.models import Article
from sitegen.errors import Problem, ProblemsFound


def body_of(root: Path, article: Article) -> str:
    """The Markdown body of ``article`` (a site under ``root``)."""
    if article.body is not None:
        return article.body
    return _bodies.read(str(root), article.file, article.digest)


class _LatestBodies:
    """Each file's body as last read, with its source digest: a body is served only for exactly
    that file content, and an edit replaces the file's entry (the preview server builds many
    times in one process; a cache keyed by the digest would keep every version ever built).

    A render worker reads the bodies of the pages it renders; the feeds' are read while
    planning. Thread-safe: the preview's fast path reads bodies while a rebuild runs.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._bodies: dict[tuple[str, str], tuple[str, str]] = {}

    def read(self, root: str, file: str, digest: str) -> str:
        """The body of ``file`` (under ``root``) whose source has SHA-256 ``digest``."""
        key = (root, file)
        with self._lock:
            hit = self._bodies.get(key)
        if hit is not None and hit[0] == digest:
            return hit[1]
        body = _read(root, file, digest)
        with self._lock:
            self._bodies.pop(key, None)
            if len(self._bodies) >= self._size:
                del self._bodies[next(iter(self._bodies))]  # the oldest
            self._bodies[key] = (digest, body)
        return body

    def cache_clear(self) -> None:
        """Forget every body (the next read of each goes to its file)."""
        with self._lock:
            self._bodies.clear()


_bodies = _LatestBodies(4096)


def _read(root: str, file: str, digest: str) -> str:
    """The body of the file, which must still have the SHA-256 ``digest``."""
    try:
        with open(os.path.join(root, file), "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raw = b""  # deleted since the build started: it changed
    except OSError as exc:
        raise ProblemsFound([unreadable(file, exc)]) from None
    if hashlib.sha256(raw).hexdigest() != digest:
        problem = Problem(file, None, None, "changed while the site was being built", "build again")
        raise ProblemsFound([problem])
    return split_front_matter(raw.decode("utf-8")).body
