"""Incremental builds equal clean builds, byte for byte, after every kind of change."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.render.environment import THEME_DIR
from tests.build.conftest import build_site, copy_example, stats, tree

ARTICLES = Path("content/articles/2021")
EDITED = ARTICLES / "erbil-citadel-hosts-craft-market-weekend.md"


def _edit(site: Path, rel: Path, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, flags=re.M), f"{old!r} not in {rel}"
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")


def body(site: Path) -> None:
    _edit(site, EDITED, r"\n\n(?=\*Sample article)", "\n\nA new paragraph added by the editor.\n\n")


def first_paragraph(site: Path) -> None:
    """Changes the derived summary, shown on listings and in other articles' related posts."""
    _edit(site, EDITED, r"^---\n\n", "---\n\nBREAKING: craft market extended. ")


def title(site: Path) -> None:
    _edit(site, EDITED, r"^title: .*$", 'title: "Citadel craft market draws record crowds"')


def date(site: Path) -> None:
    _edit(site, EDITED, r"^date: .*$", "date: 2020-12-30T09:00:00+03:00")


def tags(site: Path) -> None:
    _edit(site, EDITED, r"^tags: .*$", "tags: [culture, heritage, brand-new-tag]")


def template(site: Path) -> None:
    """An override of a partial reached only through ``include`` (cards on listings)."""
    target = site / "templates" / "partials" / "card.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    source = THEME_DIR / "templates" / "partials" / "card.html"
    target.write_text(source.read_text() + "<!-- card override -->\n", encoding="utf-8")


def config(site: Path) -> None:
    _edit(site, Path("sitegen.yaml"), r"^title: .*$", "title: Renamed Example News")


def config_page_size(site: Path) -> None:
    _edit(site, Path("sitegen.yaml"), r"^page_size: .*$", "page_size: 3")


def static_file(site: Path) -> None:
    (site / "static" / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (site / "static" / "images" / "logo.png").write_bytes(b"not really a png any more")


def deletion(site: Path) -> None:
    (site / EDITED).unlink()


def rename(site: Path) -> None:
    (site / EDITED).rename(site / ARTICLES / "citadel-craft-market.md")


CHANGES: list[Callable[[Path], None]] = [
    body,
    first_paragraph,
    title,
    date,
    tags,
    template,
    config,
    config_page_size,
    static_file,
    deletion,
    rename,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_incremental_rebuild_equals_clean_build(tmp_path: Path, change: Callable) -> None:
    site = copy_example(tmp_path / "incremental")
    build_site(site)
    before = stats(site / "public")
    change(site)
    report = build_site(site).report
    assert report is not None and report.written + report.removed > 0

    fresh = tmp_path / "clean"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".sitegen"))
    build_site(fresh, clean=True)
    assert tree(site / "public") == tree(fresh / "public")

    after = stats(site / "public")
    untouched = [path for path in after if before.get(path) == after[path]]
    if change not in (config, template, static_file):
        assert "about/index.html" in untouched  # a page that does not show the change


def test_title_change_rerenders_neighbours_and_listings(site: Path) -> None:
    build_site(site)
    title(site)
    build_site(site)
    out = tree(site / "public")
    shown = [path for path, data in out.items() if b"Citadel craft market draws" in data]
    assert any(path.startswith("2021/") and path.endswith("/index.html") for path in shown)
    assert "index.html" in shown or any(path.startswith("page/") for path in shown)
    assert any(path.startswith("culture/") for path in shown)
    articles = [p for p in shown if p.count("/") == 3 and "craft-market" not in p]
    assert articles, "a neighbour's previous/next link or a related card shows the new title"


def test_jobs_one_equals_jobs_four(tmp_path: Path) -> None:
    one = copy_example(tmp_path / "one")
    four = copy_example(tmp_path / "four")
    build_site(one, jobs=1)
    build_site(four, jobs=4)
    assert tree(one / "public") == tree(four / "public")


def test_noop_rebuild_touches_no_file(site: Path) -> None:
    build_site(site)
    before = stats(site / "public")
    report = build_site(site).report
    assert report is not None and (report.written, report.removed) == (0, 0)
    assert stats(site / "public") == before


def test_noop_without_snapshot_and_touched_sources_touches_no_file(site: Path) -> None:
    """The full incremental path (no shortcut): keys match, nothing rendered or written."""
    build_site(site)
    before = stats(site / "public")
    for path in (site / "content").rglob("*.md"):
        path.touch()
    for snapshot in (site / ".sitegen").glob("uptodate-*"):
        snapshot.unlink()
    report = build_site(site).report
    assert report is not None and (report.rendered, report.written, report.removed) == (0, 0, 0)
    assert stats(site / "public") == before


def test_same_bytes_keep_their_file_after_clean(site: Path) -> None:
    """``--clean`` renders everything again but leaves identical files in place."""
    build_site(site)
    before = stats(site / "public")
    report = build_site(site, clean=True).report
    assert report is not None and report.written == 0 and report.rendered > 0
    assert stats(site / "public") == before


@pytest.mark.parametrize("damage", ["garbage", "truncate", "flip", "delete"])
def test_corrupt_state_leads_to_a_full_correct_build(tmp_path: Path, damage: str) -> None:
    site = copy_example(tmp_path / "site")
    build_site(site)
    for path in (site / ".sitegen").rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(b"\x00garbage\n" + data[::-1])
        elif damage == "truncate":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "flip":
            index = len(data) - 10
            path.write_bytes(data[:index] + bytes([data[index] ^ 1]) + data[index + 1 :])
        else:
            path.unlink()
    body(site)
    title(site)
    (site / "public" / "stray.html").write_text("left over", encoding="utf-8")
    build_site(site)
    fresh = tmp_path / "clean"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".sitegen"))
    build_site(fresh, clean=True)
    assert tree(site / "public") == tree(fresh / "public")


def test_output_edited_by_hand_is_restored(site: Path) -> None:
    build_site(site)
    page = site / "public" / "about" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    build_site(site)
    assert page.read_bytes() == original
