"""No page scrolls sideways on a phone, whatever an article holds, left-to-right or right-to-left.

The fixture site ``tests/sites/wide-content`` has articles with long code lines, wide Markdown
and HTML tables, long URLs and words (Latin and Arabic script), iframes and wide pictures. It is
built as an English site and as a Sorani (``ckb``, right-to-left) site, served on 127.0.0.1 and
every page is opened in Chromium at 320 and 1280 px.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ARTICLES = ["2021/01/wide-budget-tables/", "2021/01/budget-ckb/", "about/"]
CUT_SHORT = "2021/01/raw-html-cut-short/"

_MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const outside = [];
  for (const el of document.body.querySelectorAll('*')) {
    let clipped = false;  // inside a box that scrolls or clips: it cannot widen the page
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    }
    const box = el.getBoundingClientRect();
    if (!clipped && box.width > 0 && (box.left < -1 || box.right > width + 1)) {
      const where = `${Math.round(box.left)}..${Math.round(box.right)}`;
      outside.push(`${el.tagName.toLowerCase()}.${el.className} ${where}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, x: window.scrollX, outside};
}"""


@pytest.fixture(scope="module", params=["en", "ckb"])
def wide_site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    kit: Any,
    serve_folder: Callable[..., Any],
) -> Iterator[tuple[str, list[str]]]:
    """The fixture site built in one direction and served: its base URL and its pages."""
    language = request.param
    root = kit.copy_fixture_site(
        "wide-content", tmp_path_factory.mktemp(language) / "site", language
    )
    public = root / "public"
    with serve_folder(public) as base:
        result = kit.run_cli(
            "build", "--root", str(root), "--build-time", kit.build_time, "--base-url", base
        )
        assert result.exit_code == 0, result.output
        pages = sorted(
            p.relative_to(public).as_posix().removesuffix("index.html")
            for p in public.rglob("*.html")
        )
        assert set(ARTICLES) <= set(pages)
        yield base, pages


@pytest.mark.parametrize("width", [320, 1280])
def test_no_page_is_wider_than_the_screen(
    browser: Any, wide_site: tuple[str, list[str]], width: int
) -> None:
    base, pages = wide_site
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(15000)
    failures = []
    try:
        for path in pages:
            tab.goto(base + path)
            seen = tab.evaluate(_MEASURE)
            if seen["scroll"] > seen["width"] or seen["outside"] or seen["x"] != 0:
                failures.append(f"/{path}: {seen}")
    finally:
        context.close()
    assert not failures, f"{len(failures)} of {len(pages)} pages overflow at {width}px:\n" + (
        "\n".join(failures)
    )


def test_wide_parts_scroll_inside_themselves(
    browser: Any, wide_site: tuple[str, list[str]]
) -> None:
    """Code and tables keep their lines (they scroll, and take focus to be scrolled by keyboard)."""
    base, _ = wide_site
    context = browser.new_context(viewport={"width": 320, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(base + ARTICLES[0])
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll('.article-body pre, .table-scroll')].map(
                 e => [e.tagName, e.scrollWidth > e.clientWidth, e.tabIndex])"""
        )
    finally:
        context.close()
    # two code blocks, the Markdown table, the HTML table (whose URLs may wrap at hyphens)
    assert [(tag, tab_index) for tag, _, tab_index in boxes] == [("PRE", 0)] * 2 + [("DIV", 0)] * 2
    assert all(scrolls for _, scrolls, _ in boxes[:3]), boxes


def test_unbalanced_raw_html_stays_inside_the_article(
    browser: Any, wide_site: tuple[str, list[str]]
) -> None:
    """An unclosed <div> or a stray </article></main> in a body does not move the page's parts."""
    base, _ = wide_site
    tab = browser.new_page()
    try:
        tab.goto(base + CUT_SHORT)
        shape = tab.evaluate(
            """() => ({
              footer: document.querySelector('footer.site-footer').parentElement.tagName,
              tags: !!document.querySelector('main > article.article > footer.article-footer'),
              body: document.querySelector('article.article > .article-body')
                .textContent.includes('The article goes on after it.'),
              nav: document.querySelector('nav.article-nav').parentElement.tagName,
            })"""
        )
    finally:
        tab.close()
    assert shape == {"footer": "BODY", "tags": True, "body": True, "nav": "MAIN"}


@pytest.mark.parametrize("path", ARTICLES)
def test_axe_on_wide_articles(
    browser: Any, wide_site: tuple[str, list[str]], path: str, axe_script: Path
) -> None:
    base, _ = wide_site
    context = browser.new_context(viewport={"width": 320, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(base + path)
        tab.add_script_tag(path=str(axe_script))
        result = tab.evaluate("async () => await axe.run(document)")
    finally:
        context.close()
    serious = [
        f"{v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
