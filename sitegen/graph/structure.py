"""What linking derives from the published articles' shape (order, navigation, listings, URLs),
apart from the articles themselves: :mod:`sitegen.graph.memo` keeps it between builds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Listing:
    """A paginated list of articles (newest first) with its own page."""

    kind: str
    """``home``, ``section``, ``tag``, ``author``, ``year`` or ``month``."""
    key: str
    """Section/tag/author slug, or ``2021`` / ``2021-01`` for archives."""
    title: str
    path: str
    """Site-relative path of the first page."""
    slugs: Sequence[str]
    """Its articles, newest first (a tuple, or as the link memo reads them back: see
    :mod:`sitegen.graph.memo`)."""
    description: str = ""
    language: str = ""
    """The language of a multilingual site's listing (``''`` on a one-language site)."""


@dataclass(frozen=True)
class Structure:
    """What linking derives from the articles' shape: order, navigation, listings and URLs.

    Kept apart so that it can be reused from one build to the next (:mod:`sitegen.graph.memo`).
    """

    newest_first: tuple[str, ...]
    paths: Mapping[str, str]
    """Article slug -> site-relative path."""
    nav: Mapping[str, tuple[str | None, str | None]]
    """Article slug -> (previous slug, next slug)."""
    related: Mapping[str, tuple[str, ...]]
    home: Listing
    sections: tuple[Listing, ...]
    tags: tuple[Listing, ...]
    authors: tuple[Listing, ...]
    years: tuple[Listing, ...]
    months: tuple[Listing, ...]
    lead: str | None
    """Slug of the front page's lead story."""
    lead_index: int
    """Position of ``lead`` in ``home.slugs`` (-1 without a lead), so that the front page's
    many pages need not search for it."""
    tag_slugs: Mapping[str, str]
    """Tag as written -> tag slug."""
    author_slugs: Mapping[str, str]
    """Author name -> author slug."""
    translations: Mapping[str, tuple[str, ...]]
    """Article slug -> slugs of its versions in other languages (same ``translation:`` key),
    in the order of their language codes; articles without one are left out."""
    fronts: tuple[Listing, ...]
    """The front pages of a multilingual site's other languages (``home`` is the default
    language's), each listing that language's articles under its prefix."""
    front_leads: Mapping[str, tuple[str | None, int]]
    """Language -> the lead story of its front page in ``fronts`` and its position there."""
