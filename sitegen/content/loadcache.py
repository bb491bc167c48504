"""The load cache: validated articles and pages kept between builds, per source file.

An entry is reused only while every file it was made from (the Markdown file and its lead image)
has the same size and modification time, and only under the same sitegen version and settings
that shape loading (timezone; the Markdown pipeline, which renders summaries while loading).
Anything else is loaded again.

Beside the records, a second database keeps each article's Markdown body, keyed by its file with
the SHA-256 of the file it was read from as the row's stamp: the render stage reads the bodies
of the pages it renders from there, one row at a time (see :mod:`sitegen.content.bodies`),
while a rebuild decodes only the records, not the bodies (most of the bytes).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sitegen import __version__
from sitegen.content.markdown import RENDERER_KEY
from sitegen.content.models import Article, Page, article_shape
from sitegen.digests import source_digest
from sitegen.state.files import decode, encode
from sitegen.state.rows import Row, RowFile, RowReader

_LOADING_CODE = source_digest("content/foreign.py")
"""The records keep the warnings found while loading: what finds them is part of the key."""
_KIND = "load-cache"
_VERSION = 11
_BODIES_KIND = "load-bodies"
_BODIES_VERSION = 1
BODIES_DATABASE = "bodies.sqlite"
"""The database of the articles' bodies inside the load cache's folder."""
FLUSH_BODIES = 1024
"""Bodies (and records) written at once while loading: a cold build does not hold them all until
it ends."""

Stat = tuple[str, int, int]
"""A dependency: (path relative to the site root, size, modification time in ns)."""


def _stat(root: Path, rel: str) -> Stat | None:
    try:
        st = os.stat(os.path.join(root, rel))
    except OSError:
        return None
    return (rel, st.st_size, st.st_mtime_ns)


_UNSEEN = ("", -1, -1)


class Stored(NamedTuple):
    """A row's value: the record (an article without its body, or a page) and the article's
    :func:`sitegen.content.models.article_shape`."""

    article: Article | None
    page: Page | None
    shape: str


@dataclass
class LoadCache:
    """Per-file rows ``rel -> (dependencies, record)``; a no-op when ``rows`` is None."""

    rows: RowFile | None
    settings: str
    zone: ZoneInfo
    """The site's timezone: stored dates are read back in it (see :func:`in_zone`)."""
    stored: dict[str, tuple[str, Stored] | None] = field(default_factory=dict)
    """The rows not looked up yet, as :func:`_decoded` made them when they were read."""
    keys: set[str] = field(default_factory=set)
    """The key of every row read."""
    used: set[str] = field(default_factory=set)
    """Rows looked up and still valid, or stored: the others are dropped when saving."""
    fresh: dict[str, Row] = field(default_factory=dict)
    """Rows to write back."""
    stats: dict[str, Stat | None] = field(default_factory=dict)
    """Each file's stat, taken once per load (thousands of articles may share one picture)."""
    shapes: dict[str, str] = field(default_factory=dict)
    """The link shape digest of each article looked up or stored, by file."""
    bodies: RowFile | None = None
    """The articles' bodies (None: kept in the records in memory, as ``check`` does)."""
    fresh_bodies: dict[str, Row] = field(default_factory=dict)
    """Bodies to write, by file."""
    written_bodies: set[str] = field(default_factory=set)
    """Files whose body was written by this load (kept when their record is not)."""

    def _stat(self, root: Path, rel: str) -> Stat | None:
        found = self.stats.get(rel, _UNSEEN)
        if found is _UNSEEN:
            found = self.stats[rel] = _stat(root, rel)
        return found

    @classmethod
    def unread(cls, folder: Path | None, timezone: str) -> LoadCache:
        """The cache of ``folder`` with no row read yet: what it stores is written by
        :meth:`save`, and every other row is kept."""
        rows = RowFile(folder / DATABASE, _KIND, _VERSION) if folder else None
        bodies = body_rows(folder) if folder else None
        return cls(rows, _settings(timezone), ZoneInfo(timezone), bodies=bodies)

    @classmethod
    def open(cls, folder: Path | None, timezone: str) -> LoadCache:
        """Read the cache's rows (a database that cannot be trusted reads as empty)."""
        cache = cls.unread(folder, timezone)
        rows, bodies = cache.rows, cache.bodies
        # a record is used only with its body at hand: without the bodies' database (deleted,
        # damaged), every article is loaded again and its body written
        if rows is not None and bodies is not None and bodies.usable():
            cache.stored = rows.read_as(partial(_decoded, _head(cache.settings), cache.zone))
            cache.keys = set(cache.stored)
        return cache

    def lookup(self, root: Path, rel: str) -> Article | Page | None:
        """The cached record of ``rel`` if none of its files changed since it was stored."""
        row = self.stored.pop(rel, None)
        if row is None:
            return None
        deps = decode(row[0].encode(), tuple[Stat, ...])
        if deps is None:
            return None
        for dep in deps:
            if self._stat(root, dep[0]) != dep:
                return None
        value = row[1]
        self.used.add(rel)
        if value.article is not None:
            self.shapes[rel] = value.shape
            return value.article
        return value.page

    def store(self, root: Path, rel: str, record: Article | Page, deps: list[str]) -> None:
        """Remember a freshly loaded record with the files it was made from.

        An article is kept without its body (see :mod:`sitegen.content.bodies`). A record that
        JSON cannot hold exactly (a non-finite number or a huge integer under ``extra``) is
        not kept: it is loaded again each time.
        """
        shape = article_shape(record) if isinstance(record, Article) else ""
        if shape:
            self.shapes[rel] = shape
        if isinstance(record, Article):
            self._keep_body(rel, record)
        stats = tuple(self._stat(root, dep) for dep in deps)
        if self.rows is None or any(s is None for s in stats) or not _exact(record.extra):
            return
        if isinstance(record, Article):
            value = Stored(replace(record, body=None), None, shape)
        else:
            value = Stored(None, record, shape)
        try:
            row = (encode((self.settings, stats)).decode(), encode(value))
        except (TypeError, ValueError, OverflowError, UnicodeError):
            return
        self.used.add(rel)
        self.fresh[rel] = row
        if len(self.fresh) >= FLUSH_BODIES:  # a cold build does not hold every row till the end
            self.rows.update(self.fresh, [])
            self.fresh = {}

    def _keep_body(self, rel: str, article: Article) -> None:
        """Queue the body of a freshly loaded article for the bodies' database."""
        if self.bodies is None or article.body is None:
            return
        self.fresh_bodies[rel] = (article.digest, encode(article.body))
        if len(self.fresh_bodies) >= FLUSH_BODIES:
            self._flush_bodies([])

    def _flush_bodies(self, drop: list[str]) -> None:
        if self.bodies is not None and (self.fresh_bodies or drop):
            self.bodies.update(self.fresh_bodies, drop)
            self.written_bodies.update(self.fresh_bodies)
            self.fresh_bodies = {}

    @property
    def keeps_bodies(self) -> bool:
        """Whether bodies are kept in the database (the records in memory may leave them out)."""
        return self.bodies is not None

    def save(self) -> None:
        """Write the rows that changed and drop those of files that are gone or changed."""
        if self.rows is None:
            return
        drop = sorted(self.keys - self.used)
        self._flush_bodies([rel for rel in drop if rel not in self.written_bodies])
        if self.fresh or drop:
            self.rows.update(self.fresh, drop)


