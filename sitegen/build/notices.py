"""The warnings of a build: what is worth fixing but does not stop it, in file and line order."""

from __future__ import annotations

from sitegen.build.syndication import missing_ids
from sitegen.errors import Problem
from sitegen.graph.site import SiteGraph


def build_warnings(graph: SiteGraph, limit: int | None = None) -> tuple[list[Problem], int]:
    """The first ``limit`` warnings (all when None) and how many there are: those found while
    loading each article and page (another generator's shortcodes), and articles without ids."""
    found = [w for a in graph.articles.values() for w in a.warnings]
    found += [w for page in graph.pages for w in page.warnings]
    # missing_ids describes only its first ``limit``; the first ``limit`` of the merged list
    # are among those and the loaded ones.
    ids, ids_total = missing_ids(graph, limit)
    merged = sorted([*found, *ids], key=lambda p: (p.file, p.line or 0, p.message))
    return (merged if limit is None else merged[:limit]), len(found) + ids_total
