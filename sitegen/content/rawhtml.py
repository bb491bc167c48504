"""Raw HTML in a body, read by a real HTML5 parser (lexbor, through selectolax).

Python-Markdown passes raw HTML through as written, so a body with ``<div>`` and no ``</div>``
would leave the page's ``<article>`` unclosed, and a stray ``</article>`` would close it early.
Parsed as the HTML standard parses the inside of a ``<div>`` and serialized again, every element
is closed and no end tag reaches outside the body. Only bodies with raw HTML go through this:
Python-Markdown's own output is balanced already.

What HTML does not have is taken out (:func:`clean`), so a page never fails validation for
what its author wrote: attributes HTML does not define on the element (``name`` on a div,
JSX's ``className``, event handlers), unknown elements (unwrapped: their content stays), an
``img`` without a source, a ``style`` that is not CSS. A ``figcaption`` outside any figure gets
a ``figure`` of its own. :func:`raw_html_warnings` reports each of these at its line while the
articles load (``sitegen check`` lists them).
"""

from __future__ import annotations

from collections.abc import Iterable, Set

import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode

from sitegen.content.htmlspec import FOREIGN_ROOTS, allowed_attribute, known_element
from sitegen.content.mdext import scroll_attributes


def balance(fragment: str, reserved: Set[str]) -> str:
    """``fragment`` parsed and serialized again (as a browser's ``innerHTML`` would), with its
    tables in scrolling wrappers, its ``pre`` focusable and its ids made unique (``reserved``
    counts as used)."""
    tree = LexborHTMLParser(fragment, is_fragment=True, fragment_tag="div", scripting=True)
    clean(tree)
    for table in tree.css("table"):
        if not _wrapped(table):
            _wrap(tree, table)
    for pre in tree.css("pre:not([tabindex])"):
        pre.attrs["tabindex"] = "0"  # as Markdown's code blocks: focusable, to be scrolled
    _unique_ids(tree.css("[id]"), reserved)
    return tree.html or ""


def _wrapped(table: LexborNode) -> bool:
    """True for a table already in a scrolling wrapper, or nested in another table."""
    parent = table.parent
    if parent is not None and "table-scroll" in (parent.attributes.get("class") or "").split():
        return True
    while parent is not None:
        if parent.tag == "table":
            return True
        parent = parent.parent
    return False


def _wrap(tree: LexborHTMLParser, table: LexborNode) -> None:
    row = table.css_first("tr")
    cells = row.css("th") if row is not None else []
    headings = [" ".join(cell.text().split()) for cell in cells]
    wrapper = tree.create_node("div")
    for name, value in scroll_attributes([h for h in headings if h]).items():
        wrapper.attrs[name] = value
    wrapper.insert_child(table)  # copies: the wrapper is not in the tree yet
    table.replace_with(wrapper)  # copies the wrapper, with the table, into its place


def _unique_ids(elements: list[LexborNode], reserved: Set[str]) -> None:
    """Later duplicates of an id get ``_1``, ``_2``... (the first keeps it: links go there)."""
    seen = set(reserved)
    for element in elements:
        value = element.attributes.get("id") or ""
        if value not in seen:
            seen.add(value)
            continue
        number = 1
        while f"{value}_{number}" in seen:
            number += 1
        element.attrs["id"] = f"{value}_{number}"
        seen.add(f"{value}_{number}")


def dropped(element: str, attributes: Iterable[tuple[str, str | None]]) -> list[str]:
    """What the cleanup takes from one start tag (names in lower case): the element itself
    (``<baza>``, unknown), or its attributes HTML does not define there (``name``, ``onclick``,
    ``style`` that is not CSS, an empty ``src``)."""
    if not known_element(element):
        return [f"<{element}>"]
    if element in FOREIGN_ROOTS or "-" in element:
        return []  # their attributes are not HTML's
    lost = []
    for name, value in attributes:
        if not allowed_attribute(element, name):
            lost.append(name)
        elif name == "style" and value and not valid_css(value):
            lost.append(name)
        elif name == "src" and not (value or "").strip():
            lost.append("<img>" if element == "img" else name)
    return lost


def valid_css(declarations: str) -> bool:
    """True if a ``style`` attribute's value parses as CSS declarations."""
    nodes = tinycss2.parse_blocks_contents(declarations, skip_whitespace=True, skip_comments=True)
    return all(node.type != "error" for node in nodes)


def clean(tree: LexborHTMLParser) -> None:
    """Takes out of ``tree`` what :func:`dropped` names, and gives a figcaption outside any
    figure a figure of its own."""
    foreign = {node.mem_id for node in tree.css("svg *, math *")}
    for node in tree.css("*"):
        if node.mem_id in foreign or node.tag is None:
            continue
        lost = dropped(node.tag, node.attributes.items())
        if not known_element(node.tag):
            node.unwrap()
        elif "<img>" in lost:
            node.decompose()
        else:
            for name in lost:
                del node.attrs[name]
    for caption in tree.css("figcaption"):
        if caption.parent is None or caption.parent.tag != "figure":
            figure = tree.create_node("figure")
            figure.insert_child(caption)
            caption.replace_with(figure)
