"""Markdown bodies: headings start at h2 under the page's h1, whatever level the author used."""

from __future__ import annotations

import random
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
    return re.findall(r"<(h\d)[ >]", html)


@pytest.mark.parametrize(
    ("body", "levels"),
    [
        ("# A\n\ntext\n\n## B\n", ["h2", "h3"]),
        ("## A\n\ntext\n\n### B\n\n## C\n", ["h2", "h3", "h2"]),
        ("### Only\n", ["h2"]),
        ("###### Deep\n\n# Top\n", ["h2", "h2"]),
        # never more than one level below the heading before (or the page's h1)
        ("### A\n\n## B\n\n### C\n", ["h2", "h2", "h3"]),
        ("# A\n\n#### B\n\n## C\n", ["h2", "h3", "h3"]),
        ("Intro\n\n### A\n\nSetext\n======\n", ["h2", "h2"]),
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
        ('<div dir="rtl">\n**سلێمانی** — دەق.\n\nدووەم\n</div>', "**سلێمانی** — دەق."),
        ('<div dir="rtl">\n\nLead.\n\n</div>', "Lead."),
        ("", ""),
        ("one", "one"),
        ("## Only a heading", ""),
        # paragraphs end at a line holding only whitespace, however many
        ("# Heading\n \t\n\nThe first paragraph.\n\nThe second.", "The first paragraph."),
        ("- a list\n\n   \n\nText after a gap of spaces.", "Text after a gap of spaces."),
        ("Line one\nline two\n\nnext", "Line one\nline two"),
        ("> quote\n\n\n\nx\n \nz", "x"),
        ("a\n \t\n\n b\n\n", "a"),
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


_SNIPPETS = [
    "Plain prose line",
    "a *em* and **strong** and _under_ and __dunder__",
    "2*3*4 and snake_case_name",
    "`code span` and ``double `tick` span``",
    "\\*escaped\\* \\[bracket\\] \\_under\\_ \\`tick\\`",
    "[link](/a/b/) and [ref][r] and [r] and ![img](/x.png) and ![ref img][r]",
    "[r]: /ref/target/",
    "footnote[^1]",
    "[^1]: The note.",
    "<https://example.org/x> and <mail@example.org>",
    "inline <em>html</em> and <br> and a < b > c",
    "&amp; &copy; &#169; & alone",
    "line with two trailing spaces  ",
    "# Heading",
    "## Heading *em*",
    "> quoted [link](/q/)",
    "- item *one*\n- item `two`",
    "1. first\n2. second",
    "Term\n:   Definition with <b>bold</b>",
    "| a | b |\n|---|---|\n| *c* | [d](/d/) |",
    "```\nfenced *not em* <b>\n```",
    "    indented code *not em*",
    "*[HTML]: Hyper Text Markup Language",
    "HTML abbreviation in prose",
    "text {: .cls }",
    '<div markdown="1">*inside* div</div>',
    "---",
    "* * *",
    "Setext title\n============",
    "Setext sub\n----------",
    "[^2]: A second note\n    with a lazy continuation",
    "key: value with a colon | and a pipe",
    "a line ending in a dash -\nnext line =",
    "- - -",
    "_ _ _",
    "***",
    "Term\n:\tTabbed definition",
    "> - quoted list\n>   ---",
    "1. item\n\n    Setext in list\n    ===",
]


def _bodies(count: int) -> list[str]:
    """Deterministic bodies mixing the snippets, so every pattern is both present and absent."""
    rng = random.Random(20260601)
    bodies = list(_SNIPPETS)
    for _ in range(count):
        parts = rng.sample(_SNIPPETS, rng.randint(1, 6))
        glue = [rng.choice(["\n\n", "\n", " "]) for _ in parts]
        bodies.append("".join(p + g for p, g in zip(parts, glue, strict=True)))
    return bodies


def test_renderer_matches_stock_python_markdown() -> None:
    """Skipping inline patterns whose characters are absent never changes the HTML."""
    stock = MarkdownRenderer(prune=False)
    renderer = MarkdownRenderer()
    for body in _bodies(600):
        assert renderer.to_html(body) == stock.to_html(body), body


@pytest.mark.parametrize(
    ("body", "href"),
    [
        ("[a](<simple link>)", "simple%20link"),
        ("[a](http://x/Dawn of War)", "http://x/Dawn%20of%20War"),
        ("[a][1]\n\n[1]: https://x/start\\_page.do", "https://x/start_page.do"),
        ("[a](/q?x=GO\\\\:1)", "/q?x=GO:1"),
        ("[a](/q?x=1&y=2<>)", "/q?x=1&amp;y=2%3C%3E"),
        ("[a](/100%/%C3%A9/é/)", "/100%25/%C3%A9/é/"),
        ("![a](/img\\ x.png)", "/img%5C%20x.png"),
    ],
)
def test_link_urls_are_valid_urls(body: str, href: str) -> None:
    html = MarkdownRenderer().to_html(body)
    assert re.search(r'(?:href|src)="([^"]*)"', html)[1] == href, html  # type: ignore[index]


def test_skipped_patterns_come_back_for_the_next_body() -> None:
    renderer = MarkdownRenderer()
    assert "<em>" not in renderer.to_html("no emphasis here")
    assert renderer.to_html("*yes*") == "<p><em>yes</em></p>"
    assert renderer.to_html("[a](/b/)") == '<p><a href="/b/">a</a></p>'
