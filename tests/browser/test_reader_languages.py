"""The Sorani and Arabic fixture sites in Debian's Chromium: no English interface text, axe-core
finds nothing serious, nothing overflows a 320 px phone, dates are written in the locale."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TOOLS = Path(__file__).resolve().parents[2] / ".tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
SITES = {"ckb": "lang-ckb", "ar": "lang-ar"}
PAGES = {
    "front": "",
    "article": "2021/01/pompeo-iran/",
    "section": "politics/",
    "tag page 2": {"ckb": "tag/عێراق/page/2/", "ar": "tag/العراق/page/2/"},
    "404": "404.html",
}
ALLOWED_LATIN = {"sitegen", "ESTA", "ISIS", "2021"}
"""Latin-script words the sample content itself holds (a wire credit, a product name...)."""
PROPER_NAMES = {"RSS", "Atom", "JSON", "Feed", "X", "Facebook", "WhatsApp", "Telegram", "LinkedIn"}
"""Names of feed formats and of the services the share links lead to: shown as they are named
in every language (the footer's feed links, the article's share links)."""

VISIBLE_TEXTS = """() => {
  const seen = [], page = document.documentElement.lang;
  // text marked as another language (a switcher's "English" link) is not the interface's
  const foreign = (el) => el.closest('[lang]').lang !== page;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, box = node.parentElement;
    const style = getComputedStyle(box);
    const hidden = style.display === 'none' || style.visibility === 'hidden';
    const skipped = box.closest('script, style, noscript') || foreign(box);
    if (node.textContent.trim() && !hidden && !skipped) {
      seen.push(node.textContent.trim());
    }
  }
  for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
    if (foreign(el)) continue;
    for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
      if (el.getAttribute(name)) seen.push(el.getAttribute(name));
    }
  }
  seen.push(document.title);
  return seen;
}"""


def latin_words(texts: list[str], allowed: set[str]) -> list[str]:
    """The texts holding a Latin-script word other than the ``allowed`` ones."""
    return [text for text in texts if set(re.findall(r"[A-Za-z]+(?:\.[A-Za-z]+)*", text)) - allowed]


def serious_axe_violations(phone: Any, axe: Path) -> list[str]:
    """axe-core's serious and critical findings on the page open in ``phone``."""
    phone.add_script_tag(path=str(axe))
    result = phone.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _path(name: str, language: str) -> str:
    path = PAGES[name]
    return path[language] if isinstance(path, dict) else path


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory, kit: Any, serve_folder: Callable[..., Any]
) -> Iterator[dict[str, str]]:
    """Both fixture sites built for and served on loopback: language -> base URL."""
    urls: dict[str, str] = {}
    servers = []
    for language, name in SITES.items():
        root = kit.copy_fixture_site(name, tmp_path_factory.mktemp(language) / "site")
        server = serve_folder(root / "public")
        base = server.__enter__()
        servers.append(server)
        build = ["build", "--root", str(root), "--build-time", kit.build_time, "--base-url", base]
        result = kit.run_cli(*build)
        assert result.exit_code == 0, result.output
        urls[language] = base
    try:
        yield urls
    finally:
        for server in servers:
            server.__exit__(None, None, None)


@pytest.mark.parametrize("language", SITES)
@pytest.mark.parametrize("name", PAGES)
def test_no_english_interface_text(
    sites: dict[str, str], phone: Any, name: str, language: str
) -> None:
    phone.goto(sites[language] + _path(name, language))
    texts = phone.evaluate(VISIBLE_TEXTS)
    english = latin_words(texts, ALLOWED_LATIN | PROPER_NAMES)
    assert texts and not english, f"{language} {name}: English shown: {english}"


@pytest.mark.parametrize("language", SITES)
@pytest.mark.parametrize("name", PAGES)
def test_fits_320_px_and_passes_axe(
    sites: dict[str, str], phone: Any, name: str, language: str, require_tool: Callable[[str], None]
) -> None:
    phone.goto(sites[language] + _path(name, language))
    scroll, inner = phone.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"{language} {name}: content {scroll}px wide > {inner}px"
    if not AXE.is_file():
        require_tool(f"axe-core is not installed: {AXE} (npm install --prefix .tools axe-core)")
    serious = serious_axe_violations(phone, AXE)
    assert not serious, f"{language} {name}: {serious}"


@pytest.mark.parametrize("language", SITES)
def test_dates_are_written_in_the_locale(sites: dict[str, str], phone: Any, language: str) -> None:
    phone.goto(sites[language] + _path("article", language))
    shown = phone.locator(".times time").first.inner_text()
    month = {"ckb": "کانوونی دووەمی", "ar": "كانون الثاني"}[language]
    assert month in shown and "٢٠٢١" in shown and not re.search(r"[0-9]", shown), shown
    phone.goto(sites[language])
    for text in phone.locator(".card-meta time").all_inner_texts():
        assert re.search("[٠-٩]", text) and not re.search("[0-9]", text), text
