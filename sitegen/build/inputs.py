"""What each page's view reads from the site, as one short digest per page.

A page is re-rendered when its key changes (:mod:`sitegen.build.incremental`), and the key holds
this digest instead of the view data itself: hashing every page's view data on each rebuild of
a large archive costs seconds, while these digests are built from two per-article digests:

- ``full``: everything the article's own page shows of it (its source file's digest covers the
  body and front matter; the resolved lead image, URL and whether it is still in the future are
  added because they come from outside the file);
- ``card``: what other pages show of it (listing cards, Related Posts, Previous/Next links).

Everything shared by all pages (the site view, the config fields page views read, the publisher
logo) goes into ``common``. A view function that starts reading something new must add it here,
which the incremental-equals-clean tests check for every kind of change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sitegen.content.models import Article
from sitegen.graph.site import SiteGraph

CONFIG_NOT_IN_PAGES = frozenset({"deploy", "output_dir"})
"""Config fields no page view reads: changing them re-renders no page."""


def digest(*parts: object) -> str:
    """A short digest of ``repr`` of plain values (str, int, datetime, tuples of them...).

    ``repr`` is faithful for these types (different values never print alike) and stable from
    one process to the next, unlike ``hash``.
    """
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Inputs:
    """Per-article digests of one build, computed once and shared by every page that needs them."""

    def __init__(self, graph: SiteGraph, shared: Any) -> None:
        self.graph = graph
        config = graph.config.model_dump(mode="json", exclude=set(CONFIG_NOT_IN_PAGES))
        self.common = digest(config, shared)
        self._full: dict[str, str] = {}
        self._card: dict[str, str] = {}

    def _future(self, article: Article) -> bool:
        return article.date > self.graph.build_time

    def full(self, slug: str) -> str:
        """Digest of everything the article's own page shows of it."""
        found = self._full.get(slug)
        if found is None:
            a = self.graph.articles[slug]
            found = digest(a.digest, a.file, a.image, self.graph.paths[slug], self._future(a))
            self._full[slug] = found
        return found

    def card(self, slug: str) -> str:
        """Digest of what other pages show of the article (card, related, prev/next link)."""
        found = self._card.get(slug)
        if found is None:
            a = self.graph.articles[slug]
            found = digest(
                a.title,
                self.graph.paths[slug],
                a.summary,
                a.location,
                a.date,
                a.section,
                a.image,
                a.draft,
                self._future(a),
            )
            self._card[slug] = found
        return found

    def cards(self, slugs: Iterable[str]) -> list[str]:
        return [self.card(slug) for slug in slugs]

    def page(self, *parts: object) -> str:
        """The inputs digest of a page: the shared inputs plus the page's own ``parts``."""
        return digest(self.common, parts)

    def article(self, slug: str) -> str:
        """Inputs of an article page: itself, its neighbours' links and its related cards."""
        previous, next_ = self.graph.nav[slug]
        neighbours = [self.card(s) if s else "" for s in (previous, next_)]
        related = self.cards(self.graph.related[slug])
        return self.page("article", self.full(slug), neighbours, related)
