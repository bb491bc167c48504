"""Python-Markdown's own test suite (Gruber's, PHP Markdown's, extension and Arabic/bidi cases,
read from ``../shared/realdata/python-markdown-tests``): sitegen's pipeline renders each case as
stock Python-Markdown with "extra" (what sitegen used before) does, apart from the changes made
on purpose, after which no word of the text is lost.

Normalized before comparing: heading levels and ids (sitegen shifts headings and adds ids),
scrolling table wrappers, ``tabindex`` on code blocks, link and image URLs (sitegen makes them
valid URLs: ``clean_url``), whitespace.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from sitegen.content.markdown import MarkdownRenderer
from sitegen.content.mdext import clean_url

SUITE = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "python-markdown-tests"
CASES = sorted(
    p.relative_to(SUITE / "tests").as_posix()
    for pattern in ("basic/*.txt", "misc/*.txt", "pl/*/*.text", "extensions/**/*.txt")
    for p in (SUITE / "tests").glob(pattern)
)
CHANGED = {
    "extensions/attr_list.txt": "malformed attribute lists ({ foo= }) stay text",
    "pl/Tests_2004/Yuri-Attributes.text": "{@id=lorem} is not an attribute list: stays text",
    "extensions/extra/raw-html.txt": "Markdown inside <div> is rendered",
    "misc/CRLF_line_ends.txt": "Markdown inside <div> is rendered",
    "misc/span.txt": "Markdown inside <div> is rendered",
    "pl/Tests_2004/Inline HTML (Advanced).text": "Markdown inside <div> is rendered",
    "pl/Tests_2004/Inline HTML (Simple).text": "Markdown inside <div> is rendered",
    "pl/Tests_2007/Inline HTML (Advanced).text": "Markdown inside <div> is rendered",
    "pl/Tests_2007/Inline HTML (Simple).text": "Markdown inside <div> is rendered",
}
"""Cases whose output changed on purpose, and why."""


@pytest.fixture(scope="module")
def renderers() -> tuple[MarkdownRenderer, markdown.Markdown]:
    if not CASES:
        reason = f"Python-Markdown's test cases are not at {SUITE}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return MarkdownRenderer(), markdown.Markdown(extensions=["extra", "sane_lists"])


def _shape(fragment: str) -> list[str]:
    """Tags (with attributes that matter) and text runs, in document order."""
    soup = BeautifulSoup(fragment, "html.parser")
    for wrapper in soup.select("div.table-scroll"):
        wrapper.unwrap()
    out: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                text = " ".join(child.split())
                out.extend([text] if text else [])
            elif isinstance(child, Tag):
                heading = re.fullmatch(r"h[1-6]", child.name) is not None
                kept = {k: str(v) for k, v in child.attrs.items() if k not in ("id", "tabindex")}
                kept |= {k: clean_url(kept[k]) for k in ("href", "src") if k in kept}
                out.append(f"<{'h' if heading else child.name} {sorted(kept.items())}>")
                walk(child)
                out.append("</>")

    walk(soup)
    return out


def _words(fragment: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", BeautifulSoup(fragment, "html.parser").get_text()))


@pytest.mark.parametrize("case", CASES or ["(missing)"])
def test_case_renders_as_before(
    renderers: tuple[MarkdownRenderer, markdown.Markdown], case: str
) -> None:
    ours, stock = renderers
    text = (SUITE / "tests" / case).read_text(encoding="utf-8")
    new, old = ours.to_html(text), stock.reset().convert(text)
    if case in CHANGED:
        assert _words(old) <= _words(new), CHANGED[case]
    else:
        assert _shape(new) == _shape(old)


def test_the_suite_has_the_arabic_and_extension_cases() -> None:
    if CASES:
        assert {"misc/bidi.txt", "extensions/extra/footnote.txt", "extensions/toc.txt"} <= set(
            CASES
        )
        assert len(CASES) >= 150
