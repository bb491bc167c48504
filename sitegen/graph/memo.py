"""The link stage's derived structure, kept from one build to the next while the shape holds.

Ordering, Previous/Next, Related Posts, listings and URLs read only each published article's
slug, date, section, tags, authors, pins and ``featured`` flag (and the config). Editing a body
or a headline changes none of these, so the last result is reused whenever a digest of exactly
those fields is the same; everything else about an article is taken fresh from this build.

The structure is stored with every article named by its place in ``newest_first``: a slug
appears in about a dozen lists (home, section, tags, author, archives, neighbours, Related
Posts), and decoding each as its own string made a 92 MB file and 200 MiB of strings at
100,000 articles. Read back, every list holds the one string of ``newest_first``.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, overload

from sitegen.config import SiteConfig, settings_text
from sitegen.content.models import Article, article_shape
from sitegen.digests import code_digest, digest
from sitegen.graph.structure import Listing, Structure
from sitegen.state.files import read_data, write_data
from sitegen.state.packed import PLACES, pack, unpack

_KIND = "link-memo"
_VERSION = 4

_NONE = -1
"""The place of a missing article (no previous or next one, no lead story)."""


def shape_digest(
    visible: Sequence[Article], config: SiteConfig, shapes: Mapping[str, str] | None = None
) -> str:
    """Digest of everything linking reads: the config and each published article's shape.

    ``shapes`` holds :func:`article_shape` of articles by file, as loading found them.
    """
    known = shapes or {}
    shape = [known.get(a.file) or article_shape(a) for a in visible]
    # sitegen's own code is part of the key: an upgrade may link differently
    return digest(code_digest(), settings_text(config), shape)


def cached(file: Path | None, key: str, compute: Callable[[], Structure]) -> Structure:
    """``compute()``, or the structure stored under the same ``key`` by the last call (data
    only, see :mod:`sitegen.state`)."""
    if file is None:
        return compute()
    found = stored_structure(file, key)
    if found is not None:
        return found
    result = compute()
    write_data(file, _KIND, _VERSION, (key, _pack(result)))
    return result


def stored_structure(file: Path, key: str) -> Structure | None:
    """The structure ``file`` holds when it was stored under ``key`` (else None)."""
    stored = read_data(file, _KIND, _VERSION, tuple[str, _Packed])
    if stored is None or stored[0] != key:
        return None
    return _unpack(stored[1])


class _PackedListing(NamedTuple):
    kind: str
    key: str
    title: str
    path: str
    places: bytes
    description: str
    language: str


class _Packed(NamedTuple):
    """A :class:`Structure` with each article named by its place in ``newest_first``; each
    mapping keyed by articles as its keys' places and its values, in its own order. Places are
    packed (:func:`_packed`): as JSON numbers, the 1,150,000 places of 100,000 articles' listings
    decoded into as many integer objects (40 MiB) only to be looked up once."""

    newest_first: list[str]
    paths: tuple[bytes, list[str]]
    nav: tuple[bytes, bytes, bytes]
    related: tuple[bytes, bytes, bytes]
    """The keys' places, where each key's list starts, and all the lists' places one after
    the other."""
    home: _PackedListing
    sections: list[_PackedListing]
    tags: list[_PackedListing]
    authors: list[_PackedListing]
    years: list[_PackedListing]
    months: list[_PackedListing]
    lead: int
    lead_index: int
    tag_slugs: dict[str, str]
    author_slugs: dict[str, str]
    translations: tuple[bytes, bytes, bytes]
    """As ``related``."""
    fronts: list[_PackedListing]
    front_leads: dict[str, tuple[int, int]]


def _packed(places: Iterable[int]) -> bytes:
    return pack(places, PLACES)


def _places(data: bytes) -> array[int]:
    return unpack(data, PLACES)


def _flat(lists: Iterable[Sequence[int]]) -> tuple[bytes, bytes]:
    """Where each list starts, and the lists' places one after the other."""
    starts: list[int] = []
    flat: list[int] = []
    for one in lists:
        starts.append(len(flat))
        flat += one
    return _packed(starts), _packed(flat)


def _pack(s: Structure) -> _Packed:
    place = {slug: i for i, slug in enumerate(s.newest_first)}.__getitem__

    def places(slugs: Iterable[str]) -> bytes:
        return _packed(map(place, slugs))

    def listing(found: Listing) -> _PackedListing:
        return _PackedListing(
            found.kind,
            found.key,
            found.title,
            found.path,
            places(found.slugs),
            found.description,
            found.language,
        )

    def lists(found: Sequence[Listing]) -> list[_PackedListing]:
        return [listing(one) for one in found]

    def at(slug: str | None) -> int:
        return _NONE if slug is None else place(slug)

    def flat(found: Mapping[str, tuple[str, ...]]) -> tuple[bytes, bytes, bytes]:
        return (places(found), *_flat([place(s) for s in v] for v in found.values()))

    return _Packed(
        list(s.newest_first),
        (places(s.paths), list(s.paths.values())),
        (
            places(s.nav),
            _packed(at(p) for p, _ in s.nav.values()),
            _packed(at(n) for _, n in s.nav.values()),
        ),
        flat(s.related),
        listing(s.home),
        lists(s.sections),
        lists(s.tags),
        lists(s.authors),
        lists(s.years),
        lists(s.months),
        at(s.lead),
        s.lead_index,
        dict(s.tag_slugs),
        dict(s.author_slugs),
        flat(s.translations),
        lists(s.fronts),
        {code: (at(lead), index) for code, (lead, index) in s.front_leads.items()},
    )


