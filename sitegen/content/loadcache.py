"""The load cache: validated articles and pages kept between builds, per source file.

An entry is reused only while every file it was made from (the Markdown file and its lead image)
has the same size and modification time, and only under the same sitegen version and settings
that shape loading (timezone; the Markdown pipeline, which renders summaries while loading).
Anything else is loaded again.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen import __version__
from sitegen.content.markdown import RENDERER_KEY
from sitegen.content.models import Article, Page, article_shape
from sitegen.digests import source_digest
from sitegen.statefile import read_pickle, write_pickle

_LOADING_CODE = source_digest("content/foreign.py")
"""The records keep the warnings found while loading: what finds them is part of the key."""
_KIND = "load-cache"
_VERSION = 9
SHARDS = 32
"""The cache is split by path so that editing one article rewrites 1/32 of it, not all."""

Stat = tuple[str, int, int]
"""A dependency: (path relative to the site root, size, modification time in ns)."""


def _stat(root: Path, rel: str) -> Stat | None:
    try:
        st = os.stat(os.path.join(root, rel))
    except OSError:
        return None
    return (rel, st.st_size, st.st_mtime_ns)


_UNSEEN = ("", -1, -1)


def _shard(rel: str) -> int:
    return zlib.crc32(rel.encode()) % SHARDS


Entry = tuple[tuple[Stat, ...], Article | Page, str]
"""Dependencies, record, and for an article :func:`sitegen.content.models.article_shape`."""


@dataclass
class LoadCache:
    """Per-file entries ``rel -> (dependencies, record)``; a no-op when ``folder`` is None."""

    folder: Path | None
    settings: str
    entries: dict[str, Entry] = field(default_factory=dict)
    used: dict[str, Entry] = field(default_factory=dict)
    dirty: set[int] = field(default_factory=set)
    """Shards whose content changed and must be written back."""
    stats: dict[str, Stat | None] = field(default_factory=dict)
    """Each file's stat, taken once per load (thousands of articles may share one picture)."""
    shapes: dict[str, str] = field(default_factory=dict)
    """The link shape digest of each article looked up or stored, by file."""

    def _stat(self, root: Path, rel: str) -> Stat | None:
        found = self.stats.get(rel, _UNSEEN)
        if found is _UNSEEN:
            found = self.stats[rel] = _stat(root, rel)
        return found

    @classmethod
    def open(cls, folder: Path | None, timezone: str) -> LoadCache:
        """Read the cache (unreadable or foreign shards are treated as empty)."""
        settings = f"{__version__}|{timezone}|{RENDERER_KEY}|{_LOADING_CODE}"
        cache = cls(folder, settings)
        for shard in range(SHARDS) if folder else ():
            stored = read_pickle(cache._file(shard), _KIND, _VERSION)
            if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == settings:
                if isinstance(stored[1], dict):
                    cache.entries.update(stored[1])
        return cache

    def _file(self, shard: int) -> Path:
        assert self.folder is not None
        return self.folder / f"shard-{shard:02d}.pickle"

    def lookup(self, root: Path, rel: str) -> Article | Page | None:
        """The cached record of ``rel`` if none of its files changed since it was stored."""
        entry = self.entries.get(rel)
        if entry is None:
            return None
        for dep in entry[0]:
            if self._stat(root, dep[0]) != dep:
                return None
        self.used[rel] = entry
        if entry[2]:
            self.shapes[rel] = entry[2]
        return entry[1]

    def store(self, root: Path, rel: str, record: Article | Page, deps: list[str]) -> None:
        """Remember a freshly loaded record with the files it was made from.

        An article is kept without its body (see :mod:`sitegen.content.bodies`).
        """
        shape = article_shape(record) if isinstance(record, Article) else ""
        if shape:
            self.shapes[rel] = shape
        stats = tuple(self._stat(root, dep) for dep in deps)
        if self.folder is not None and all(s is not None for s in stats):
            kept = replace(record, body=None) if isinstance(record, Article) else record
            self.used[rel] = (tuple(s for s in stats if s is not None), kept, shape)
            self.dirty.add(_shard(rel))

    def save(self) -> None:
        """Write back the shards that changed (entries of deleted files drop out)."""
        if self.folder is None:
            return
        self.dirty.update(_shard(rel) for rel in self.entries.keys() - self.used.keys())
        shards: dict[int, dict[str, Entry]] = {shard: {} for shard in self.dirty}
        for rel, entry in self.used.items():
            shard = _shard(rel)
            if shard in shards:
                shards[shard][rel] = entry
        for shard, entries in shards.items():
            write_pickle(self._file(shard), _KIND, _VERSION, (self.settings, entries))
