"""A build's warnings: things worth fixing that do not stop it (``build`` and ``check`` list
them)."""

from __future__ import annotations

from sitegen.build.syndication import missing_ids
from sitegen.errors import Problem
from sitegen.graph.site import SiteGraph


def build_warnings(graph: SiteGraph, limit: int | None = None) -> tuple[list[Problem], int]:
    """The first ``limit`` warnings (all when None) and how many there are: characters left out
    of bodies first (few, and they change what readers see), then articles without an ``id``."""
    dropped = [w for article in graph.articles.values() for w in article.warnings]
    dropped = sorted(dropped + [w for page in graph.pages for w in page.warnings])
    room = None if limit is None else max(limit - len(dropped), 0)
    ids, id_count = missing_ids(graph, room)
    shown = dropped + ids
    return (shown if limit is None else shown[:limit]), len(dropped) + id_count
