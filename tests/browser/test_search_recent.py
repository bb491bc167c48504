"""Searching an archive whose year is too large to index again on every edit, in Chromium.

A year of more than ``search.SMALL`` articles keeps its index when one of them is edited or
removed: the edited page goes into the ``recent`` shard, and the search page leaves out the
year's entries it replaces. A reader must find what the articles say now, never what they said.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.engine import search

YEAR = 2019
COUNT = search.SMALL + 10
CONFIG = """title: Archive News
base_url: http://127.0.0.1:8000/
language: en
timezone: UTC
sections:
  - {slug: politics, name: Politics}
"""


def _article(index: int, words: str) -> str:
    day = 1 + index % 28
    month = 1 + index // 28 % 12
    return (
        "---\n"
        f'title: "Archive story {index}"\n'
        f"date: {YEAR}-{month:02d}-{day:02d}T{index % 24:02d}:00:00+00:00\n"
        "section: politics\n"
        f"id: 00000000-0000-4000-8000-{index:012d}\n"
        "---\n\n"
        f"Story number {index} of the archive. {words}\n"
    )


def _write_site(root: Path) -> None:
    (root / "content" / "articles").mkdir(parents=True)
    (root / "sitegen.yaml").write_text(CONFIG, "utf-8")
    for index in range(COUNT):
        words = {1: "wombatword", 2: "platypusword", 3: "echidnaword"}.get(index, "")
        file = root / "content" / "articles" / f"story-{index}.md"
        file.write_text(_article(index, words), "utf-8")
    newest = root / "content" / "articles" / "newest.md"
    newest.write_text(
        _article(0, "")
        .replace(f"{YEAR}-", f"{YEAR + 1}-")
        .replace("Archive story 0", "Newest story")
        .replace("-000000000000", "-999999999999"),
        "utf-8",
    )


@pytest.fixture(scope="module")
def archive(
    tmp_path_factory: pytest.TempPathFactory, kit: Any, serve_folder: Callable[..., Any]
) -> Iterator[tuple[Path, str]]:
    """The archive, built, then story 1 edited and story 2 removed and built again; served."""
    root = tmp_path_factory.mktemp("archive") / "site"
    _write_site(root)
    build = ["build", "--root", str(root), "--build-time", kit.build_time]
    assert kit.run_cli(*build).exit_code == 0
    year = root / "public" / "pagefind" / str(YEAR)
    before = {p: p.stat().st_mtime_ns for p in year.rglob("*")}
    edited = root / "content" / "articles" / "story-1.md"
    edited.write_text(_article(1, "quokkaword replaces it."), "utf-8")
    (root / "content" / "articles" / "story-2.md").unlink()
    result = kit.run_cli(*build)
    assert result.exit_code == 0, result.output
    # the year's index was left as it was: not one of its files was written again
    assert {p: p.stat().st_mtime_ns for p in year.rglob("*")} == before
    with serve_folder(root / "public") as served:
        yield root, served


def _search(tab: Any, base: str, query: str) -> tuple[list[str], str]:
    tab.goto(f"{base}search/?q={query}")
    tab.wait_for_function(
        f"document.getElementById('search-status').textContent.includes({query!r})"
    )
    links = tab.locator("#search-results li h2 a")
    titles = [links.nth(i).inner_text() for i in range(links.count())]
    return titles, tab.get_by_role("status").inner_text()


def test_the_edit_is_published_in_the_recent_shard(archive: tuple[Path, str]) -> None:
    root, _ = archive
    bundle = root / "public" / "pagefind"
    recent = json.loads((bundle / "recent.json").read_text("utf-8"))
    assert recent["shard"] == "recent"
    # the edited story's old entry and the removed story's; the neighbours of the removed story
    # changed too (their Previous/Next), but their indexed text did not: the same entries
    assert len(recent["superseded"]) == 2
    known = search.index_state(root / "public", root / ".sitegen")
    assert known is not None and any("/story-1/" in page for page in known.recent)
    entry = json.loads((bundle / "recent" / "pagefind-entry.json").read_text("utf-8"))
    assert sum(int(lang["page_count"]) for lang in entry["languages"].values()) == len(known.recent)


def test_a_reader_finds_the_new_words_once(archive: tuple[Path, str], tab: Any) -> None:
    titles, status = _search(tab, archive[1], "quokkaword")
    assert titles == ["Archive story 1"]
    assert status.startswith("1 ")


def test_a_reader_no_longer_finds_removed_words(archive: tuple[Path, str], tab: Any) -> None:
    for gone in ("wombatword", "platypusword"):  # edited out; in a removed article
        titles, _ = _search(tab, archive[1], gone)
        assert titles == [], gone


def test_the_rest_of_the_year_is_still_found(archive: tuple[Path, str], tab: Any) -> None:
    assert _search(tab, archive[1], "echidnaword")[0] == ["Archive story 3"]
    titles, _ = _search(tab, archive[1], "archive")
    assert len(titles) == 20  # the first page of results
    assert "Archive story 2" not in titles


def test_past_the_limit_the_year_is_indexed_again_and_recent_emptied(
    archive: tuple[Path, str], tab: Any, kit: Any
) -> None:
    root, base = archive
    out, state = root / "public", root / ".sitegen"
    known = search.index_state(out, state)
    assert known is not None and known.dirty
    shards: dict[str, list[str]] = {}
    for page, shard in sorted(known.members.items()):
        shards.setdefault(shard, []).append(page)
    redone = search.update_index(out, state, {k: tuple(v) for k, v in shards.items()}, (), limit=1)
    assert redone == [str(YEAR)]
    assert json.loads((out / "pagefind" / "recent.json").read_text("utf-8")) == {"superseded": []}
    assert not (out / "pagefind" / "recent").exists()
    assert _search(tab, base, "quokkaword")[0] == ["Archive story 1"]
    assert _search(tab, base, "wombatword")[0] == []
