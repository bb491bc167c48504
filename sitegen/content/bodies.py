"""Article bodies left out of the load cache, read back from their source file when needed.

The load cache keeps every article's validated fields but not its Markdown body: bodies are
most of its bytes, checksummed and unpickled on every rebuild, while a rebuild after a
one-article edit needs a few hundred of them (the pages it renders, the feeds). A cached
article's ``body`` is None and :func:`body_of` reads it from the source file, which must still
be the file the record was made from (same SHA-256); if it changed since the build started, the
build stops with a problem instead of mixing two versions of the article.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from sitegen.content.discover import unreadable
from sitegen.content.frontmatter import split_front_matter
from sitegen.content.models import Article
from sitegen.errors import Problem, ProblemsFound


def body_of(root: Path, article: Article) -> str:
    """The Markdown body of ``article`` (a site under ``root``)."""
    if article.body is not None:
        return article.body
    return _read(str(root), article.file, article.digest)


@functools.lru_cache(maxsize=4096)
def _read(root: str, file: str, digest: str) -> str:
    """Keyed by the source digest: a cached body is the body of exactly that file content (the
    preview server builds many times in one process). A render worker reads the bodies of the
    pages it renders; the feeds' are read while planning."""
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
