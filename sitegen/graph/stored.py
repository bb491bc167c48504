"""A SiteGraph read back from the last build's state for the edit path
(:mod:`sitegen.engine.edits`): its structure from the link memo, its articles decoded one at a
time, when a page asks for one.

An edit that changes no article's shape leaves the structure as it was; the pages it reaches
show a few dozen articles, and decoding all of them (1.7 s at 100,000 articles) is what the
edit path exists to avoid. What a graph otherwise works out by going through every article
(the articles' languages, the search shards) is given, as the last build worked it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from sitegen.content.models import Article
from sitegen.graph.site import SiteGraph


class StoredArticles(Mapping[str, Article]):
    """The published articles, in the order a linked graph holds them (oldest first), each
    decoded by ``fetch(file)`` the first time it is looked up; ``fresh``: those already at
    hand (the edited ones)."""

    def __init__(
        self,
        newest_first: tuple[str, ...],
        files: Mapping[str, str],
        fetch: Callable[[str], Article],
        fresh: Mapping[str, Article],
    ) -> None:
        self._order = newest_first
        self._files = files
        self._fetch = fetch
        self._found = dict(fresh)

    def __getitem__(self, slug: str) -> Article:
        found = self._found.get(slug)
        if found is None:
            found = self._found[slug] = self._fetch(self._files[slug])
        return found

    def __contains__(self, slug: object) -> bool:
        return slug in self._files

    def __iter__(self) -> Iterator[str]:
        return reversed(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass(frozen=True)
class StoredGraph(SiteGraph):
    """A :class:`SiteGraph` given what its articles are otherwise all read for: their
    languages, whether one has a correction, the picks and the search shards."""

    given_languages: tuple[str | None, ...] = ()
    given_corrected: bool = False
    given_picked: tuple[str, ...] = ()
    given_shards: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def languages(self) -> tuple[str | None, ...]:
        return self.given_languages

    @property
    def picked(self) -> tuple[str, ...]:
        return self.given_picked

    @property
    def corrected(self) -> bool:
        return self.given_corrected

    @property
    def shards(self) -> dict[str, tuple[str, ...]]:
        return dict(self.given_shards)