class Records:
    """The records of the load cache read one at a time, by file, as they were stored (the edit
    path, :mod:`sitegen.engine.edits`, reads the few its pages show)."""

    def __init__(self, folder: Path, timezone: str) -> None:
        self._rows = RowReader(RowFile(folder / DATABASE, _KIND, _VERSION))
        self._head = _head(_settings(timezone))
        self._zone = ZoneInfo(timezone)

    def get(self, rel: str) -> Article | Page | None:
        """The record of ``rel`` (None: no intact row made under these settings)."""
        row = self._rows.get(rel)
        found = _decoded(self._head, self._zone, *row) if row is not None else None
        if found is None:
            return None
        return found[1].article or found[1].page


def _settings(timezone: str) -> str:
    """What every row is made under: sitegen's version and the settings that shape loading."""
    return f"{__version__}|{timezone}|{RENDERER_KEY}|{_LOADING_CODE}"


def _head(settings: str) -> str:
    """The start of every row's stamp made under ``settings``: ``'["<settings>",'``."""
    return encode((settings,))[:-1].decode() + ","


def _decoded(head: str, zone: ZoneInfo, stamp: str, value: bytes) -> tuple[str, Stored] | None:
    """A row as it is read: the JSON of its files' stats (without ``head``, the settings,
    which every row repeats) and its record, ready to use; None when it was made under other
    settings or does not decode. Done as the rows are read, not when each is looked up, so that
    their bytes are not all held at once."""
    if not (stamp.startswith(head) and stamp.endswith("]")):
        return None
    record = decode(value, Stored)
    if record is None:
        return None
    if record.article is not None:
        _shared(in_zone(record.article, zone))
    return (stamp[len(head) : -1], record)


def body_rows(folder: Path) -> RowFile:
    """The database of the articles' bodies in the load cache's ``folder``."""
    return RowFile(folder / BODIES_DATABASE, _BODIES_KIND, _BODIES_VERSION)


DATABASE = "rows.sqlite"
"""The database file inside the load cache's folder."""


def in_zone(article: Article, zone: ZoneInfo) -> Article:
    """``article`` (freshly decoded) with its dates in ``zone`` again: JSON keeps a date's wall
    time and UTC offset, and the record was made with the site's zone (names, DST rules)."""
    # set in place: the record was just decoded and nothing else holds it (a copy of a
    # 30-field dataclass per article would cost more than decoding it)
    set_field = object.__setattr__
    set_field(article, "date", _to_zone(article.date, zone))
    if article.updated is not None:
        set_field(article, "updated", _to_zone(article.updated, zone))
    if article.expires is not None:
        set_field(article, "expires", _to_zone(article.expires, zone))
    for name in ("corrections", "updates"):
        notices = getattr(article, name)
        if notices:
            moved = tuple(replace(n, date=_to_zone(n.date, zone)) for n in notices)
            set_field(article, name, moved)
    return article


def _shared(article: Article) -> Article:
    """``article`` (freshly decoded) holding its summary once when its HTML is the same text
    (a summary without markup): decoding makes two strings of it, 50 MiB at 100,000 articles."""
    if article.summary_html == article.summary:
        object.__setattr__(article, "summary_html", article.summary)  # see in_zone
    return article


def _to_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """The same wall time and offset in ``zone`` (fold chosen to match; a wall time the zone
    skips keeps fold 0, as when it was first read)."""
    for fold in (0, 1):
        candidate = value.replace(tzinfo=zone, fold=fold)
        if candidate.utcoffset() == value.utcoffset():
            return candidate
    return value.astimezone(zone)


def _exact(value: object) -> bool:
    """Whether JSON gives ``value`` back as it is (no NaN or infinity, integers within 64 bits)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    if isinstance(value, dict):
        return all(isinstance(k, str) and _exact(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_exact(v) for v in value)
    return value is None or isinstance(value, str)
