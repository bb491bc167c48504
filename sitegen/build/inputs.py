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

from collections.abc import Iterable
from typing import Any

from sitegen.config import settings_text
from sitegen.content.models import Image
from sitegen.digests import combine, digest
from sitegen.graph.site import SiteGraph

CONFIG_NOT_IN_PAGES = frozenset({"deploy", "output_dir"})
"""Config fields no page view reads: changing them re-renders no page."""


def image_fields(image: Image | None) -> tuple[object, ...] | None:
    """The lead image's fields (a dataclass's own ``repr`` is slow generated code)."""
    if image is None:
        return None
    i = image
    return (i.url, i.file, i.alt, i.caption, i.credit, i.width, i.height, i.digest, i.focus)


class Inputs:
    """Per-article digests of one build, computed once and shared by every page that needs them."""

    def __init__(self, graph: SiteGraph, shared: Any) -> None:
        self.graph = graph
        config = settings_text(graph.config, CONFIG_NOT_IN_PAGES)
        self.common = digest(config, shared)
        self._card: dict[str, str] = {}
        """Card digests computed so far: a rebuild that reuses most pages' inputs (see
        :mod:`sitegen.build.planmemo`) needs only the cards of the pages it plans afresh."""

    def _card_of(self, slug: str) -> str:
        a = self.graph.articles[slug]
        fields = (
            a.title,
            self.graph.paths[slug],
            a.summary,
            a.summary_html,
            a.location,
            a.date.isoformat(),  # all a card shows of the date (repr with the zone costs more)
            a.section,
            image_fields(a.image),
            a.draft,
            a.date > self.graph.build_time,
            a.language,
            a.authors,  # the card's byline
            a.roles,
            a.source,
            a.type,
            a.kicker,
        )
        return digest(fields)

    def full(self, slug: str) -> str:
        """Digest of everything the article's own page shows of it.

        The source file's digest covers the front matter and body; the card digest adds what
        comes from outside the file (resolved image, URL, whether it is still in the future).
        """
        a = self.graph.articles[slug]
        shown = a.gallery + a.body_images  # their files' digests and sizes are not in the source's
        pictures = digest([image_fields(i) for i in shown]) if shown else "-"
        # fixed-length digests first, so the file name (which may hold commas) comes last
        return combine(a.digest, self.card(slug), pictures, a.file)

    def card(self, slug: str) -> str:
        """Digest of what other pages show of the article (card, related, prev/next link)."""
        found = self._card.get(slug)
        if found is None:
            found = self._card[slug] = self._card_of(slug)
        return found

    def cards(self, slugs: Iterable[str]) -> str:
        """One digest of the cards of ``slugs``, in order."""
        return combine(*map(self.card, slugs))

    def page(self, kind: str, *parts: str) -> str:
        """The inputs digest of a page: the shared inputs, its kind and its own digests."""
        return combine(self.common, kind, *parts)

    def article(self, slug: str) -> str:
        """Inputs of an article page: itself, its neighbours' links, its related cards and its
        versions in other languages (switcher and hreflang links)."""
        previous, next_ = self.graph.nav[slug]
        neighbours = [self.card(s) if s else "-" for s in (previous, next_)]
        related = self.cards(self.graph.related[slug])
        versions = self.cards(self.graph.translations.get(slug, ()))
        return self.page("article", self.full(slug), *neighbours, related, versions)
