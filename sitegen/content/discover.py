"""Find the site's content files (articles, pages, the files under content/ nothing reads), and
report the entries that cannot be read.

Symbolic links are followed only inside the site folder: nothing is read from outside it. A link
out of the site, a link loop, a broken link or a Markdown entry that is not a regular file (a
FIFO, a socket) is a problem at that path, never skipped in silence or left to fail later.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.errors import Problem

ARTICLES_DIR = "content/articles"
PAGES_DIR = "content/pages"
STATIC_DIR = "static"
CONTENT_DIR = "content"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
"""File endings read as Markdown (those Hugo and Jekyll read); any other file is not."""
LINK_HINT = "replace the link by the file itself; links are followed only inside the site folder"
_LOOP = "is a symbolic link loop"
_NOT_A_FILE = "is not a regular file (a FIFO, socket or device cannot be an article)"


def is_markdown(name: str) -> bool:
    """Whether a file of this name is read as Markdown (by its ending, in any case)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


@dataclass(frozen=True)
class Found:
    """The files under ``content/`` by what becomes of them; site-relative POSIX paths, sorted."""

    articles: list[str]
    pages: list[str]
    others: list[str]
    """Every other file: published only if an article names it as its lead image."""
    problems: list[Problem] = field(default_factory=list)
    """Entries that cannot be read: links out of the site, loops, Markdown that is no file."""


def find_content(root: Path) -> Found:
    """Walk ``content/`` once and sort its files into articles, pages and the rest."""
    articles: list[str] = []
    pages: list[str] = []
    others: list[str] = []
    files, problems = _files(root, CONTENT_DIR)
    for rel in files:
        if is_markdown(rel) and rel.startswith(ARTICLES_DIR + "/"):
            articles.append(rel)
        elif is_markdown(rel) and rel.startswith(PAGES_DIR + "/"):
            pages.append(rel)
        else:
            others.append(rel)
    return Found(articles, pages, others, problems)


def discover(root: Path, folder: str) -> list[Path]:
    """Markdown files under ``root/folder``, sorted; entries that cannot be read are left out."""
    return [root / rel for rel in discover_relative(root, folder)]


def discover_relative(root: Path, folder: str) -> list[str]:
    """Site-relative POSIX paths of the Markdown files under ``root/folder``, sorted."""
    return [rel for rel in _files(root, folder)[0] if is_markdown(rel)]


def relative(root: Path, path: str | Path) -> str:
    """``path`` relative to ``root`` as POSIX text (string slicing; pathlib costs ~20 us)."""
    base, full = str(root), str(path)
    if full.startswith(base + os.sep):
        return full[len(base) + 1 :].replace(os.sep, "/")
    return Path(path).relative_to(root).as_posix()


def _files(root: Path, folder: str) -> tuple[list[str], list[Problem]]:
    """Site-relative POSIX paths of the regular files under ``root/folder``, sorted, and the
    problems of the entries that cannot be read.

    A linked folder inside the site is walked once (no loops). Plain ``os.scandir``: its entries
    know their type without a ``stat``, and only symbolic links are resolved (one ``realpath``
    or ``Path`` per file would dominate a no-op rebuild of a large archive).
    """
    base = os.path.join(root, folder)
    inside = Bounds(root)
    if not os.path.lexists(base):
        return [], []
    wrong = inside.problem(base)
    if wrong is not None:
        return [], [Problem(folder, 1, None, wrong, LINK_HINT)]
    if not os.path.isdir(base):
        return [], []
    start = len(str(root)) + 1
    found: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()  # real paths of linked folders already walked: no symlink loops
    pending = [base]
    while pending:
        try:
            with os.scandir(pending.pop()) as scan:
                entries = list(scan)
        except OSError:  # unreadable or vanished folder: skipped, as os.walk does
            continue
        folders = []
        for entry in entries:
            rel = entry.path[start:].replace(os.sep, "/")
            source = is_markdown(entry.name)
            if entry.is_symlink():
                wrong = inside.problem(entry.path)
                if wrong is not None:
                    # a loop is never meant; a link out of the site only matters when it would
                    # be read (an article or a folder of them); other names are not sources
                    if source or wrong == _LOOP or os.path.isdir(entry.path):
                        problems.append(Problem(rel, 1, None, wrong, LINK_HINT))
                    continue
                if entry.is_dir():
                    real = os.path.realpath(entry.path)
                    if real not in seen:
                        seen.add(real)
                        folders.append(entry.path)
                    continue
            elif entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
                continue
            wrong_name = name_problem(rel)
            if wrong_name is not None:
                problems.append(wrong_name)
            elif entry.is_file():
                found.append(rel)
            elif source:
                problems.append(Problem(rel, 1, None, _NOT_A_FILE, "replace it with a text file"))
        pending += reversed(folders)  # depth first in listing order, as os.walk goes
    return sorted(found), problems


class Bounds:
    """Tells whether a path, links resolved, stays inside a folder (the site, the theme)."""

    def __init__(self, folder: Path | str, name: str = "the site folder") -> None:
        self.folder = os.path.realpath(folder)
        self.prefix = self.folder.rstrip(os.sep) + os.sep
        self.name = name

    def problem(self, path: str) -> str | None:
        """Why ``path`` cannot be read as part of the folder, or None when it can."""
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return _LOOP
            if os.path.islink(path):
                return f"is a broken symbolic link ({exc.strerror})"
            return f"cannot be read ({exc.strerror})"
        real = os.path.realpath(path)
        if real != self.folder and not real.startswith(self.prefix):
            return f"is a symbolic link to {real}, outside {self.name}"
        return None


def name_problem(rel: str) -> Problem | None:
    """The problem of a file name that is not UTF-8 (it could be neither a URL nor printed)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return Problem(shown, 1, None, "its name is not UTF-8 text", "rename the file")
    return None


def unreadable(rel: str, exc: OSError) -> Problem:
    """The problem of a source file that cannot be read (permissions, I/O error, vanished)."""
    reason = exc.strerror or type(exc).__name__
    return Problem(rel, 1, None, f"cannot be read ({reason})", "check the file's permissions")
