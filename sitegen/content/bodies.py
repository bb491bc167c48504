"""Article bodies left out of the loaded records, read back by file and digest when needed.

The load cache keeps every article's validated fields but not its Markdown body: bodies are
most of its bytes, and a rebuild after a one-article edit needs a few hundred of them (the
pages it renders, the feeds). Loading writes each body it reads to the load cache's bodies
database (:mod:`sitegen.content.loadcache`), keyed by the article's file with the SHA-256 of the
file it was read from; :meth:`Bodies.of` reads a body from there, one row at a time, only when
the row is of exactly the version of the file the article was made from. Without the cache
(``check``), loading keeps the bodies in the articles themselves.

A row that is missing or damaged is not trusted: the body is read from the source file, which
must still be the file the article was made from (same SHA-256); if it changed since the build
started, the build stops with a problem instead of mixing two versions of the article.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sitegen.content.discover import unreadable
from sitegen.content.frontmatter import split_front_matter
from sitegen.content.models import Article
from sitegen.errors import Problem, ProblemsFound
from sitegen.state.files import decode
from sitegen.state.rows import RowFile, RowReader


class Bodies:
    """The Markdown bodies of a site's articles, as the load stage kept them.

    Made per build; shared by the forked render workers, each of which opens the database for
    itself (:class:`~sitegen.state.rows.RowReader`).
    """

    def __init__(self, root: Path = Path(), rows: RowFile | None = None) -> None:
        self._root = root
        """The site folder, read only when a body's row is missing or damaged."""
        self._rows = RowReader(rows) if rows is not None else None

    def of(self, article: Article) -> str:
        """The Markdown body of ``article``, from exactly the file version it was made from."""
        if article.body is not None:
            return article.body
        if self._rows is not None:
            row = self._rows.get(article.file)
            if row is not None and row[0] == article.digest:
                body = decode(row[1], str)
                if body is not None:
                    return body
        return _read(self._root, article.file, article.digest)


def _read(root: Path, file: str, digest: str) -> str:
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
