"""Raw HTML in a body, read by a real HTML5 parser (lexbor, through selectolax).

Python-Markdown passes raw HTML through as written, so a body with ``<div>`` and no ``</div>``
would leave the page's ``<article>`` unclosed, and a stray ``</article>`` would close it early.
Parsed as the HTML standard parses the inside of a ``<div>`` and serialized again, every element
is closed and no end tag reaches outside the body. Only bodies with raw HTML go through this:
Python-Markdown's own output is balanced already.
"""

from __future__ import annotations

from collections.abc import Set

from selectolax.lexbor import LexborHTMLParser, LexborNode

from sitegen.content.mdext import scroll_attributes


def balance(fragment: str, reserved: Set[str]) -> str:
    """``fragment`` parsed and serialized again (as a browser's ``innerHTML`` would), with its
    tables in scrolling wrappers, its ``pre`` focusable and its ids made unique (``reserved``
    counts as used)."""
    tree = LexborHTMLParser(fragment, is_fragment=True, fragment_tag="div", scripting=True)
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
