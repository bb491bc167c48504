"""The fast path for one edited article, observed on the event stream and the served pages.

A real preview server on a copy of the example site: the first ``reload`` event after a body or
headline edit names only the article's page (already rewritten), the full rebuild's event then
names exactly the other pages whose bytes changed; edits that move the article in the site, and
broken files, go straight to the full rebuild.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from benchmarks.preview import ReloadStream
from sitegen.serve.inject import OVERLAY_ID
from sitegen.serve.server import PreviewServer, ServeOptions

from .conftest import ARTICLE, ARTICLE_URL, Elements, get, save

TITLE = 'title: "Duhok health directorate opens vaccine cold store"'
TAGS = "tags: [health, covid-19]"
BROKEN = "title: Duhok: a colon that breaks YAML"


@contextmanager
def events(server: PreviewServer) -> Iterator[ReloadStream]:
    stream = ReloadStream(server.url, timeout=30)
    try:
        yield stream
    finally:
        stream.close()


def html_files(site: Path) -> dict[str, bytes]:
    """Every HTML page of the preview folder by output path."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def output_of(url_path: str) -> str:
    return url_path.lstrip("/") + ("index.html" if url_path.endswith("/") else "")


def terminal(server: PreviewServer) -> str:
    out = server.console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


def edit(site: Path, old: str, new: str) -> None:
    article = site / ARTICLE
    text = article.read_text("utf-8")
    assert old in text
    save(article, text.replace(old, new))


def test_body_edit_reloads_the_article_first_and_the_rebuild_leaves_it(
    site: Path, server: PreviewServer
) -> None:
    with events(server) as stream:
        article = site / ARTICLE
        save(article, article.read_text("utf-8") + "\nA paragraph from the fast path.\n")
        stream.next_reload()
        assert stream.pages == [ARTICLE_URL]
        assert "A paragraph from the fast path." in Elements(get(server, ARTICLE_URL).text).texts(
            "p"
        )
        stream.next_reload()  # the full rebuild: its page is byte-identical, so not named
        assert stream.pages is not None and ARTICLE_URL not in stream.pages
    assert "Rendered " + output_of(ARTICLE_URL) in terminal(server)


def test_the_rebuild_after_a_headline_edit_names_exactly_the_pages_it_changed(
    site: Path, server: PreviewServer
) -> None:
    before = html_files(server.site)
    with events(server) as stream:
        # The full rebuild is held back until the fast path's pages are read: it starts right
        # after the fast path, and on a loaded machine it used to finish first, so "fast" showed
        # the neighbours and listings the rebuild had rewritten.
        with server.building:
            edit(site, TITLE, 'title: "Duhok opens a new vaccine cold store"')
            stream.next_reload()
            assert stream.pages == [ARTICLE_URL]
            fast = html_files(server.site)
        stream.next_reload()
        named = stream.pages
    after = html_files(server.site)
    assert named is not None and named
    changed = {out for out, data in after.items() if before.get(out) != data}
    assert {out for out, data in fast.items() if before.get(out) != data} == {
        output_of(ARTICLE_URL)
    }
    assert {output_of(p) for p in named} == changed - {output_of(ARTICLE_URL)}
    # Listings, neighbours and related posts: each shows the new headline as a link.
    for path in named:
        links = Elements(get(server, path).text).texts("a")
        assert any("Duhok opens a new vaccine cold store" in t for t in links), path


def test_a_tag_edit_skips_the_fast_path_and_updates_the_listings(
    site: Path, server: PreviewServer
) -> None:
    with events(server) as stream:
        edit(site, TAGS, "tags: [health, covid-19, cold-chain]")
        stream.next_reload()
        pages = stream.pages
    assert pages is not None and ARTICLE_URL in pages and "/tag/cold-chain/" in pages
    listing = Elements(get(server, "/tag/cold-chain/").text)
    assert any("Duhok health directorate opens vaccine cold store" in t for t in listing.texts("a"))
    assert "Rendered " not in terminal(server)


