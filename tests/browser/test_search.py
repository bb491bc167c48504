"""Searching in Debian's Chromium: the masthead form, the results, keyboard use, no JavaScript.

The example site is built under a sub-path (``/news/``), as a GitHub Pages project site would
be, and served from a loopback static server, so result links must carry that path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

SEED = "Pompeo says Iran still poses threat to Iraq"
SEED_PATH = "2021/01/pompeo-says-iran-still-poses-threat-to-iraq/"


@pytest.fixture(scope="module")
def site_url(
    tmp_path_factory: pytest.TempPathFactory, kit: Any, serve_folder: Callable[..., Any]
) -> Iterator[str]:
    """The example site, built for and served at ``http://127.0.0.1:PORT/news/``."""
    top = tmp_path_factory.mktemp("search")
    root = kit.copy_example(top / "site")
    (top / "www").mkdir()
    (top / "www" / "news").symlink_to(root / "public")
    with serve_folder(top / "www") as served:
        base = served + "news/"
        build = ["build", "--root", str(root), "--build-time", kit.build_time, "--base-url", base]
        result = kit.run_cli(*build)
        assert result.exit_code == 0, result.output
        yield base


def _results(page: Any) -> list[tuple[str, str]]:
    # every result status names the query (in whatever language the page is)
    page.wait_for_function(
        "document.getElementById('search-status').textContent.includes("
        "new URL(location).searchParams.get('q'))"
    )
    links = page.locator("#search-results li h2 a")
    return [
        (links.nth(i).inner_text(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]


def test_pompeo_from_the_masthead_lists_the_seed_article_first(site_url: str, tab: Any) -> None:
    hosts: set[str] = set()
    tab.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    tab.goto(site_url)
    field = tab.get_by_role("searchbox", name="Search articles")
    field.fill("Pompeo")
    field.press("Enter")
    tab.wait_for_url(site_url + "search/?q=Pompeo")
    found = _results(tab)
    assert found[0] == (SEED, "/news/" + SEED_PATH)
    status = tab.get_by_role("status").inner_text()
    assert status.endswith("match “Pompeo”.") or status.endswith("matches “Pompeo”.")
    assert hosts == {urlsplit(site_url).netloc}  # no third-party request
    tab.get_by_role("link", name=SEED, exact=True).click()
    tab.wait_for_url(site_url + SEED_PATH)


def test_the_search_page_works_from_the_keyboard(site_url: str, tab: Any) -> None:
    tab.goto(site_url + "search/")
    field = tab.get_by_role("searchbox", name="Search the archive")
    field.focus()
    tab.keyboard.type("sanctions")
    tab.keyboard.press("Enter")
    found = _results(tab)
    assert found and all(href.startswith("/news/20") for _, href in found)
    assert "q=sanctions" in tab.url
    field.fill("zzqqxxnothing")
    tab.keyboard.press("Enter")
    tab.wait_for_function(
        "document.getElementById('search-status').textContent.includes('No articles')"
    )
    assert tab.locator("#search-results li").count() == 0


def test_without_javascript_the_form_still_leads_somewhere(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url)
        page.get_by_role("searchbox", name="Search articles").fill("Pompeo")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url(site_url + "search/?q=Pompeo")
        assert "needs JavaScript" in page.locator("main").inner_text()
        assert page.get_by_role("link", name="Politics").count() >= 1
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_the_results_page_passes_axe_and_fits(
    browser: Any, site_url: str, axe_script: Path, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(site_url + "search/?q=Kirkuk")
        assert _results(page)
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document)")
        serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, serious
        scroll, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        assert scroll <= inner
    finally:
        context.close()


@pytest.fixture(scope="module")
def sorani_url(
    tmp_path_factory: pytest.TempPathFactory, kit: Any, serve_folder: Callable[..., Any]
) -> Iterator[str]:
    """The wide-content fixture site as a Central Kurdish (right-to-left) site."""
    root = kit.copy_fixture_site("wide-content", tmp_path_factory.mktemp("sorani") / "site", "ckb")
    with serve_folder(root / "public") as base:
        build = ["build", "--root", str(root), "--build-time", kit.build_time, "--base-url", base]
        result = kit.run_cli(*build)
        assert result.exit_code == 0, result.output
        yield base


def test_a_sorani_query_finds_the_sorani_article(
    sorani_url: str, tab: Any, axe_script: Path
) -> None:
    tab.goto(sorani_url + "search/?q=" + "وەزارەت")
    found = _results(tab)
    assert found and found[0][1].startswith("/2021/")
    assert tab.locator("html").get_attribute("dir") == "rtl"
    assert tab.locator("html").get_attribute("lang") == "ckb"
    tab.add_script_tag(path=str(axe_script))
    result = tab.evaluate("async () => await axe.run(document)")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
