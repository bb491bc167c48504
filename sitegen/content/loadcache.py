"""The load cache: validated articles and pages kept between builds, per source file.

An entry is reused only while every file it was made from (the Markdown file and its lead image)
has the same size and modification time, and only under the same sitegen version and settings
that shape loading (timezone, Markdown extensions). Anything else is loaded again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import __version__
from sitegen.content.markdown import EXTENSIONS
from sitegen.content.models import Article, Page
from sitegen.statefile import read_pickle, write_pickle

_KIND = "load-cache"
_VERSION = 1

Stat = tuple[str, int, int]
"""A dependency: (path relative to the site root, size, modification time in ns)."""


def _stat(root: Path, rel: str) -> Stat | None:
    try:
        st = os.stat(root / rel)
    except OSError:
        return None
    return (rel, st.st_size, st.st_mtime_ns)


@dataclass
class LoadCache:
    """Per-file entries ``rel -> (dependencies, record)``; a no-op when ``file`` is None."""

    file: Path | None
    settings: str
    entries: dict[str, tuple[tuple[Stat, ...], Article | Page]] = field(default_factory=dict)
    used: dict[str, tuple[tuple[Stat, ...], Article | Page]] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(cls, file: Path | None, timezone: str) -> LoadCache:
        """Read the cache (an unreadable or foreign one is treated as empty)."""
        settings = f"{__version__}|{timezone}|{','.join(EXTENSIONS)}"
        cache = cls(file, settings)
        stored = read_pickle(file, _KIND, _VERSION) if file else None
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == settings:
            if isinstance(stored[1], dict):
                cache.entries = stored[1]
        return cache

    def lookup(self, root: Path, rel: str) -> Article | Page | None:
        """The cached record of ``rel`` if none of its files changed since it was stored."""
        entry = self.entries.get(rel)
        if entry is None or any(_stat(root, dep[0]) != dep for dep in entry[0]):
            return None
        self.used[rel] = entry
        return entry[1]

    def store(self, root: Path, rel: str, record: Article | Page, deps: list[str]) -> None:
        """Remember a freshly loaded record with the files it was made from."""
        stats = tuple(_stat(root, dep) for dep in deps)
        if self.file is not None and all(s is not None for s in stats):
            self.used[rel] = (tuple(s for s in stats if s is not None), record)
            self.dirty = True

    def save(self) -> None:
        """Write the entries used by this load (deleted files drop out)."""
        if self.file is None:
            return
        if self.dirty or set(self.used) != set(self.entries):
            write_pickle(self.file, _KIND, _VERSION, (self.settings, self.used))