def test_a_broken_file_shows_the_overlay_and_publishes_no_page(
    site: Path, server: PreviewServer
) -> None:
    good = get(server, ARTICLE_URL).text
    with events(server) as stream:
        edit(site, TITLE, BROKEN)
        stream.next_reload()
        assert stream.pages is None  # a failed build: every tab shows the overlay
        page = get(server, ARTICLE_URL).text
        overlay = Elements(page).by_id(OVERLAY_ID)
        assert overlay is not None and f"{ARTICLE}:3" in overlay[2]
        assert "a colon that breaks" not in page
        assert good.split("<script>")[0] in page  # the last good page, untouched
        edit(site, BROKEN, TITLE)
        stream.next_reload()
        assert stream.pages is None  # fixed: every tab drops its overlay
    assert Elements(get(server, ARTICLE_URL).text).by_id(OVERLAY_ID) is None
    assert "Rendered " not in terminal(server)


def test_a_static_file_change_reloads_every_page(site: Path, server: PreviewServer) -> None:
    with events(server) as stream:
        (site / "static" / "notice.txt").write_text("hello\n", "utf-8")
        stream.next_reload()
        assert stream.pages is None
    assert get(server, "/notice.txt").body == b"hello\n"


def test_saves_do_not_wait_for_a_running_rebuild(site: Path, server: PreviewServer) -> None:
    article = site / ARTICLE
    text = article.read_text("utf-8")
    with events(server) as stream:
        with server.building:  # as if a long full rebuild were running
            for number in (1, 2):
                text += f"\nParagraph number {number}.\n"
                save(article, text)
                stream.next_reload()
                assert stream.pages == [ARTICLE_URL]
            paragraphs = Elements(get(server, ARTICLE_URL).text).texts("p")
            assert "Paragraph number 1." in paragraphs and "Paragraph number 2." in paragraphs
        stream.next_reload()
        assert stream.pages is not None and ARTICLE_URL not in stream.pages
    assert "Paragraph number 2." in Elements(get(server, ARTICLE_URL).text).texts("p")


def test_a_rebuild_that_started_before_a_save_does_not_undo_its_page(
    site: Path, server: PreviewServer
) -> None:
    target = server.site / output_of(ARTICLE_URL)
    older = target.read_bytes()
    with events(server) as stream:
        with server.building:  # hold the full rebuild back
            started = server.hot.current()
            article = site / ARTICLE
            save(article, article.read_text("utf-8") + "\nNewer paragraph.\n")
            stream.next_reload(ARTICLE_URL)
            newer = target.read_bytes()
            # What a rebuild that read the sources at change ``started`` would write:
            target.write_bytes(older)
            assert server.hot.restore(started) == {output_of(ARTICLE_URL)}
            assert target.read_bytes() == newer


def test_a_restart_over_an_up_to_date_preview_is_ready_for_the_fast_path(site: Path) -> None:
    first = PreviewServer(ServeOptions(site, port=0), Console(file=io.StringIO()))
    first.start()
    port = int(first.url.rstrip("/").rsplit(":", 1)[1])
    first.stop()
    # Same port, so the same base URL: the first build finds nothing to do.
    second = PreviewServer(
        ServeOptions(site, port=port, debounce=0.05), Console(file=io.StringIO())
    )
    second.start()
    try:
        assert second.hot.ready()
        with events(second) as stream:
            article = site / ARTICLE
            save(article, article.read_text("utf-8") + "\nAfter the restart.\n")
            stream.next_reload()
            assert stream.pages == [ARTICLE_URL]
    finally:
        second.stop()


def test_a_tab_that_missed_only_the_last_rebuild_learns_which_pages_it_changed(
    site: Path, server: PreviewServer
) -> None:
    """A reloaded tab connects a moment after its page was served; if the full rebuild finished
    in between, its first event must name that rebuild's pages, not every page (which would
    reload the tab a second time for nothing)."""
    with events(server) as stream:
        article = site / ARTICLE
        save(article, article.read_text("utf-8") + "\nA paragraph for a late tab.\n")
        fast = stream.next_reload()
        stream.next_reload()  # the full rebuild
        rebuilt = stream.pages
    late = ReloadStream(server.url, timeout=30, since=fast)
    older = ReloadStream(server.url, timeout=30, since="an-older-generation")
    try:
        assert late.pages == rebuilt and rebuilt is not None and ARTICLE_URL not in rebuilt
        assert older.pages is None  # it may have missed anything: every page
    finally:
        late.close()
        older.close()
