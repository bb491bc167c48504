"""A real browser (Playwright driving Debian's Chromium) on the real preview server.

Open an article, edit its Markdown on disk and see the page reload with the new text at the same
scroll position; break the front matter and see the overlay name the file and line; fix it and
see the overlay go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.preview import ReloadStream
from sitegen.serve.inject import OVERLAY_ID
from sitegen.serve.server import PreviewServer

from .conftest import ARTICLE, ARTICLE_URL

TIMEOUT_MS = 30_000


def test_edit_reloads_the_page_and_errors_show_in_an_overlay(
    browser: Any, site: Path, server: PreviewServer
) -> None:
    page = browser.new_page(viewport={"width": 800, "height": 400})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.url.rstrip("/") + ARTICLE_URL)
    page.wait_for_load_state("load")
    page.evaluate("window.__before_reload = true")
    page.evaluate("window.scrollTo(0, 300)")
    page.wait_for_function("window.scrollY === 300")

    article = site / ARTICLE
    good = article.read_text("utf-8")
    article.write_text(good + "\nFreshly added paragraph from the editor.\n", "utf-8")
    paragraph = page.get_by_text("Freshly added paragraph from the editor.")
    paragraph.wait_for(state="attached")
    assert page.evaluate("window.__before_reload === undefined")  # a real reload happened
    page.wait_for_function("window.scrollY === 300")  # and kept the scroll position

    article.write_text(good.replace("date: 2021-01-03T11:00:00+03:00", "date: 2021-13-03"))
    overlay = page.locator(f"#{OVERLAY_ID}")
    overlay.wait_for(state="visible")
    text = overlay.inner_text()
    assert f"{ARTICLE}:4" in text
    assert "date" in text and "2021-13-03" in text

    article.write_text(good, "utf-8")
    overlay.wait_for(state="detached")
    assert page.get_by_text("Freshly added paragraph from the editor.").count() == 0
    page.close()


OTHER = "content/articles/2021/duhok-runners-prepare-for-spring-half-marathon.md"
OTHER_URL = "/2021/01/duhok-runners-prepare-for-spring-half-marathon/"


def test_a_tab_reloads_only_when_its_own_page_changed(
    browser: Any, site: Path, server: PreviewServer
) -> None:
    tab, other_tab = browser.new_page(), browser.new_page()
    for page, path in ((tab, ARTICLE_URL), (other_tab, OTHER_URL)):
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(server.url.rstrip("/") + path)
        page.wait_for_load_state("load")
        page.evaluate("window.__before_reload = true")

    stream = ReloadStream(server.url, timeout=30)
    try:
        other = site / OTHER
        other.write_text(other.read_text("utf-8") + "\nOnly the other page changed.\n", "utf-8")
        stream.next_reload()
        assert stream.pages == [OTHER_URL]
        other_tab.get_by_text("Only the other page changed.").wait_for(state="attached")
        stream.next_reload()  # the full rebuild, which does not touch this tab's page either
        assert stream.pages is not None and ARTICLE_URL not in stream.pages
        tab.wait_for_timeout(300)  # time enough for a wrong reload to start
        assert tab.evaluate("window.__before_reload === true")  # no reload

        article = site / ARTICLE
        article.write_text(article.read_text("utf-8") + "\nThis page changed.\n", "utf-8")
        tab.get_by_text("This page changed.").wait_for(state="attached")
        assert tab.evaluate("window.__before_reload === undefined")  # reloaded
    finally:
        stream.close()
    tab.close()
    other_tab.close()


def test_the_overlay_can_be_dismissed(browser: Any, site: Path, server: PreviewServer) -> None:
    """A close button (reached with Tab, named "Close") and the Escape key remove the overlay;
    the next failed rebuild shows it again."""
    page = browser.new_page(viewport={"width": 800, "height": 400})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.url.rstrip("/") + ARTICLE_URL)
    page.wait_for_load_state("load")
    article = site / ARTICLE
    good = article.read_text("utf-8")
    overlay = page.locator(f"#{OVERLAY_ID}")

    article.write_text(good.replace("date: 2021-01-03T11:00:00+03:00", "date: 2021-13-03"))
    overlay.wait_for(state="visible")
    close = overlay.get_by_role("button", name="Close", exact=True)
    assert close.get_attribute("aria-keyshortcuts") == "Escape"
    close.focus()
    page.keyboard.press("Enter")  # a keyboard user presses the focused button
    overlay.wait_for(state="detached")
    assert page.get_by_role("heading", level=1).is_visible()  # the last good page is there

    article.write_text(good.replace("date: 2021-01-03T11:00:00+03:00", "date: 2021-14-03"))
    overlay.wait_for(state="visible")
    assert "2021-14-03" in overlay.inner_text()
    page.keyboard.press("Escape")
    overlay.wait_for(state="detached")

    article.write_text(good, "utf-8")
    page.close()
