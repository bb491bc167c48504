"""Keyed rows in a SQLite database of ``.sitegen/``: read all at once or one by key, updated
row by row.

For state with one entry per source file (the load cache): an edit rewrites the rows it changed,
not a file holding every entry. Each row carries a stamp (what the entry was made under, e.g.
the file's stats) and a value (JSON bytes, decoded by the caller into a named type, see
:func:`sitegen.state.files.decode`) with its CRC-32, so a damaged row reads as missing.

SQLite from the standard library: indexed keys, transactions (a build killed while saving
leaves the last complete set of rows) and no server. The database is data only; a file that is
not a database of this kind and version (garbage, truncated, another sitegen's) is removed and
the rows are made again.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sitegen.state.files import discard, make_folder

Row = tuple[str, bytes]
"""A row's stamp and value."""

T = TypeVar("T")

_BATCH = 1024
"""Rows fetched at once by :meth:`RowFile.read_as`."""


def _as_row(stamp: str, value: bytes) -> Row:
    return (stamp, value)


class RowFile:
    """The rows of one kind of state, kept in the database file ``path``.

    Nothing is read or written until :meth:`read` or :meth:`update` is called.
    """

    def __init__(self, path: Path, kind: str, version: int) -> None:
        self.path = path
        self.kind = kind
        self.version = version

    def read(self) -> dict[str, Row]:
        """Every intact row, by key; empty when the file is missing or cannot be trusted."""
        return self.read_as(_as_row)

    def read_as(self, convert: Callable[[str, bytes], T]) -> dict[str, T]:
        """Every intact row, by key, as ``convert(stamp, value)``; empty when the file is
        missing or cannot be trusted. The rows are fetched and converted a batch at a time, so
        their bytes are not all held at once (reading the load cache of 100,000 articles whole
        grew the process by 261 MiB before a row was decoded)."""
        if not self.path.is_file():
            return {}
        found: dict[str, T] = {}
        try:
            with _connect(self.path) as db:
                if not self._current(db):
                    return {}
                cursor = db.execute("SELECT key, stamp, value, crc FROM rows")
                while batch := cursor.fetchmany(_BATCH):
                    for key, stamp, value, crc in batch:
                        if _intact(value, crc):
                            found[key] = convert(stamp, value)
        except sqlite3.Error:
            return {}
        return found

    def read_keys(self, keys: Iterable[str]) -> dict[str, Row]:
        """The intact rows of ``keys`` (those there are), in one read-only transaction."""
        if not self.path.is_file():
            return {}
        found: list[tuple[str, str, bytes, int]] = []
        try:
            with _connect(self.path) as db:
                if not self._current(db):
                    return {}
                for key in dict.fromkeys(keys):
                    found += db.execute(
                        "SELECT key, stamp, value, crc FROM rows WHERE key = ?", (key,)
                    ).fetchall()
        except sqlite3.Error:
            return {}
        return {key: (stamp, value) for key, stamp, value, crc in found if _intact(value, crc)}

    def usable(self) -> bool:
        """Whether the file is a database of this kind and version (its rows may be read)."""
        if not self.path.is_file():
            return False
        try:
            with _connect(self.path) as db:
                return self._current(db)
        except sqlite3.Error:
            return False

    def update(self, put: Mapping[str, Row], drop: Iterable[str], replace: bool = False) -> None:
        """Write the rows ``put`` and remove the keys ``drop``, in one transaction (``replace``:
        remove every other row too). A file that is not a database of this kind is made anew."""
        make_folder(self.path.parent)
        for attempt in (1, 2):
            try:
                self._update(put, drop, replace)
                return
            except sqlite3.Error:
                if attempt == 2:
                    raise
                discard(self.path)
                for suffix in ("-journal", "-wal", "-shm"):
                    discard(self.path.with_name(self.path.name + suffix))

    def _update(self, put: Mapping[str, Row], drop: Iterable[str], replace: bool) -> None:
        with _connect(self.path) as db:
            if not self._current(db):
                db.executescript(
                    "DROP TABLE IF EXISTS meta; DROP TABLE IF EXISTS rows;"
                    "CREATE TABLE meta (kind TEXT NOT NULL, version INTEGER NOT NULL);"
                    "CREATE TABLE rows (key TEXT PRIMARY KEY, stamp TEXT NOT NULL,"
                    " value BLOB NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID;"
                )
                db.execute("INSERT INTO meta VALUES (?, ?)", (self.kind, self.version))
            if replace:
                db.execute("DELETE FROM rows")
            else:
                db.executemany("DELETE FROM rows WHERE key = ?", ((key,) for key in drop))
            db.executemany(
                "INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?)",
                ((key, stamp, value, zlib.crc32(value)) for key, (stamp, value) in put.items()),
            )

    def _current(self, db: sqlite3.Connection) -> bool:
        """Whether the database holds rows of this kind and version."""
        try:
            found = db.execute("SELECT kind, version FROM meta").fetchall()
        except sqlite3.Error:
            return False
        return found == [(self.kind, self.version)]


class RowReader:
    """Reads the rows of a :class:`RowFile` one at a time, by key, never all of them.

    One read-only connection per process, opened at the first read: render workers are forked,
    and a connection must not be used on both sides of a fork (a child opens its own and leaves
    the one it inherited alone). Thread-safe: the preview server reads while it rebuilds.
    """

    def __init__(self, rows: RowFile) -> None:
        self._rows = rows
        self._lock = threading.Lock()
        self._db: tuple[int, sqlite3.Connection | None] | None = None
        self._inherited: list[sqlite3.Connection | None] = []
        """Connections of the parent process, kept unused (closing them here is not safe)."""

    def get(self, key: str) -> Row | None:
        """The intact row of ``key``, or None (missing, damaged, or no usable database)."""
        with self._lock:
            db = self._connection()
            if db is None:
                return None
            try:
                found = db.execute(
                    "SELECT stamp, value, crc FROM rows WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error:
                return None
        if found is None or not isinstance(found[0], str) or not _intact(found[1], found[2]):
            return None
        return found[0], found[1]

    def _connection(self) -> sqlite3.Connection | None:
        pid = os.getpid()
        if self._db is None or self._db[0] != pid:
            if self._db is not None:
                self._inherited.append(self._db[1])
            self._db = (pid, self._open())
        return self._db[1]

    def _open(self) -> sqlite3.Connection | None:
        if not self._rows.path.is_file():
            return None
        uri = self._rows.path.resolve().as_uri() + "?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            if self._rows._current(db):
                return db
            db.close()
        except sqlite3.Error:
            pass
        return None


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to ``path`` for one transaction (committed when the block ends without an
    exception), closed after it."""
    db = sqlite3.connect(path)
    try:
        with db:
            yield db
    finally:
        db.close()


def _intact(value: object, crc: object) -> bool:
    return isinstance(value, bytes) and zlib.crc32(value) == crc
