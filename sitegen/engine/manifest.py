"""The build manifest: for each output file, the key of the job that made it and its bytes' digest.

It lives in ``.sitegen/`` (one per output folder, so the preview server's folder has its own) and
is what lets the next build render only the jobs whose inputs changed. It is also the record of
which files in the output folder are sitegen's: a build removes only files the manifest lists
(``--clean`` still reads it for that). A missing, corrupt or foreign manifest is ignored: the
build is then a full one, which leaves files it cannot prove are its own in place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, MutableMapping
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import msgspec

from sitegen.gcpause import paused_gc
from sitegen.state.files import decode, discard, read_data, write_data
from sitegen.state.layout import manifest_file, output_key

__all__ = ["Entry", "Manifest", "forget_manifest", "manifest_file", "output_key", "read_manifest"]
__all__ += ["Entries", "Listing", "Overlay", "overlay_of", "read_listing", "write_manifest"]

_KIND = "build-manifest"
_VERSION = 5


class Entry(NamedTuple):
    """One output file as the last build left it.

    A named tuple: tens of thousands are read and written on every rebuild; the file holds each
    as a JSON array.
    """

    key: str
    """The key of the job that produced it (see :mod:`sitegen.engine.incremental`)."""
    size: int
    mtime_ns: int
    """Size and modification time right after writing: a changed file is noticed by ``stat``."""
    digest: str
    """SHA-256 of the file's bytes."""


Manifest = dict[str, Entry]
"""Output path (POSIX, relative to the output folder) -> entry."""
Entries = MutableMapping[str, Entry]
"""A manifest as a build reads and changes it: a :data:`Manifest`, or an :class:`Overlay`."""


class _Columns(msgspec.Struct, array_like=True):
    """The file's layout: one list per field, so that what a no-op build compares (paths, sizes,
    modification times) is read without the keys and digests (see :class:`Listing`)."""

    out: str
    paths: list[str]
    sizes: list[int]
    mtimes: list[int]
    keys: list[str]
    digests: list[str]


class Listing(msgspec.Struct, array_like=True):
    """The files of a manifest with their sizes and modification times, in the manifest's order.

    The same file as :class:`_Columns`, with the keys and digests skipped, not decoded: at
    100,000 articles a no-op build reads this in 0.03 s where the whole manifest takes 0.17 s.
    """

    out: str
    paths: list[str]
    sizes: list[int]
    mtimes: list[int]
    keys: msgspec.Raw
    digests: msgspec.Raw


def read_manifest(root: Path, out: Path) -> Manifest:
    """The last build's manifest for ``out``; empty when there is none or it cannot be trusted."""
    data = read_data(manifest_file(root, out), _KIND, _VERSION, _Columns)
    if data is None or data.out != str(out.resolve()) or not _aligned(data):
        return {}
    with paused_gc():  # 185,000 entries at 100,000 articles, all kept
        entries = map(Entry, data.keys, data.sizes, data.mtimes, data.digests)
        return dict(zip(data.paths, entries, strict=True))


class Overlay(MutableMapping[str, Entry]):
    """The last build's manifest as its columns, with the entries of some of its outputs
    replaced; nothing can be added or removed.

    For the edit path (:mod:`sitegen.engine.edits`), which renders a dozen of 185,000 outputs at
    100,000 articles: making every entry an object, and sorting them again to write them, cost
    0.5 s and 100 MiB. The file's paths are sorted (every manifest is written so), so an output
    is found by bisection.
    """

    def __init__(self, columns: _Columns) -> None:
        self._columns = columns
        self.replaced: dict[str, Entry] = {}

    def _at(self, path: str) -> int | None:
        paths = self._columns.paths
        index = bisect_left(paths, path)
        return index if index < len(paths) and paths[index] == path else None

    def __getitem__(self, path: str) -> Entry:
        found = self.replaced.get(path)
        if found is not None:
            return found
        index = self._at(path)
        if index is None:
            raise KeyError(path)
        c = self._columns
        return Entry(c.keys[index], c.sizes[index], c.mtimes[index], c.digests[index])

    def __setitem__(self, path: str, entry: Entry) -> None:
        if self._at(path) is None:
            raise KeyError(f"{path}: not an output of the last build")
        self.replaced[path] = entry

    def __delitem__(self, path: str) -> None:
        raise TypeError("an overlay keeps every output of the last build")

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and (path in self.replaced or self._at(path) is not None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns.paths)

    def __len__(self) -> int:
        return len(self._columns.paths)

    def copy(self) -> Overlay:
        """Another overlay of the same columns with the same entries replaced."""
        other = Overlay(self._columns)
        other.replaced = dict(self.replaced)
        return other

    def columns(self) -> _Columns:
        """The manifest with the replaced entries, as the file holds it."""
        c = self._columns
        paths, sizes, mtimes, keys, digests = (
            c.paths,
            [*c.sizes],
            [*c.mtimes],
            [*c.keys],
            [*c.digests],
        )
        for path, entry in self.replaced.items():
            index = self._at(path)
            assert index is not None  # checked when it was replaced
            keys[index], sizes[index], mtimes[index], digests[index] = entry
        return _Columns(c.out, paths, sizes, mtimes, keys, digests)


def overlay_of(listing: Listing) -> Overlay | None:
    """The manifest ``listing`` was read from (see :func:`read_listing`) as an
    :class:`Overlay`; None when its paths are not in order."""
    keys = decode(listing.keys, list[str])
    digests = decode(listing.digests, list[str])
    if keys is None or digests is None:
        return None
    data = _Columns(listing.out, listing.paths, listing.sizes, listing.mtimes, keys, digests)
    if not _aligned(data):
        return None
    paths = data.paths
    if any(a >= b for a, b in zip(paths, islice(paths, 1, None), strict=False)):
        return None
    return Overlay(data)


def read_listing(root: Path, out: Path) -> Listing | None:
    """The last build's files for ``out`` (see :class:`Listing`); None when there is no manifest
    that can be trusted."""
    data = read_data(manifest_file(root, out), _KIND, _VERSION, Listing)
    if data is None or data.out != str(out.resolve()) or not _aligned(data):
        return None
    return data


def _aligned(data: _Columns | Listing) -> bool:
    """Whether every column has one value per path (a damaged or crafted file may not)."""
    count = len(data.paths)
    columns: list[list[int] | list[str]] = [data.sizes, data.mtimes]
    if isinstance(data, _Columns):
        columns += [data.keys, data.digests]
    return all(len(column) == count for column in columns)


def write_manifest(
    root: Path, out: Path, manifest: Mapping[str, Entry], pending: bool = False
) -> None:
    """Record the manifest of a successful build (``pending``: of a publish about to start,
    flushed to the disk, since the publish journal relies on it)."""
    if isinstance(manifest, Overlay):
        data = manifest.columns()
        write_data(manifest_file(root, out, pending), _KIND, _VERSION, data, durable=pending)
        return
    entries = manifest.values()
    data = _Columns(
        str(out.resolve()),
        list(manifest),
        [entry.size for entry in entries],
        [entry.mtime_ns for entry in entries],
        [entry.key for entry in entries],
        [entry.digest for entry in entries],
    )
    write_data(manifest_file(root, out, pending), _KIND, _VERSION, data, durable=pending)


def forget_manifest(root: Path, out: Path) -> None:
    """Drop the manifest (``--clean``)."""
    discard(manifest_file(root, out))
