"""Incremental builds equal clean builds, byte for byte, after every kind of change."""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from sitegen.engine.jobs import RenderJob
from sitegen.engine.plan import Plan
from sitegen.engine.planmemo import DRIFT
from sitegen.pipeline import BuildOptions, build
from sitegen.render.environment import THEME_DIR
from sitegen.state.layout import STATE_DIR
from tests.engine.conftest import BUILD_TIME, build_site, copy_example, stats, tree
from tests.parsing import png_bytes

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


def section(site: Path) -> None:
    """Moves the article between section listings and section Previous/Next chains."""
    _edit(site, EDITED, r"^section: .*$", "section: economy")


def author(site: Path) -> None:
    _edit(site, EDITED, r"^author: .*$", "author: Someone New")


def caption(site: Path) -> None:
    """The lead image's caption and alt text, shown on the page and on cards."""
    _edit(
        site, EDITED, r"^  alt: .*$", '  alt: "Stalls of carpets and pottery under a citadel wall"'
    )


def location(site: Path) -> None:
    """The dateline, printed into the first paragraph and the JSON-LD."""
    _edit(site, EDITED, r"^location: .*$", "location: SULAIMANI\nsource: ESTA")


def updated(site: Path) -> None:
    """An update time: the page's dates, the sitemap's lastmod and the feeds change."""
    _edit(site, EDITED, r"^date: .*$", "\\g<0>\nupdated: 2021-02-21T10:00:00+03:00")


def featured(site: Path) -> None:
    """A new lead story for the front page."""
    _edit(site, EDITED, r"^section: .*$", "\\g<0>\nfeatured: true")


def draft(site: Path) -> None:
    """The article is withdrawn: its page goes and every page that linked to it changes."""
    _edit(site, EDITED, r"^section: .*$", "\\g<0>\ndraft: true")


def pinned_related(site: Path) -> None:
    _edit(
        site,
        EDITED,
        r"^section: .*$",
        "\\g<0>\nrelated: [football-league-fixtures-rescheduled-after-stadium-repairs]",
    )


def alias(site: Path) -> None:
    _edit(site, EDITED, r"^section: .*$", "\\g<0>\naliases: [/news/craft-market.html]")


def static_page(site: Path) -> None:
    _edit(site, Path("content/pages/about.md"), r"^title: .*$", "title: About us")


def lead_image_file(site: Path) -> None:
    """The picture itself is replaced by one of another size (width and height change)."""
    (site / "static" / "images" / "2021" / "craft-market.png").write_bytes(png_bytes(64, 36))


def gallery_picture_same_size(site: Path) -> None:
    """A gallery picture replaced by another of the same size: its copies get new names."""
    Image.new("RGB", (1200, 675), (20, 90, 40)).save(site / "static/images/2021/pomegranates.png")


def body_picture_same_size(site: Path) -> None:
    """The same for a picture the body shows."""
    Image.new("RGB", (1200, 675), (90, 20, 40)).save(site / "static/images/2021/theatre-season.png")


def gallery_removed(site: Path) -> None:
    _edit(site, EDITED, r"^gallery:\n(  .*\n)+", "")


def body_picture_removed(site: Path) -> None:
    _edit(site, EDITED, r"^!\[Placeholder graphic standing in for a theatre.*\n\n", "")


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
    # another picture (published pictures are decoded to clean them: it must be one)
    Image.new("RGB", (40, 20), (200, 30, 30)).save(site / "static" / "images" / "logo.png")


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
    section,
    author,
    caption,
    location,
    updated,
    featured,
    draft,
    pinned_related,
    alias,
    static_page,
    lead_image_file,
    gallery_picture_same_size,
    body_picture_same_size,
    gallery_removed,
    body_picture_removed,
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
    if change not in (config, template, static_file, static_page):
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
    built = tree(site / "public")
    assert built.pop("stray.html") == b"left over"  # not sitegen's file: never removed
    assert built == tree(fresh / "public")


def test_output_edited_by_hand_is_restored(site: Path) -> None:
    build_site(site)
    page = site / "public" / "about" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"vandalised")
    build_site(site)
    assert page.read_bytes() == original


def test_body_edit_rewrites_only_the_page_and_the_feeds(site: Path) -> None:
    """A body edit that keeps the first paragraph changes no card, link or listing."""
    build_site(site)
    before = stats(site / "public")
    body(site)
    report = build_site(site).report
    after = stats(site / "public")
    changed = sorted(path for path in after if before.get(path) != after[path])
    # the article's search shard (sitegen.engine.search) is indexed again, no other
    search = [path for path in changed if path.startswith("pagefind/")]
    assert search and all(path.startswith("pagefind/2021-02/") for path in search)
    changed = [path for path in changed if path not in search]
    assert changed[0].startswith("2021/02/erbil-citadel-hosts-craft-market-weekend/")
    assert {path.rsplit("/", 1)[-1] for path in changed[1:]} <= {
        "feed.xml",
        "atom.xml",
        "feed.json",
    }
    assert report is not None and report.rendered <= 1 + 3 * 3  # page, site and section feeds


def test_deploy_settings_rerender_no_page(site: Path) -> None:
    build_site(site)
    before = stats(site / "public")
    config_text = (site / "sitegen.yaml").read_text(encoding="utf-8")
    deploy = "deploy:\n  webroot:\n    type: folder\n    path: /var/www/news\n"
    (site / "sitegen.yaml").write_text(config_text + deploy, encoding="utf-8")
    report = build_site(site).report
    assert report is not None and report.rendered == 0
    assert stats(site / "public") == before


