"""A reader in Debian's Chromium: front page -> seed article -> Next / Previous; axe-core; layout.

The example site is built with ``--base-url`` pointing at a loopback static server, so every link
the reader follows is a real HTTP request to the built files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SEED = "Pompeo says Iran still poses threat to Iraq"
NEXT = "U.S. imposes sanctions on deputy of Iraqi paramilitaries"
PREVIOUS = "KDP delegation meets PUK officials in Erbil"
SEED_PATH = "2021/01/pompeo-says-iran-still-poses-threat-to-iraq/"
GALLERY_PATH = "2021/02/erbil-citadel-hosts-craft-market-weekend/"
CORRECTED_PATH = "2021/01/duhok-health-directorate-opens-vaccine-cold-store/"
AXE_PAGES = {
    "front page": "",
    "seed article": SEED_PATH,
    "section": "politics/",
    "tag page 2": "tag/iraq/page/2/",
    "author": "author/ava-karim/",
    "archive": "2021/01/",
    "404": "404.html",
    "gallery article": GALLERY_PATH,
    "corrected article": CORRECTED_PATH,
    "corrections": "corrections/",
}


@pytest.fixture(scope="module")
def site_url(
    tmp_path_factory: pytest.TempPathFactory, kit: Any, serve_folder: Callable[..., Any]
) -> Iterator[str]:
    """Serve a fresh build of the example site on 127.0.0.1 and return its base URL."""
    root = kit.copy_example(tmp_path_factory.mktemp("browser") / "site")
    kit.add_newsroom_furniture(root)
    with serve_folder(root / "public") as base:
        result = kit.run_cli(
            "build", "--root", str(root), "--build-time", kit.build_time, "--base-url", base
        )
        assert result.exit_code == 0, result.output
        yield base


@pytest.fixture
def page(tab: Any) -> Any:
    """The laptop-sized page of conftest, under the name these tests use."""
    return tab


def _headline(page: Any) -> str:
    assert page.locator("h1").count() == 1
    return str(page.locator("h1").inner_text()).strip()


def test_reader_follows_seed_next_and_previous(site_url: str, page: Any) -> None:
    page.goto(site_url)
    page.get_by_role("link", name=SEED, exact=True).first.click()
    page.wait_for_url(site_url + SEED_PATH)
    assert _headline(page) == SEED
    page.get_by_role("link", name=f"Next Article {NEXT}").click()
    page.wait_for_load_state()
    assert _headline(page) == NEXT
    page.go_back()
    assert _headline(page) == SEED
    page.get_by_role("link", name=f"Previous Article {PREVIOUS}").click()
    page.wait_for_load_state()
    assert _headline(page) == PREVIOUS


def _axe(page: Any, script: Path) -> dict[str, Any]:
    page.add_script_tag(path=str(script))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return result


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_violations(
    browser: Any, site_url: str, name: str, scheme: str, axe_script: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        _axe_page(page, site_url + AXE_PAGES[name], f"{name} ({scheme})", axe_script)
    finally:
        context.close()


def _axe_page(page: Any, url: str, name: str, axe_script: Path) -> None:
    page.goto(url)
    assert page.locator("aside.breaking").count() == 1  # axe checks the banner too
    result = _axe(page, axe_script)
    found = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]
    print(f"axe on {name}: " + ("; ".join(found) or "no violations"))
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"axe on {name}:\n" + "\n".join(found)
    evaluated = {r["id"] for kind in ("passes", "violations") for r in result[kind]}
    assert "color-contrast" in evaluated, "axe did not check colour contrast"
    unsure = [r for r in result["incomplete"] if r["id"] == "color-contrast"]
    assert not unsure, f"axe could not decide contrast on {name}: {unsure[0]['nodes'][:3]}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_no_horizontal_overflow(
    browser: Any, site_url: str, name: str, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(site_url + AXE_PAGES[name])
        scroll, inner = tab.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"{name} at {width}px: content {scroll}px wide > {inner}px"
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_gallery_fits_and_is_reached_by_keyboard(browser: Any, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(site_url + GALLERY_PATH)
        tab.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        scroll, inner = tab.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"gallery article at {width}px: {scroll}px wide > {inner}px"
        gallery = tab.get_by_role("region", name="Gallery")
        figures = gallery.locator("li > figure")
        assert figures.count() == 3
        for index in range(3):
            box = figures.nth(index).bounding_box()
            assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= width
            img = figures.nth(index).locator("img")
            img.scroll_into_view_if_needed()
            tab.wait_for_function(
                "(img) => img.complete && img.naturalWidth > 0", arg=img.element_handle()
            )
            shown = img.evaluate("(img) => img.getBoundingClientRect().width")
            assert shown > 0.9 * (width - 32 if width < 560 else 300)
        links = gallery.get_by_role("link")
        links.first.focus()
        focused = tab.evaluate("() => document.activeElement.closest('.gallery') !== null")
        assert focused
        tab.keyboard.press("Tab")
        assert tab.evaluate(
            "() => document.activeElement === document.querySelectorAll('.gallery a')[1]"
        )
    finally:
        context.close()


_CHOSEN = """() => [...document.images].filter(img => img.srcset).map(img => {
  const widths = img.closest('picture').querySelector('source, img').srcset.split(',')
    .map(entry => parseInt(entry.trim().split(' ').pop()));
  const name = img.currentSrc.split('/').pop();
  const chosen = parseInt(name.split('.')[0].split('-').pop());
  return {name, chosen, widths, shown: img.getBoundingClientRect().width};
})"""


def _best(picture: dict[str, Any], scale: int) -> int:
    """The narrowest copy at least as wide as the picture is shown, in device pixels."""
    needed = picture["shown"] * scale
    fits = [w for w in picture["widths"] if w >= needed - 1]
    return min(fits) if fits else max(picture["widths"])


def _stem(picture: dict[str, Any]) -> str:
    """The source picture a copy was made from (``name-640.digest.avif`` -> ``name``)."""
    return str(picture["name"]).split(".")[0].rsplit("-", 1)[0]


@pytest.mark.parametrize(
    ("width", "scale"), [(320, 2), (390, 3), (600, 1), (800, 1), (1100, 1), (1280, 1)]
)
@pytest.mark.parametrize("name", ["front page", "gallery article"])
def test_each_picture_is_the_smallest_copy_that_fills_its_place(
    browser: Any, site_url: str, name: str, width: int, scale: int
) -> None:
    """``sizes`` says how wide each picture is shown: the browser then fetches the narrowest copy
    at least that wide in device pixels, never a wider one (bytes wasted on every phone)."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, device_scale_factor=scale
    )
    try:
        tab = context.new_page()
        tab.goto(site_url + AXE_PAGES[name])
        images = tab.locator("img[srcset]")
        for index in range(images.count()):  # each lazy picture into view, and loaded
            images.nth(index).scroll_into_view_if_needed()
            tab.wait_for_function("(img) => img.complete", arg=images.nth(index).element_handle())
        pictures = tab.evaluate(_CHOSEN)
        assert pictures
        best = {id(p): _best(p, scale) for p in pictures}
        for picture in pictures:
            # A picture shown in two places may reuse the copy the page already loaded for the
            # other place (browsers may take any copy they hold): either place's best is right.
            same = {best[id(p)] for p in pictures if _stem(p) == _stem(picture)}
            assert picture["chosen"] in same, (width, scale, best[id(picture)], picture)
    finally:
        context.close()


