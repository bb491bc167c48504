"""Markdown bodies: headings start at h2 under the page's h1, whatever level the author used."""

from __future__ import annotations

import re

import pytest

from sitegen.content.markdown import (
    MarkdownRenderer,
    first_paragraph,
    markdown_plain,
    plain_text,
    summarize,
)


def _levels(html: str) -> list[str]:
    return re.findall(r"<(h\d)>", html)


@pytest.mark.parametrize(
    ("body", "levels"),
    [
        ("# A\n\ntext\n\n## B\n", ["h2", "h3"]),
        ("## A\n\ntext\n\n### B\n\n## C\n", ["h2", "h3", "h2"]),
        ("### Only\n", ["h2"]),
        ("###### Deep\n\n# Top\n", ["h6", "h2"]),
        ("Just text.\n", []),
    ],
)
def test_headings_start_at_h2(body: str, levels: list[str]) -> None:
    assert _levels(MarkdownRenderer().to_html(body)) == levels


@pytest.mark.parametrize(
    ("body", "first"),
    [
        ("## Heading\n\n- item\n\nThe lead.\n\nSecond.", "The lead."),
        ("> quote\n\n![img](x.png)\n\nLead *here*.", "Lead *here*."),
        ("", ""),
    ],
)
def test_first_paragraph(body: str, first: str) -> None:
    assert first_paragraph(body) == first


def test_summarize_cuts_at_a_word_boundary() -> None:
    text = summarize("word " * 100, limit=30)
    assert text.endswith("…") and len(text) <= 31 and "wor…" not in text


@pytest.mark.parametrize(
    "paragraph",
    [
        "Plain words, nothing else.",
        "The **regional** council met on [Tuesday](/2021/01/x/) to discuss the *budget*.",
        "Prices rose by 5 % in `Kirkuk` markets, __traders__ said, and _buyers_ waited.",
        "See <https://example.org/report> and the [annex](#annex) for details &amp; figures.",
        "A picture ![alt text](/images/x.png) then <em>inline HTML</em> and \\*escaped\\* stars.",
        "Snake_case_names and 2*3*4 arithmetic stay as written.",
        "“Curly quotes” and the dateline-free lead: SULAIMANI officials said — nothing more.",
    ],
)
def test_markdown_plain_matches_python_markdown(paragraph: str) -> None:
    """The fast standfirst text equals the text Python-Markdown itself renders."""
    expected = plain_text(MarkdownRenderer().to_html(paragraph))
    assert markdown_plain(paragraph) == expected
