"""The preview server's memory over many saves: what a rebuild leaves behind must be freed.

A real server on a new site (``sitegen init``'s, so each rebuild is quick) and 500 real saves
through the watcher, each waited out to the end of its full rebuild. Memory is traced from save
100 on (the caches are warm by then) and compared between save 200 and save 500: it must not grow
with the number of saves. Before the fix, every rebuild's Jinja environment and Markdown
converter stayed behind as uncollected garbage, about 100 KB a save (30 MB over these 300).
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from sitegen.commands.newsite import create_site
from sitegen.serve.server import PreviewServer, ServeOptions

from .conftest import save

SAVES = 500
TRACED_FROM = 100
MEASURED_FROM = 200
GROWTH_BOUND = 4 * 1024 * 1024
"""Bytes the traced memory may grow over saves 200 to 500 (about 14 KB a save at most)."""


@pytest.fixture
def quiet_server(tmp_path: Path) -> Iterator[PreviewServer]:
    """A started server on a new site, printing nowhere (its terminal output is no growth)."""
    root = tmp_path / "site"
    create_site(root)
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        server = PreviewServer(ServeOptions(root, port=0, debounce=0.02), Console(file=devnull))
        server.start()
        try:
            yield server
        finally:
            server.stop()


def wait_for_rebuild(server: PreviewServer, seen: str) -> str:
    """Wait for the full rebuild of the last save (the fast path's event comes before it, naming
    only the article); return its generation."""
    while True:
        snap = server.state.wait_change(seen, timeout=60)
        assert snap.generation != seen, "no rebuild within 60 s"
        assert not snap.problems, snap.problems
        seen = snap.generation
        if snap.pages is None or not any(
            p.endswith("/welcome-to-my-news-site/") for p in snap.pages
        ):
            return seen


def test_memory_does_not_grow_with_saves(quiet_server: PreviewServer) -> None:
    root = quiet_server.options.root
    [article] = (root / "content" / "articles").rglob("*.md")
    text = article.read_text("utf-8")
    generation = quiet_server.state.current().generation
    traced: dict[int, int] = {}
    try:
        for number in range(1, SAVES + 1):
            save(article, text + f"\nSaved {number} times.\n")
            generation = wait_for_rebuild(quiet_server, generation)
            if number == TRACED_FROM:
                tracemalloc.start()
            if number in (MEASURED_FROM, SAVES):
                traced[number] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    growth = traced[SAVES] - traced[MEASURED_FROM]
    assert growth < GROWTH_BOUND, f"{growth} bytes over {SAVES - MEASURED_FROM} saves"