def _unpack(p: _Packed) -> Structure | None:
    """The structure ``p`` stands for; None when a place is out of range or the lists do not
    line up (a damaged file)."""
    newest = tuple(p.newest_first)
    count = len(newest)
    listed = (p.home, *p.sections, *p.tags, *p.authors, *p.years, *p.months, *p.fronts)
    listings = [_places(one.places) for one in listed]
    path_keys, nav, related, translations = (
        _places(p.paths[0]),
        [_places(part) for part in p.nav],
        [_places(part) for part in p.related],
        [_places(part) for part in p.translations],
    )
    required = [path_keys, nav[0], related[0], translations[0], *listings]
    required += [related[2], translations[2]]
    optional = [nav[1], nav[2], [p.lead], [lead for lead, _ in p.front_leads.values()]]
    lined_up = len(path_keys) == len(p.paths[1]) and len(nav[0]) == len(nav[1]) == len(nav[2])
    lined_up = lined_up and all(_starts(*lists) for lists in (related, translations))
    if not (lined_up and _within(required, 0, count) and _within(optional, _NONE, count)):
        return None
    # -1 (no article) reads as None. Comprehensions over a tuple: with 1,150,000 places in the
    # listings at 100,000 articles, three times faster than ``map(table.__getitem__, ...)``.
    table: tuple[str | None, ...] = (*newest, None)

    def listing(found: _PackedListing, places: array[int]) -> Listing:
        kind, key, title, path, _, description, language = found
        return Listing(kind, key, title, path, _Slugs(places, table), description, language)

    made = iter([listing(one, places) for one, places in zip(listed, listings, strict=True)])

    def lists(found: list[_PackedListing]) -> tuple[Listing, ...]:
        return tuple([next(made) for _ in found])

    home = next(made)
    return Structure(
        newest_first=newest,
        paths={table[k]: v for k, v in zip(path_keys, p.paths[1], strict=True)},  # type: ignore[misc]
        nav={table[k]: (table[b], table[a]) for k, b, a in zip(*nav, strict=True)},
        related=_Lists(related[0], related[1], related[2], table),
        home=home,
        sections=lists(p.sections),
        tags=lists(p.tags),
        authors=lists(p.authors),
        years=lists(p.years),
        months=lists(p.months),
        lead=table[p.lead],
        lead_index=p.lead_index,
        tag_slugs=p.tag_slugs,
        author_slugs=p.author_slugs,
        translations=_Lists(translations[0], translations[1], translations[2], table),
        fronts=lists(p.fronts),
        front_leads={code: (table[lead], i) for code, (lead, i) in p.front_leads.items()},
    )


class _Slugs(Sequence[str]):
    """A listing's slugs, each looked up in ``newest_first`` as it is read: the 500 listings of
    100,000 articles name 1,150,000 places, and a build reads the few pages it renders (made
    into tuples at once, they took 0.15 s on every rebuild). Equal to the tuple of its slugs."""

    __slots__ = ("_places", "_table")

    def __init__(self, places: array[int], table: tuple[str | None, ...]) -> None:
        self._places = places
        self._table = table

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        table = self._table
        if isinstance(index, slice):
            return tuple([table[i] for i in self._places[index]])  # type: ignore[misc]
        return table[self._places[index]]  # type: ignore[return-value]

    def __iter__(self) -> Iterator[str]:
        return iter(self[:])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def _starts(keys: array[int], starts: array[int], flat: array[int]) -> bool:
    """Whether there is a start per key, in order, each within ``flat``."""
    ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
    return (
        len(starts) == len(keys)
        and ordered
        and (not starts or 0 <= starts[0] and starts[-1] <= len(flat))
    )


class _Lists(Mapping[str, tuple[str, ...]]):
    """Article slug -> slugs, each tuple made when it is looked up: Related Posts of 100,000
    articles are read back in a few milliseconds, and a build looks up those of the pages it
    renders."""

    def __init__(
        self,
        keys: array[int],
        starts: array[int],
        flat: array[int],
        table: tuple[str | None, ...],
    ) -> None:
        self._at = {table[k]: i for i, k in enumerate(keys)}
        self._starts = starts
        self._flat = flat
        self._table = table

    def __getitem__(self, key: str) -> tuple[str, ...]:
        index = self._at[key]
        starts, table = self._starts, self._table
        end = starts[index + 1] if index + 1 < len(starts) else len(self._flat)
        return tuple([table[i] for i in self._flat[starts[index] : end]])  # type: ignore[misc]

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._at)


def _within(lists: Sequence[Sequence[int]], low: int, count: int) -> bool:
    filled = list(filter(None, lists))
    return not filled or (min(map(min, filled)) >= low and max(map(max, filled)) < count)
