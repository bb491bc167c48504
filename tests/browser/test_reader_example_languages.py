"""The example site's Sorani (/ckb/) and Arabic (/ar/) pages in Debian's Chromium: no English
interface text, axe-core finds nothing serious, nothing overflows a 320 px phone, dates are
written in the locale (issue 14's done-when, on the bundled example)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.test_reader_languages import (
    PROPER_NAMES,
    VISIBLE_TEXTS,
    latin_words,
    serious_axe_violations,
)

PAGES = {
    "front": {"ckb": "ckb/", "ar": "ar/"},
    "article": {
        "ckb": "ckb/2021/01/پۆمپیۆ-ئێران-هێشتا-هەڕەشەیە-بۆ-سەر-عێراق/",
        "ar": "ar/2021/01/بومبيو-إيران-لا-تزال-تشكل-تهديدا-للعراق/",
    },
    "section": {"ckb": "ckb/politics/", "ar": "ar/politics/"},
    "tag page 2": {"ckb": "ckb/tag/عێراق/page/2/", "ar": "ar/tag/العراق/page/2/"},
    "404": {"ckb": "ckb/404.html", "ar": "ar/404.html"},
}
LANGUAGES = ("ckb", "ar")
MONTH = {"ckb": "کانوونی دووەمی", "ar": "كانون الثاني"}
"""January 2021 as the example's locales write it (ckb; ar_IQ, set in its sitegen.yaml)."""


@pytest.fixture(scope="module")
def example(
    tmp_path_factory: pytest.TempPathFactory, kit: Any, serve_folder: Callable[..., Any]
) -> Iterator[str]:
    """The example site built for and served on loopback; its base URL."""
    root = kit.copy_example(tmp_path_factory.mktemp("example") / "site")
    with serve_folder(root / "public") as base:
        build = ["build", "--root", str(root), "--build-time", kit.build_time, "--base-url", base]
        result = kit.run_cli(*build)
        assert result.exit_code == 0, result.output
        yield base


def _open(phone: Any, base: str, name: str, language: str) -> None:
    response = phone.goto(base + quote(PAGES[name][language]))
    assert response is not None and response.ok, f"{language} {name}: {response}"
    assert phone.evaluate("() => document.documentElement.lang") == language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_no_english_interface_text(example: str, phone: Any, name: str, language: str) -> None:
    _open(phone, example, name, language)
    texts = phone.evaluate(VISIBLE_TEXTS)
    english = latin_words(texts, PROPER_NAMES)
    assert texts and not english, f"{language} {name}: English shown: {english}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_fits_320_px_and_passes_axe(
    example: str, phone: Any, name: str, language: str, axe_script: Path
) -> None:
    _open(phone, example, name, language)
    scroll, inner = phone.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"{language} {name}: content {scroll}px wide > {inner}px"
    serious = serious_axe_violations(phone, axe_script)
    assert not serious, f"{language} {name}: {serious}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["front", "article", "section", "tag page 2"])
def test_dates_are_written_in_the_locale(
    example: str, phone: Any, name: str, language: str
) -> None:
    _open(phone, example, name, language)
    shown = phone.locator("main time").all_inner_texts()
    assert shown, f"{language} {name}: no dates"
    for text in shown:
        assert re.search("[٠-٩]", text) and not re.search("[0-9]", text), text
        assert MONTH[language] in text or "٢٠٢٠" in text, text
