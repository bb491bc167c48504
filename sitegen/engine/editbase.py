"""The edit base: what the edit path (:mod:`sitegen.engine.edits`) compares an edit with.

Written by every successful build into an output folder, beside its up-to-date record: the
stat of every source file the build read (to tell which files changed since, without reading
any), the link memo's key and the plan memo's generation that hold for that build, and what the
edit path cannot read back from them without going through every article: the file of each
published article, the standalone pages' files, the articles' languages and the search
index's shards. Data only, like all state (:mod:`sitegen.state`): a base that does not decode
or belongs to another build is not used, and the build runs in full.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sitegen.digests import code_digest, digest
from sitegen.engine.stamp import SourceStats
from sitegen.graph.site import SiteGraph
from sitegen.state.files import discard, read_data, write_data
from sitegen.state.layout import edit_base
from sitegen.state.packed import PLACES, STATS, pack, unpack

_KIND = "edit-base"
_VERSION = 3


@dataclass(frozen=True)
class EditBase:
    """The last build as the edit path needs it."""

    record: str
    """The inputs of the up-to-date record written with this base (the pair is used together
    or not at all)."""
    made_under: str
    """Digest of sitegen's code and the build options (see :func:`made_under`)."""
    names: str
    """Digest of the source files' paths, in the order of the build's stats (see
    :func:`names_of`): the paths themselves are those of the stats of the next build, when it
    has the same files."""
    sizes: array[int]
    mtimes: array[int]
    """Each source file's size and modification time (ns), in that order."""
    shape_key: str
    """The key the link memo's structure is stored under."""
    generation: str
    """The plan memo's generation: the rows of who read each article."""
    articles: array[int]
    """The file of each published article, in the order of ``newest_first``, as its place in
    the stats."""
    pages: array[int]
    """The file of each standalone page, in the graph's order, as its place in the stats."""
    languages: list[str | None]
    """:attr:`SiteGraph.languages`."""
    corrected: bool
    """:attr:`SiteGraph.corrected`."""
    picked: array[int]
    """:attr:`SiteGraph.picked`, as places in ``newest_first``."""
    shards: dict[str, array[int]]
    """The search index's shards, their articles as places in ``newest_first``."""

    def changed(self, stats: SourceStats) -> Changed | None:
        """What differs in ``stats`` from this base; None when a file was added, removed or
        renamed."""
        if len(stats) != len(self.sizes) or names_of(stats) != self.names:
            return None
        entries = stats.values()
        sizes = array(STATS, [entry[1] for entry in entries])
        mtimes = array(STATS, [entry[2] for entry in entries])
        places = _differ(sizes, self.sizes) | _differ(mtimes, self.mtimes)
        return Changed(sorted(places), sizes, mtimes)


@dataclass(frozen=True)
class Changed:
    """The sources' stats against an edit base's."""

    places: list[int]
    """The places of the files whose size or modification time changed, in order."""
    sizes: array[int]
    mtimes: array[int]
    """Every file's size and modification time now."""


def _differ(now: array[int], then: array[int]) -> set[int]:
    """The places where ``now`` and ``then`` (of equal length) differ."""
    if now == then:  # compared in C: the common case for the sizes
        return set()
    return {i for i, (a, b) in enumerate(zip(now, then, strict=True)) if a != b}


@dataclass(frozen=True)
class _Stored:
    """An :class:`EditBase` as its file holds it: its integers packed (see
    :mod:`sitegen.state.packed`)."""

    record: str
    made_under: str
    names: str
    sizes: bytes
    mtimes: bytes
    shape_key: str
    generation: str
    articles: bytes
    pages: bytes
    languages: list[str | None]
    corrected: bool
    picked: bytes
    shards: dict[str, bytes]


_PACKED = {"sizes": STATS, "mtimes": STATS, "articles": PLACES, "pages": PLACES, "picked": PLACES}


