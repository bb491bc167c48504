"""Find the Markdown sources under a content folder, and report the entries that cannot be read.

Symbolic links are followed only inside the site folder: nothing is read from outside it. A link
out of the site, a link loop, a broken link or a ``.md`` entry that is not a regular file (a
FIFO, a socket) is a problem at that path, never skipped in silence or left to fail later.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problem

SOURCE_SUFFIX = ".md"


@dataclass(frozen=True)
class Discovered:
    """The sources found under one folder and the problems of the entries that are not."""

    files: list[str]
    """Site-relative POSIX paths of the Markdown files, sorted."""
    problems: list[Problem]


def discover(root: Path, folder: str) -> list[Path]:
    """Markdown files under ``root/folder``, sorted (see :func:`scan_sources`)."""
    return [root / rel for rel in discover_relative(root, folder)]


def discover_relative(root: Path, folder: str) -> list[str]:
    """Site-relative POSIX paths of the Markdown files under ``root/folder``, sorted."""
    return scan_sources(root, folder).files


def scan_sources(root: Path, folder: str) -> Discovered:
    """The Markdown files under ``root/folder`` and the problems of entries that cannot be read.

    A linked folder inside the site is walked once (no loops). Plain ``os.scandir``: its entries
    know their type without a ``stat``, and only symbolic links are resolved (one ``realpath``
    or ``Path`` per file would dominate a no-op rebuild of a large archive).
    """
    base = os.path.join(root, folder)
    inside = Bounds(root)
    if not os.path.lexists(base):
        return Discovered([], [])
    wrong = inside.problem(base)
    if wrong is not None:
        return Discovered([], [Problem(folder, 1, None, wrong, LINK_HINT)])
    start = len(str(root)) + 1
    found: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()  # real paths of linked folders already walked: no symlink loops
    pending = [base]
    while pending:
        try:
            with os.scandir(pending.pop()) as scan:
                entries = list(scan)
        except OSError:  # a folder that vanished meanwhile
            continue
        folders = []
        for entry in entries:
            rel = entry.path[start:].replace(os.sep, "/")
            source = entry.name.endswith(SOURCE_SUFFIX)
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
            if not source:
                continue
            wrong_name = name_problem(rel)
            if wrong_name is not None:
                problems.append(wrong_name)
            elif entry.is_file():
                found.append(rel)
            else:
                problems.append(Problem(rel, 1, None, _NOT_A_FILE, "replace it with a text file"))
        pending += reversed(folders)  # depth first in listing order, as os.walk goes
    return Discovered(sorted(found), problems)


_LOOP = "is a symbolic link loop"
_NOT_A_FILE = "is not a regular file (a FIFO, socket or device cannot be an article)"
LINK_HINT = "replace the link by the file itself; links are followed only inside the site folder"


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
