"""The dateline text and its place at the start of the body's first paragraph."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitegen.content.models import Article
from sitegen.render.pages import with_dateline
from sitegen.render.views import dateline


@pytest.mark.parametrize(
    ("location", "source", "text"),
    [
        ("SULAIMANI", "ESTA", "SULAIMANI (ESTA) —"),
        ("ERBIL", None, "ERBIL —"),
        (None, "ESTA", "ESTA —"),
        (None, None, ""),
        ("هەولێر", "ESTA", "هەولێر (ESTA) —"),
    ],
)
def test_dateline(
    make_article: Callable[..., Article], location: str | None, source: str | None, text: str
) -> None:
    assert dateline(make_article("a", location=location, source=source)) == text


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        (
            "<p>Text.</p>",
            "SULAIMANI (ESTA) —",
            '<p><span class="dateline">SULAIMANI (ESTA) —</span> Text.</p>',
        ),
        (
            "<h2>Sub</h2>\n<p>Text.</p>\n<p>Two.</p>",
            "ERBIL —",
            '<h2>Sub</h2>\n<p><span class="dateline">ERBIL —</span> Text.</p>\n<p>Two.</p>',
        ),
        (
            "<ul><li>x</li></ul>",
            "ERBIL —",
            '<p><span class="dateline">ERBIL —</span> </p>\n<ul><li>x</li></ul>',
        ),
        ("<p>Text.</p>", "", "<p>Text.</p>"),
        ("<p>T</p>", "A&B <i> —", '<p><span class="dateline">A&amp;B &lt;i&gt; —</span> T</p>'),
    ],
)
def test_with_dateline(body: str, line: str, expected: str) -> None:
    assert with_dateline(body, line) == expected