def test_source_changed_during_the_build_renders_the_loaded_version(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article edited after loading, whose page must be rendered: the page shows the body
    that was loaded with the article (kept by the load stage, not read from the edited file, so
    never a mix of two versions); the next build takes the edit."""
    from sitegen.engine import update

    build_site(site)
    # every page is rendered again, by the render workers (more pages than are rendered serially)
    (site / "templates" / "base.html").write_text(
        (THEME_DIR / "templates" / "base.html").read_text() + "<!-- v2 -->\n", encoding="utf-8"
    )
    real = update.render_jobs

    def edit_then_render(*args: object, **kwargs: object) -> object:
        body(site)  # the editor saves while the build runs
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(update, "render_jobs", edit_then_render)
    build_site(site, jobs=2)
    page = site / "public" / "2021/02/erbil-citadel-hosts-craft-market-weekend/index.html"

    def paragraphs() -> list[str]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        return [p.get_text(strip=True) for p in soup.select("article p")]

    assert "A new paragraph added by the editor." not in paragraphs()
    monkeypatch.undo()
    build_site(site)  # the next build takes the edit
    assert "A new paragraph added by the editor." in paragraphs()


def test_first_build_and_build_into_an_existing_empty_folder_agree(tmp_path: Path) -> None:
    """A missing output folder is filled by renaming the staging folder into place; an existing
    (empty) one is kept, with its permissions, and filled file by file: same files either way,
    and the next build of each finds nothing to do."""
    fresh = copy_example(tmp_path / "fresh")
    existing = copy_example(tmp_path / "existing")
    (existing / "public").mkdir(mode=0o750)
    (existing / "public").chmod(0o750)
    folder = (existing / "public").stat()
    first = build_site(fresh).report
    second = build_site(existing).report
    assert first is not None and second is not None
    assert first.written == second.written > 0
    assert tree(fresh / "public") == tree(existing / "public")
    kept = (existing / "public").stat()
    assert (kept.st_ino, kept.st_mode & 0o777) == (folder.st_ino, 0o750)
    assert not (tmp_path / "fresh" / ".public.staging").exists()
    for site in (fresh, existing):
        before = stats(site / "public")
        for snapshot in (site / ".sitegen").glob("uptodate-*"):
            snapshot.unlink()  # the manifest decides, not the no-op shortcut
        report = build_site(site).report
        assert report is not None and (report.rendered, report.written) == (0, 0)
        assert stats(site / "public") == before


def test_a_site_named_relatively_is_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_example(tmp_path / "site")
    build_site(site)
    monkeypatch.chdir(site)
    edited = site / "content/articles/2021/pompeo-says-iran-still-poses-threat-to-iraq.md"
    edited.write_text(edited.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    result = build_site(Path("."))
    assert result.output == site / "public"
    assert result.report is not None and 0 < result.report.rendered < 20  # not every page


def _open_pages(site: Path) -> int:
    """Build ``site``; how many pages the plan could not key from the plan memo (each has its
    context built while rendering)."""
    kept: list[Plan] = []
    build(BuildOptions(site, build_time=BUILD_TIME, keep=lambda _graph, plan: kept.append(plan)))
    (plan,) = kept
    return sum(isinstance(j, RenderJob) and j.inputs is None for j in plan.jobs)


def test_an_edit_reads_who_read_the_article_from_its_row(site: Path) -> None:
    """The plan memo's rows say which pages read the edited article: only those are keyed again.
    Without the rows, no page's stored digest can be trusted, and the output is still right."""
    build_site(site)
    body(site)
    pages = sum(1 for path in tree(site / "public") if path.endswith(".html"))
    assert 0 < _open_pages(site) <= pages // 4  # its page, neighbours, listings, cards
    title(site)
    (site / STATE_DIR / "plan-readers.sqlite").unlink()
    assert _open_pages(site) >= pages - 2  # the dated front page and search are always open
    fresh = copy_example(site.parent / "fresh")
    body(fresh)
    title(fresh)
    build_site(fresh)
    assert tree(site / "public") == tree(fresh / "public")


def test_a_damaged_reader_row_keeps_no_stale_page_through_a_rewrite(site: Path) -> None:
    """More than DRIFT articles change, so the memo is rewritten, carrying over who read the
    unchanged articles, and the row of the oldest English article is damaged. The pages that
    read only old articles are not rendered by that build (the last front pages list old articles
    only): they must still follow the oldest article's next edit."""
    build_site(site)
    english = sorted(
        (_date_of(path), path)
        for path in (site / "content/articles").rglob("*.md")
        if path.parent.name.isdigit()
    )
    oldest = english[0][1]
    with sqlite3.connect(site / STATE_DIR / "plan-readers.sqlite") as db:
        db.execute("UPDATE rows SET crc = crc + 1 WHERE key = ?", (oldest.stem,))
    db.close()
    untouched = {path for _, path in english[:8]}
    edited = sorted(p for p in (site / "content/articles").rglob("*.md") if p not in untouched)
    assert len(edited) > DRIFT
    for path in edited:
        path.write_text(path.read_text("utf-8") + "\nOne more line.\n", encoding="utf-8")
    build_site(site)
    text = oldest.read_text("utf-8")
    oldest.write_text(re.sub(r"^title: .*$", 'title: "Long ago"', text, flags=re.M), "utf-8")
    build_site(site)
    fresh = site.parent / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".sitegen"))
    build_site(fresh)
    built = tree(site / "public")
    assert sum(b"Long ago" in data for data in built.values()) > 3
    assert built == tree(fresh / "public")


def _date_of(path: Path) -> str:
    found = re.search(r"^date: (.*)$", path.read_text("utf-8"), flags=re.M)
    assert found, path
    return found.group(1)
