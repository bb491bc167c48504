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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from sitegen.config import SiteConfig, settings_text
from sitegen.content.models import Article, article_shape
from sitegen.digests import code_digest, digest
from sitegen.graph.structure import Listing, Structure
from sitegen.state.files import read_data, write_data

_KIND = "link-memo"
_VERSION = 3

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
    stored = read_data(file, _KIND, _VERSION, tuple[str, _Packed])
    if stored is not None and stored[0] == key:
        found = _unpack(stored[1])
        if found is not None:
            return found
    result = compute()
    write_data(file, _KIND, _VERSION, (key, _pack(result)))
    return result


class _PackedListing(NamedTuple):
    kind: str
    key: str
    title: str
    path: str
    places: list[int]
    description: str
    language: str


class _Packed(NamedTuple):
    """A :class:`Structure` with each article named by its place in ``newest_first``; each
    mapping keyed by articles as its keys' places and its values, in its own order."""

    newest_first: list[str]
    paths: tuple[list[int], list[str]]
    nav: tuple[list[int], list[int], list[int]]
    related: tuple[list[int], list[list[int]]]
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
    translations: tuple[list[int], list[list[int]]]
    fronts: list[_PackedListing]
    front_leads: dict[str, tuple[int, int]]


def _pack(s: Structure) -> _Packed:
    place = {slug: i for i, slug in enumerate(s.newest_first)}.__getitem__

    def places(slugs: Iterable[str]) -> list[int]:
        return list(map(place, slugs))

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

    return _Packed(
        list(s.newest_first),
        (places(s.paths), list(s.paths.values())),
        (places(s.nav), [at(p) for p, _ in s.nav.values()], [at(n) for _, n in s.nav.values()]),
        (places(s.related), [places(v) for v in s.related.values()]),
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
        (places(s.translations), [places(v) for v in s.translations.values()]),
        lists(s.fronts),
        {code: (at(lead), index) for code, (lead, index) in s.front_leads.items()},
    )


def _unpack(p: _Packed) -> Structure | None:
    """The structure ``p`` stands for; None when a place is out of range (a damaged file)."""
    newest = tuple(p.newest_first)
    if not _in_range(p, len(newest)):
        return None
    # -1 (no article) reads as None. Comprehensions over a tuple: with 1,150,000 places in the
    # listings at 100,000 articles, three times faster than ``map(table.__getitem__, ...)``.
    table: tuple[str | None, ...] = (*newest, None)

    def listing(found: _PackedListing) -> Listing:
        kind, key, title, path, places, description, language = found
        slugs = tuple([table[i] for i in places])
        return Listing(kind, key, title, path, slugs, description, language)  # type: ignore[arg-type]

    def lists(found: list[_PackedListing]) -> tuple[Listing, ...]:
        return tuple([listing(one) for one in found])

    nav_keys, before, after = p.nav
    pairs = (p.paths, p.related, p.translations)
    if any(len(k) != len(v) for k, v in pairs) or not len(nav_keys) == len(before) == len(after):
        return None
    return Structure(
        newest_first=newest,
        paths={table[k]: v for k, v in zip(*p.paths, strict=True)},  # type: ignore[misc]
        nav={table[k]: (table[b], table[a]) for k, b, a in zip(*p.nav, strict=True)},  # type: ignore[misc]
        related=_Lists(*p.related, table),
        home=listing(p.home),
        sections=lists(p.sections),
        tags=lists(p.tags),
        authors=lists(p.authors),
        years=lists(p.years),
        months=lists(p.months),
        lead=table[p.lead],
        lead_index=p.lead_index,
        tag_slugs=p.tag_slugs,
        author_slugs=p.author_slugs,
        translations=_Lists(*p.translations, table),
        fronts=lists(p.fronts),
        front_leads={code: (table[lead], i) for code, (lead, i) in p.front_leads.items()},
    )


class _Lists(Mapping[str, tuple[str, ...]]):
    """Article slug -> slugs, each tuple made when it is looked up: Related Posts of 100,000
    articles are read back in a few milliseconds, and a build looks up those of the pages it
    renders."""

    def __init__(
        self, keys: list[int], lists: list[list[int]], table: tuple[str | None, ...]
    ) -> None:
        self._at = {table[k]: i for i, k in enumerate(keys)}
        self._lists = lists
        self._table = table

    def __getitem__(self, key: str) -> tuple[str, ...]:
        table = self._table
        return tuple([table[i] for i in self._lists[self._at[key]]])  # type: ignore[misc]

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._at)


def _in_range(p: _Packed, count: int) -> bool:
    """Whether every place in ``p`` names an article or, where one may be missing, is -1."""
    listings = (p.home, *p.sections, *p.tags, *p.authors, *p.years, *p.months, *p.fronts)
    required = [
        p.paths[0],
        p.nav[0],
        p.related[0],
        *p.related[1],
        p.translations[0],
        *p.translations[1],
        *(one.places for one in listings),
    ]
    optional = [p.nav[1], p.nav[2], [p.lead], [lead for lead, _ in p.front_leads.values()]]
    return _within(required, 0, count) and _within(optional, _NONE, count)


def _within(lists: list[list[int]], low: int, count: int) -> bool:
    filled = list(filter(None, lists))
    return not filled or (min(map(min, filled)) >= low and max(map(max, filled)) < count)