def _colours(tab: Any) -> list[str]:
    return list(
        tab.evaluate(
            "() => [getComputedStyle(document.body).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
    )


def test_dark_mode_follows_the_reader_setting(browser: Any, site_url: str) -> None:
    found = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
        try:
            tab = context.new_page()
            tab.goto(site_url + CORRECTED_PATH)
            found[scheme] = _colours(tab)
        finally:
            context.close()
    assert found["light"] == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]
    assert found["dark"] == ["rgb(20, 20, 20)", "rgb(236, 235, 232)"]


def test_print_style_keeps_the_story_and_drops_the_furniture(page: Any, site_url: str) -> None:
    page.goto(site_url + CORRECTED_PATH)
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => Object.fromEntries(['.share', '.masthead-search', '.breaking', '.site-footer',
        '.related', '.article-body', '.corrections', 'h1'].map(s => [s,
        getComputedStyle(document.querySelector(s)).display !== 'none']))"""
    )
    assert shown == {
        ".share": False,
        ".masthead-search": False,
        ".breaking": False,
        ".site-footer": False,
        ".related": False,
        ".article-body": True,
        ".corrections": True,
        "h1": True,
    }


def test_cards_in_a_row_line_up_with_and_without_pictures(page: Any, site_url: str) -> None:
    page.goto(site_url)
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.section-block .card-grid')].map(grid =>
        [...grid.querySelectorAll('.card')].map(card => ({
          top: Math.round(card.getBoundingClientRect().top),
          title: Math.round(card.querySelector('.card-title').getBoundingClientRect().top),
          picture: card.classList.contains('has-image')})))"""
    )
    mixed = [row for row in rows if len({c["picture"] for c in row}) == 2]
    assert mixed, "the example front page should have a block with and without pictures"
    for row in rows:  # at 1280 px each block's four cards are one row
        assert len({c["top"] for c in row}) == 1, row
        assert len({c["title"] for c in row}) == 1, row


def test_phone_front_page_is_compact(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        tab.goto(site_url)
        height = tab.evaluate("() => document.documentElement.scrollHeight")
        thumb = tab.evaluate(
            "() => document.querySelector('.section-block .card-image').getBoundingClientRect()"
            ".width"
        )
    finally:
        context.close()
    assert thumb <= 90  # section blocks: a thumbnail beside each headline
    assert height < 7000, height  # 8,677 px before the section blocks were compact
