"""Markdown as newsroom content needs it: in HTML wrappers, heading ids, braces, raw HTML,
tables, footnotes, definition lists, fenced code and summaries (each parsed with BeautifulSoup)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup, Tag

from sitegen.content.markdown import MarkdownRenderer, inline_html
from tests.parsing import markdown_soup

RTL_BODY = """<div dir="rtl">
**بەهێز** بوو، [ماڵپەڕ](https://example.org/a) و `کۆد`:

1. یەکەم
2. دووەم
</div>
"""


def _tag(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, f"no {selector} in {soup}"
    return found


def test_markdown_inside_a_right_to_left_wrapper_is_rendered() -> None:
    soup = markdown_soup(RTL_BODY)
    wrapper = _tag(soup, "div[dir=rtl]")
    assert _tag(wrapper, "strong").get_text() == "بەهێز"
    assert _tag(wrapper, "a")["href"] == "https://example.org/a"
    assert _tag(wrapper, "code").get_text() == "کۆد"
    assert [li.get_text() for li in wrapper.select("ol > li")] == ["یەکەم", "دووەم"]
    text = wrapper.get_text()
    assert not any(mark in text for mark in ("**", "](", "`", "1."))


@pytest.mark.parametrize(
    "wrapper", ["section", "aside", "article", "figure", "details", "blockquote", "div"]
)
def test_markdown_inside_block_wrappers(wrapper: str) -> None:
    soup = markdown_soup(f"<{wrapper}>\nSome *emphasis* and a [link](/a/).\n</{wrapper}>\n")
    element = _tag(soup, wrapper)
    assert _tag(element, "em").get_text() == "emphasis"
    assert _tag(element, "a")["href"] == "/a/"


@pytest.mark.parametrize(
    ("body", "selector", "raw"),
    [
        ("<div>\n<pre>**not bold** `x`</pre>\n</div>", "pre", "**not bold** `x`"),
        ('<div>\n<script>var a = "**x**";</script>\n</div>', "script", 'var a = "**x**";'),
        ("<div>\n<style>p::after { content: '*a*'; }</style>\n</div>", "style", "*a*"),
        ('<div markdown="0">**raw** on request</div>', "div", "**raw** on request"),
    ],
)
def test_code_and_opted_out_html_stay_raw(body: str, selector: str, raw: str) -> None:
    element = _tag(markdown_soup(body), selector)
    assert raw in element.get_text()
    assert element.find(["strong", "em", "code"]) is None


def test_indented_html_in_a_wrapper_stays_html() -> None:
    """Pasted embeds are indented: four spaces inside a <div> are not a code block."""
    soup = markdown_soup(
        '<div class="embed">\n    <p>A <b>caption</b></p>\n'
        '    <iframe src="https://example.org/v" title="v"></iframe>\n'
        "    Note: *indented* text.\n</div>\n"
    )
    assert soup.find("pre") is None and soup.find("code") is None
    assert _tag(soup, "div.embed > p > b").get_text() == "caption"
    assert _tag(soup, "div.embed iframe")["src"] == "https://example.org/v"
    assert _tag(soup, "div.embed em").get_text() == "indented"


def test_headings_get_readable_unique_ids() -> None:
    soup = markdown_soup(
        "See [the results](#results).\n\n## Results\n\ntext\n\n## Results\n\n"
        "## مێژووی کوردستان\n\n## Main\n\n## !!!\n"
    )
    ids = [h["id"] for h in soup.select("h2")]
    assert ids == ["results", "results_1", "مێژووی-کوردستان", "main_1", "section"]
    assert _tag(soup, "a")["href"] == "#" + ids[0]


def test_ids_stay_unique_with_raw_html_anchors() -> None:
    soup = markdown_soup(
        '<a id="intro"></a><a id="main"></a>\n\n## Intro\n\n<span id="intro">x</span>'
    )
    ids = [e["id"] for e in soup.select("[id]")]
    assert len(ids) == len(set(ids)) == 4
    assert "main" not in ids  # the page's own <main id="main">


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("A _note_{{< /box >}} here.", "{{< /box >}}"),
        ("{% highlight python %}\nx = 1\n{% endhighlight %}", "{% endhighlight %}"),
        ("Liquid {{ site.baseurl }} output.", "{{ site.baseurl }}"),
        ("Set notation {x | x > 0} and {a, b}.", "{x | x > 0}"),
    ],
)
def test_braces_that_are_not_attribute_lists_stay_text(body: str, text: str) -> None:
    soup = markdown_soup(body)
    assert text in soup.get_text()
    for element in soup.find_all(True):
        assert set(element.attrs) <= {"id"}, element


def test_well_formed_attribute_lists_still_apply() -> None:
    soup = markdown_soup("## Heading {#custom-id}\n\nA paragraph.\n{: .lead }\n\n*em*{: .note }")
    assert _tag(soup, "h2")["id"] == "custom-id"
    assert _tag(soup, "p.lead").get_text().strip() == "A paragraph."
    assert _tag(soup, "em.note").get_text() == "em"


class _Balance(HTMLParser):
    """Checks that every element is closed, in order (what an HTML5 serializer writes)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    VOID |= {"source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(f"</{tag}> does not close the last open element")


@pytest.mark.parametrize(
    "body",
    [
        "<div><p>unclosed div and paragraph",
        "text\n\n</div></article></main>\n\nmore",
        "<table><tr><td>cell</table></div>",
        "inline <b>bold <i>both</b> and on",
        "<section>\n\n**open** section",
    ],
)
def test_raw_html_is_balanced(body: str) -> None:
    html = MarkdownRenderer().to_html(body)
    check = _Balance()
    check.feed(html)
    check.close()
    assert not check.errors and not check.open, (html, check.errors, check.open)
    # and so the page around it keeps its shape
    page = BeautifulSoup(f"<main><article>{html}</article><footer>f</footer></main>", "html.parser")
    footer = _tag(page, "footer")
    assert footer.parent is not None and footer.parent.name == "main", html


def test_tables_scroll_in_a_named_focusable_region() -> None:
    soup = markdown_soup(
        "| Year | Votes |\n|---|---|\n| 2021 | 10 |\n\n<table><tr><th>Raw</th></tr></table>"
    )
    wrappers = soup.select("div.table-scroll")
    assert len(wrappers) == 2
    for wrapper in wrappers:
        assert wrapper["tabindex"] == "0" and wrapper["role"] == "region"
        assert wrapper.find("table") is not None
    assert [w["aria-label"] for w in wrappers] == ["Table: Year, Votes", "Table: Raw"]


def test_footnotes_definition_lists_and_fenced_code() -> None:
    soup = markdown_soup(
        "Claim[^1] and another[^src].\n\n[^1]: First.\n[^src]: Second.\n\n"
        "Term\n:   Its definition.\n\n```python\nx = 1 < 2\n```\n"
    )
    ids = [e["id"] for e in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    for link in soup.select('a[href^="#"]'):
        assert str(link["href"])[1:] in ids
    assert [li.get_text(" ", strip=True)[:6] for li in soup.select("div.footnote li")] == [
        "First.",
        "Second",
    ]
    assert _tag(soup, "dl > dt").get_text() == "Term"
    assert _tag(soup, "dl > dd").get_text() == "Its definition."
    code = _tag(soup, "pre > code.language-python")
    assert code.get_text() == "x = 1 < 2\n"
    assert _tag(soup, "pre")["tabindex"] == "0"


@pytest.mark.parametrize(
    ("summary", "html"),
    [
        ("Talks &mdash; *at last*", "Talks &mdash; <em>at last</em>"),
        ("A [report](/r/) with `code`", 'A <a href="/r/">report</a> with <code>code</code>'),
        ("<script>alert(1)</script> & more", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        ("# not a heading\n1. nor a list", "# not a heading 1. nor a list"),
        ("Plain words", "Plain words"),
    ],
)
def test_summary_is_inline_markdown_escaped(summary: str, html: str) -> None:
    assert inline_html(summary) == html


@pytest.mark.parametrize(
    ("fence", "language"),
    [
        ("```ts:env/schema.mjs", "language-ts"),
        ('```js title="app.js"', "language-js"),
        ("~~~python", "language-python"),
        ("```", None),
    ],
)
def test_fenced_code_with_info_strings_as_other_tools_write_them(
    fence: str, language: str | None
) -> None:
    closing = fence[:3]
    soup = markdown_soup(f"Before.\n\n{fence}\nconst a = `**x**`;\n{closing}\n\nAfter.")
    code = _tag(soup, "pre > code")
    assert code.get_text() == "const a = `**x**`;\n"
    assert code.get("class") == ([language] if language else None)
    assert [p.get_text() for p in soup.find_all("p")] == ["Before.", "After."]
