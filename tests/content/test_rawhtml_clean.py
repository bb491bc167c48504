"""Raw HTML written in a body comes out valid: block tags placed where Markdown starts a
block, what HTML does not define left out (and warned about at its line while loading)."""

from __future__ import annotations

import pytest
from bs4 import Tag

from sitegen.content.htmlcheck import raw_html_warnings
from tests.parsing import markdown_soup


def test_an_indented_div_under_a_text_line_is_a_block_of_its_own() -> None:
    soup = markdown_soup(
        '{% raw %}\n  <div class="embed">\n <iframe src="https://x.org/e"></iframe>\n'
        "  </div>\n{% endraw %}\n\nNext."
    )
    div = soup.find("div", class_="embed")
    assert isinstance(div, Tag) and div.parent is soup  # not inside a <p>
    assert "markdown" not in div.attrs
    assert div.find("iframe") is not None
    assert [p.get_text() for p in soup.find_all("p")] == ["{% raw %}", "{% endraw %}", "Next."]


def test_img_and_figcaption_on_one_line_stay_a_valid_figure() -> None:
    soup = markdown_soup(
        '<figure>\n  <img src="a.png" alt="A"/> <figcaption>Cap <em>x</em></figcaption>\n'
        "</figure>\n\nNext."
    )
    figure = soup.find("figure")
    assert isinstance(figure, Tag)
    children = [c for c in figure.children if isinstance(c, Tag)]
    assert children[-1].name == "figcaption" and children[-1].get_text() == "Cap x"
    assert all(c.get_text().strip() or c.find("img") for c in children)  # no empty <p></p>
    assert figure.find("img") is not None


def test_attributes_html_does_not_define_are_dropped() -> None:
    soup = markdown_soup(
        '<div name="n" onclick="f()" className="c" data-a="1" aria-label="l" class="k">\n'
        '<span style=">" title="t">s</span> <a href="/x" target="_blank" foo="1">a</a>\n</div>'
    )
    div = soup.find("div", class_="k")
    assert isinstance(div, Tag)
    assert sorted(div.attrs) == ["aria-label", "class", "data-a"]
    assert soup.find("span").attrs == {"title": "t"}  # type: ignore[union-attr]
    assert soup.find("a").attrs == {"href": "/x", "target": "_blank"}  # type: ignore[union-attr]


def test_unknown_elements_are_unwrapped_and_svg_is_left_alone() -> None:
    soup = markdown_soup('Say <baza>hi</baza> <svg viewBox="0 0 2 2"><path d="M0 0"/></svg>')
    assert soup.find("baza") is None and "Say hi" in soup.get_text()
    svg = soup.find("svg")
    assert isinstance(svg, Tag) and svg.get("viewbox") == "0 0 2 2"
    assert soup.find("path") is not None


@pytest.mark.parametrize("text", ["![Empty]() after", 'a <img src="" alt="x"> after'])
def test_an_image_without_a_source_is_left_out(text: str) -> None:
    soup = markdown_soup(text)
    assert soup.find("img") is None and "after" in soup.get_text()


def test_a_figcaption_outside_a_figure_gets_one() -> None:
    soup = markdown_soup(
        '{% image "a.jpg" "Alt" %}\n<figcaption><em>Roosevelt</em></figcaption>\n\nNext.'
    )
    caption = soup.find("figcaption")
    assert isinstance(caption, Tag) and caption.parent is not None
    assert caption.parent.name == "figure"


def test_a_heading_tag_in_prose_stays_text() -> None:
    soup = markdown_soup("Use headings like <H1> and <H2>, and style them.\n\n## Next\n\nMore.")
    assert soup.find("h1") is None
    assert "like <H1> and <H2>, and" in soup.get_text()
    assert [h.get_text() for h in soup.find_all("h2")] == ["Next"]


def test_attribute_lists_give_only_html_attributes() -> None:
    p = markdown_soup("Para\n{: #i .c foo=bar baz data-x=1}").find("p")
    assert isinstance(p, Tag)
    assert p.attrs == {"id": "i", "class": ["c"], "data-x": "1"}


def test_each_drop_is_a_warning_at_its_line() -> None:
    body = (
        "Intro <baza>x</baza> and <https://x.org> <me@x.org>\n\n"
        '<div name="n" onclick="f()" data-a="1">\n<img src="" alt="">\n'
        '<span style=">">s</span>\n<svg viewBox="0 0 1 1"><path d="M0"/></svg>\n</div>\n\n'
        '    <div name="in-code">\n\n```\n<p foo=1>\n```\n\nPara\n{: #i foo=bar}\n'
    )
    found = [(p.line, p.message) for p in raw_html_warnings("a.md", body, 5)]
    assert found == [
        (5, "<baza> is not an HTML element: left out (its content is kept)"),
        (7, "<div>: name, onclick left out (HTML has no such attribute there)"),
        (8, "<img> without a source (src is empty): left out"),
        (9, "<span>: style (not CSS) left out (HTML has no such attribute there)"),
        (20, "attribute list {: #i foo=bar}: foo left out (not HTML attributes)"),
    ]
