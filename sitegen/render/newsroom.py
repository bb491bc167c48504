"""View data of the newsroom's notes: corrections and updates on the article page, the
corrections page (every correction of the site, newest first) and their structured data."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from sitegen.content.newsroom import Notice
from sitegen.graph.site import SiteGraph
from sitegen.graph.urls import CORRECTIONS_PATH

__all__ = ["CORRECTIONS_PATH"]
from sitegen.render import dates

View = dict[str, Any]


def notice_view(note: Notice) -> View:
    """A correction or update as templates show it."""
    return {
        "date_iso": dates.iso(note.date),
        "date_text": dates.day_time(note.date),
        "day_text": dates.day(note.date),
        "text": note.text,
        "html": Markup(note.html),
    }


def notes_view(corrections: tuple[Notice, ...], updates: tuple[Notice, ...]) -> View:
    """An article's corrections (oldest first, as they happened), its updates (newest first, as
    a developing story is read) and the flag under the headline (the latest correction)."""
    latest = corrections[-1] if corrections else None
    return {
        "corrections": [notice_view(n) for n in corrections],
        "updates": [notice_view(n) for n in reversed(updates)],
        "corrected": notice_view(latest) if latest else None,
    }


def has_corrections(graph: SiteGraph) -> bool:
    """Whether the site publishes a corrections page."""
    return any(a.corrections for a in graph.articles.values())


def corrections_list(graph: SiteGraph) -> list[tuple[str, int]]:
    """``(slug, index)`` of every correction of the site, newest first (then by URL)."""
    found = [
        (note.date, graph.paths[slug], slug, index)
        for slug, article in graph.articles.items()
        for index, note in enumerate(article.corrections)
    ]
    found.sort(key=lambda item: (-item[0].timestamp(), item[1], item[3]))
    return [(slug, index) for _, _, slug, index in found]


def corrections_view(graph: SiteGraph) -> View:
    """The corrections page: each correction with its date and the article it corrects."""
    items = []
    for slug, index in corrections_list(graph):
        article = graph.articles[slug]
        items.append(
            {
                **notice_view(article.corrections[index]),
                "title": article.title,
                "path": graph.paths[slug],
            }
        )
    return {"items": items}


def corrections_key(graph: SiteGraph) -> list[object]:
    """What the corrections page shows, for its inputs digest."""
    return [
        (graph.paths[slug], graph.articles[slug].title, graph.articles[slug].corrections[index])
        for slug, index in corrections_list(graph)
    ]


def correction_ld(corrections: tuple[Notice, ...]) -> list[View]:
    """schema.org ``CorrectionComment`` of each correction, for the article's ``correction``."""
    return [
        {"@type": "CorrectionComment", "text": n.text, "datePublished": dates.iso(n.date)}
        for n in corrections
    ]
