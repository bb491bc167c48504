"""The front page's second column: the editor's picks, else the newest of each section."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sitegen.config import CONFIG_FILE, SiteConfig, setting_line
from sitegen.content.models import Article
from sitegen.errors import Problem
from sitegen.graph.site import SiteGraph
from sitegen.graph.structure import Listing


def pick_slugs(
    graph: SiteGraph, front: Listing | None = None, lead: str | None = None
) -> tuple[tuple[str, ...], bool]:
    """The second column's articles of ``front`` (default: the site's front page) and whether
    they are the editor's picks.

    Picks are ``front_page.picks`` in their order, then the articles with ``pick: true``,
    newest first; those not published in this build (draft, future, expired), not in the front
    page's language, or its ``lead`` story (already at the top) are passed over. Without any,
    the newest article of each of the language's sections.
    """
    front = front or graph.home
    lead = lead if front is not graph.home else graph.lead
    shown = set(front.slugs) if graph.fronts else None  # a multilingual site: its language only
    config = graph.config.front_page
    named = [s for s in config.picks if s in graph.articles]
    named += graph.picked
    chosen = [s for s in dict.fromkeys(named) if s != lead and (shown is None or s in shown)]
    if chosen:
        return tuple(chosen[: config.picks_count]), True
    sections = [sec for sec in graph.sections if sec.language == front.language]
    newest = [next((s for s in sec.slugs if s != lead), None) for sec in sections]
    return tuple(s for s in newest if s)[: config.picks_count], False


def pick_problems(config: SiteConfig, articles: Iterable[Article], root: Path) -> list[Problem]:
    """A problem for each ``front_page.picks`` entry that names no article at all."""
    known = {a.slug for a in articles}
    return [
        Problem(
            CONFIG_FILE,
            setting_line(root, ("front_page", "picks", str(index))),
            f"front_page.picks.{index}",
            f"{slug!r} is not the slug of any article",
            "expected the slug of an article under content/articles/",
        )
        for index, slug in enumerate(config.front_page.picks)
        if slug not in known
    ]