def _write(root: Path, out: Path, base: EditBase) -> None:
    packed = {name: pack(getattr(base, name), code) for name, code in _PACKED.items()}
    shards = {name: pack(places, PLACES) for name, places in base.shards.items()}
    stored = _Stored(**{**_fields_of(base), **packed, "shards": shards})
    write_data(edit_base(root, out), _KIND, _VERSION, stored)


def _fields_of(value: EditBase | _Stored) -> dict[str, Any]:
    """The fields of ``value``, not copied (``asdict`` would copy every array)."""
    return {f.name: getattr(value, f.name) for f in fields(value)}


def names_of(stats: SourceStats) -> str:
    """Digest of the paths of ``stats``, in order (a file name need not be UTF-8)."""
    joined = "\0".join(stats).encode("utf-8", "surrogateescape")
    return hashlib.sha256(joined).hexdigest()


def made_under(options: list[object]) -> str:
    """What a base must have been made under to be used: this sitegen and these options."""
    return digest(code_digest(), options)


def write_base(
    root: Path,
    out: Path,
    made: tuple[str, list[object]],
    stats: SourceStats,
    graph: SiteGraph,
    generation: str,
) -> None:
    """Keep the base of the build into ``out`` that just made ``graph`` from sources of
    ``stats``; ``made``: the inputs of its up-to-date record and the build options."""
    record, options = made
    place = {path: index for index, path in enumerate(stats)}
    articles = [place.get(graph.articles[slug].file, -1) for slug in graph.newest_first]
    pages = [place.get(page.file, -1) for page in graph.pages]
    if -1 in articles or -1 in pages:  # a file not stated as a source: no base
        forget_base(root, out)
        return
    order = {slug: index for index, slug in enumerate(graph.newest_first)}
    # the shards go through every article: worked out only when the search stage did
    shards = graph.shards if graph.config.search else {}
    entries = stats.values()
    base = EditBase(
        record,
        made_under(options),
        names_of(stats),
        array(STATS, [entry[1] for entry in entries]),
        array(STATS, [entry[2] for entry in entries]),
        graph.shape_key,
        generation,
        array(PLACES, articles),
        array(PLACES, pages),
        list(graph.languages),
        graph.corrected,
        array(PLACES, [order[slug] for slug in graph.picked]),
        {name: array(PLACES, [order[slug] for slug in slugs]) for name, slugs in shards.items()},
    )
    _write(root, out, base)


def rebase(root: Path, out: Path, base: EditBase, record: str, changed: Changed) -> None:
    """Keep ``base`` for the build into ``out`` that changed only files' contents: the same
    files, their stats as ``changed`` found them (``record``: the inputs of its up-to-date
    record)."""
    kept = replace(base, record=record, sizes=changed.sizes, mtimes=changed.mtimes)
    _write(root, out, kept)


def read_base(root: Path, out: Path) -> EditBase | None:
    """The base of the last build into ``out`` (None: none that can be used)."""
    stored = read_data(edit_base(root, out), _KIND, _VERSION, _Stored)
    if stored is None:
        return None
    unpacked = {name: unpack(getattr(stored, name), code) for name, code in _PACKED.items()}
    shards = {name: unpack(places, PLACES) for name, places in stored.shards.items()}
    base = EditBase(**{**_fields_of(stored), **unpacked, "shards": shards})
    count, articles = len(base.sizes), len(base.articles)
    in_stats = [base.articles, base.pages]
    in_order = [base.picked, *base.shards.values()]
    if len(base.mtimes) != count or not _within(in_stats, count) or not _within(in_order, articles):
        return None
    return base


def _within(lists: list[array[int]], count: int) -> bool:
    """Whether every place in ``lists`` is at least 0 and below ``count``."""
    filled = [one for one in lists if one]
    return not filled or (min(map(min, filled)) >= 0 and max(map(max, filled)) < count)


def forget_base(root: Path, out: Path) -> None:
    """Drop the base (a build that cannot leave one)."""
    discard(edit_base(root, out))
