"""sitegen's Python-Markdown extension: what news bodies need beyond the stock extensions.

- Markdown inside block-level HTML is rendered without ``markdown="1"``: writers of Arabic and
  Sorani wrap whole articles in ``<div dir="rtl">`` and expect the Markdown in it to work.
  ``pre``, ``script``, ``style``, tables and lists written in HTML stay raw, and so does any
  element marked ``markdown="0"``.
- Attribute lists are only the well-formed ``{: ...}`` and ``{#id .class}``: braces of other
  generators' template tags (``{{< /box >}}``, ``{% endhighlight %}``) stay text.
- Body headings start at ``h2`` (the headline is the page's ``h1``), skip no level, and get
  readable ids.
- Link and image URLs are valid URLs (``clean_url``).
- Tables sit in a keyboard-scrollable wrapper, so a wide table never widens a phone's page;
  code blocks take keyboard focus for the same reason.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from typing import Literal

import markdown
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.md_in_html import (
    HtmlBlockPreprocessor,
    HTMLExtractorExtra,
    MarkdownInHtmlProcessor,
)
from markdown.extensions.toc import remove_fnrefs, render_inner_html, strip_tags, unique
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.treeprocessors import Treeprocessor

from sitegen.content.htmlspec import CLOSES_PARAGRAPH, allowed_attribute, known_element
from sitegen.text.slugs import slugify

_BLOCK_WRAPPERS = "div section article aside figure details blockquote header footer nav center"
_INLINE_WRAPPERS = "p h1 h2 h3 h4 h5 h6 figcaption summary"
_WRAPPER_DEFAULTS = {
    **dict.fromkeys(_BLOCK_WRAPPERS.split(), "1"),
    **dict.fromkeys(_INLINE_WRAPPERS.split(), "span"),
}
"""The ``markdown`` attribute an HTML element has when the writer gave none: its content is
Markdown blocks ("1") or inline Markdown ("span"). Other block-level elements (tables, lists,
``pre``, ``script``...) keep Python-Markdown's default: raw."""

RESERVED_IDS = frozenset({"main", "latest-heading", "related-heading"})
"""Ids the theme's templates use on every article page; a heading never takes one of them."""


class _HtmlBlocks(HTMLExtractorExtra):
    """md_in_html's extractor with Markdown on by default in wrapper elements."""

    mdstack: list[str]
    """The open elements whose content is Markdown (set by the base class's ``reset``)."""

    def get_state(
        self, tag: str, attrs: Mapping[str, str]
    ) -> Literal["block", "span", "off", None]:
        default = _WRAPPER_DEFAULTS.get(tag)
        if default is not None and "markdown" not in attrs:
            attrs = {**attrs, "markdown": default}
        return super().get_state(tag, attrs)

    _opening: str | None = None
    """The tag whose start tag is being read."""

    def handle_starttag(self, tag: str, attrs: Iterable[tuple[str, str | None]]) -> None:
        if not self.mdstack and self.cleandoc and tag in self.block_level_tags:
            # An indented block tag right under a line of text ("{% raw %}\n  <div>"): the
            # indentation would keep md_in_html from seeing the line break that separates the
            # two, and the element would be put inside the text's paragraph.
            last = self.cleandoc[-1]
            if self.at_line_start() and last.rstrip(" \t").endswith("\n"):
                self.cleandoc[-1] = last.rstrip(" \t")
        self._opening = tag
        try:
            super().handle_starttag(tag, attrs)
        finally:
            self._opening = None

    def at_line_start(self) -> bool:
        if self.mdstack and self._opening in CLOSES_PARAGRAPH:
            # In Markdown, an element that cannot be inside a paragraph starts a block where
            # it stands (``<img/> <figcaption>`` on one line): left in the paragraph of what
            # comes before it, it would be split from it by the HTML parser, leaving an empty
            # <p></p> after it (figcaption no longer last in its figure).
            return True
        # Inside a wrapper, indented HTML is still HTML (pasted embeds are indented); Python-
        # Markdown would otherwise read a tag indented four spaces as an indented code block.
        if self.mdstack:
            return self.rawdata[self.line_offset : self.line_offset + self.offset].strip() == ""
        return bool(super().at_line_start())


class _HtmlBlockPreprocessor(HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        parser = _HtmlBlocks(self.md)
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class _MarkdownInHtml(MarkdownInHtmlProcessor):
    def parse_element_content(self, element: etree.Element) -> None:
        # Hand-written HTML indents what is inside a <div>; as Markdown, text indented four
        # spaces would be a code block. The content's common indentation is not meant as such.
        if element.attrib.get("markdown") == "block" and element.text:
            element.text = _dedent(element.text)
        super().parse_element_content(element)


def _dedent(text: str) -> str:
    """``text`` without the indentation common to its lines of text. Lines holding only the
    placeholder of a nested HTML element do not count: md_in_html moved those to column 0."""
    lines = text.split("\n")
    written = [
        line
        for line in lines
        if line.strip() and not util.HTML_PLACEHOLDER_RE.fullmatch(line.strip())
    ]
    indents = [line[: len(line) - len(line.lstrip())] for line in written]
    indent = min(indents, key=len, default="")
    if not all(line.startswith(indent) for line in written):
        indent = ""  # tabs here, spaces there: leave the text as written
    # Blank lines become empty: four spaces alone would still start a code block.
    return "\n".join(line.removeprefix(indent) if line.strip() else "" for line in lines)


_TOKEN = r"""(?:[#.][\w-]+|[A-Za-z_:][\w:.-]*(?:=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'={}]+))?)"""
_LIST = rf"(?::[ ]*|[ ]*(?=[#.]))({_TOKEN}(?:[ ]+{_TOKEN})*)[ ]*"
_BASE = r"\{" + _LIST + r"\}"


class _StrictAttrList(AttrListTreeprocessor):
    """attr_list, but only for lists of ``#id``, ``.class``, ``key=value`` and ``key`` items
    that start with ``{:`` or with an id or class: ``{{< /box >}}`` or ``{% endhighlight %}`` are
    another generator's tags, and attr_list would turn them into attributes such as ``_box``."""

    # The stubs mark these Final; the base class reads them through ``self``, as overrides.
    BASE_RE = _BASE  # type: ignore[misc]
    HEADER_RE = re.compile(rf"[ ]+{_BASE}[ ]*$")  # type: ignore[misc]
    BLOCK_RE = re.compile(rf"\n[ ]*{_BASE}[ ]*$")  # type: ignore[misc]
    INLINE_RE = re.compile(rf"^{_BASE}")  # type: ignore[misc]

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
        # Only attributes HTML defines on the element: ``{: foo=bar}`` would make the page
        # invalid (the loader warns about each one dropped).
        before = set(elem.attrib)
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        if known_element(elem.tag):
            for name in [n for n in elem.attrib if n not in before]:
                if not allowed_attribute(elem.tag, name.lower()):
                    del elem.attrib[name]
        return remainder


class _RawProse(HtmlInlineProcessor):
    """Raw inline HTML, except the start tag of an element that is never inside a paragraph
    and is not closed in it (\"headings like <H1> and <H2>\" in a sentence): that is prose, and
    taken as markup it would turn the rest of the article into a heading. It stays text."""

    def handleMatch(  # type: ignore[override]  # noqa: N802 - as InlineProcessor's
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        start = _START_TAG.match(m.group(1))
        if start is not None:
            name = start.group(1).lower()
            if name in CLOSES_PARAGRAPH and f"</{name}" not in data.lower():
                return m.group(1), m.start(0), m.end(0)
        return super().handleMatch(m, data)


_START_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9]*)[\s/>]")


class FencedCode(FencedBlockPreprocessor):
    """fenced_code, with each block focusable: a wide one scrolls sideways, and keyboard users
    scroll it once it has focus. Counts the raw-HTML stash entries that are its own blocks
    (the first ones: it runs before any other preprocessor stores HTML)."""

    own = 0
    """How many entries at the start of the stash are code blocks built here (not raw HTML)."""

    # Python-Markdown's pattern, except that the language may be followed by more of the info
    # string, as GitHub and Hugo allow (```ts:src/env.mjs, ```js title="app.js"): ignored.
    FENCED_BLOCK_RE = re.compile(
        r"""
        (?P<fence>^(?:~{3,}|`{3,}))[ ]*
        ((\{(?P<attrs>[^\n]*)\})|
        (\.?(?P<lang>[\w#.+-]*)[^\n`]*?[ ]*)?
        (hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?)
        \n
        (?P<code>.*?)(?<=\n)
        (?P=fence)[ ]*$
        """,
        re.MULTILINE | re.DOTALL | re.VERBOSE,
    )

    def run(self, lines: list[str]) -> list[str]:
        lines = super().run(lines)
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str):
                stash[index] = block.replace("<pre", '<pre tabindex="0"', 1)
        self.own = len(stash)
        return lines


class _FocusableCode(Treeprocessor):
    """Indented code blocks are focusable too (see :class:`FencedCode`)."""

    def run(self, root: etree.Element) -> None:
        for pre in root.iter("pre"):
            pre.set("tabindex", "0")


class _Headings(Treeprocessor):
    """Moves the body's headings so its top level is ``h2``, under the page's ``h1``, and gives
    each an id made from its text.

    Bodies written with ``#`` or with ``##`` both come out starting at ``h2``, and no heading is
    more than one level below the one before it, so no level is skipped (the Nu HTML Checker
    flags ``h1`` followed by ``h3``): a body that opens with ``###`` and has a ``##`` further on
    (or a setext ``===`` heading) gets ``h2`` for both. Ids are unique in the page: a repeated
    heading gets ``_1``, ``_2``... as Python-Markdown's toc extension does (whose helpers this
    uses; the extension itself also builds a table of contents per body).
    """

    _LEVELS = {f"h{n}": n for n in range(1, 7)}

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in self._LEVELS]
        if not headings:
            return
        shift = 2 - min(self._LEVELS[e.tag] for e in headings)
        used = set(RESERVED_IDS) | {e.attrib["id"] for e in root.iter() if "id" in e.attrib}
        counters: dict[str, int] = {}
        previous = 1  # the page's h1
        for element in headings:
            level = min(max(self._LEVELS[element.tag] + shift, 2), previous + 1, 6)
            element.tag = f"h{level}"
            previous = level
            if "id" not in element.attrib:
                element.set("id", unique(heading_id(self._text(element)), used, counters))

    def _text(self, heading: etree.Element) -> str:
        text = "".join(heading.itertext())
        if util.STX in text or "&" in text or heading.find(".//sup") is not None:
            # inline HTML, entities or footnote marks: the text as the toc extension reads it
            inner = render_inner_html(remove_fnrefs(heading), self.md)
            text = html.unescape(strip_tags(inner))
        return text


_URL_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_URL_UNSAFE = re.compile(r'[\s"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})')
_URL_ATTRIBUTE = {"a": "href", "img": "src"}


def clean_url(url: str) -> str:
    """``url`` as a valid URL: backslash escapes undone, spaces and the like percent-encoded.

    Python-Markdown keeps the backslash of ``\\_`` in a reference definition's URL
    (``[1]: https://x/start\\_page.do``) and takes ``<a b>`` or ``(a b)`` as a URL with a space;
    browsers read a backslash as ``/``, and the Nu HTML Checker rejects both. As CommonMark does,
    an escaped punctuation character stands for itself, and characters a URL cannot hold are
    percent-encoded (existing ``%XX`` escapes and non-ASCII letters are kept).
    """
    url = _URL_ESCAPE.sub(r"\1", url)
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)


class _CleanUrls(Treeprocessor):
    """Applies :func:`clean_url` to the ``href`` of links and the ``src`` of images."""

    def run(self, root: etree.Element) -> None:
        for parent in [p for p in root.iter() if p.find("img") is not None]:
            for image in [i for i in parent if i.tag == "img" and not i.get("src", "").strip()]:
                _remove(parent, image)  # ![alt]() points nowhere (the loader warns)
        for element in root.iter():
            name = _URL_ATTRIBUTE.get(element.tag)
            value = element.get(name) if name else None
            if name and value:
                element.set(name, clean_url(value))


def _remove(parent: etree.Element, child: etree.Element) -> None:
    """Takes ``child`` out of ``parent``, keeping the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def heading_id(text: str) -> str:
    """A heading's id: its slug in any script (``مێژوو``, ``election-results``)."""
    return slugify(text) or "section"


_LABEL_LIMIT = 80


class _ScrollingTables(Treeprocessor):
    """Puts each table in ``<div class="table-scroll">``, a region that scrolls sideways on a
    narrow screen; it takes keyboard focus (so it can be scrolled without a mouse) and is
    named after the table's column headings."""

    def run(self, root: etree.Element) -> None:
        for parent in [p for p in root.iter() if p.find("table") is not None]:
            if parent.get("class") == "table-scroll":
                continue
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrapper = etree.Element("div", scroll_attributes(_headings(child)))
                    wrapper.tail, child.tail = child.tail, None
                    parent.remove(child)
                    wrapper.append(child)
                    parent.insert(index, wrapper)


def scroll_attributes(headings: list[str]) -> dict[str, str]:
    """The attributes of a table's scrolling wrapper (shared with raw HTML tables)."""
    label = "Table"
    if headings:
        label = f"Table: {', '.join(headings)}"
        if len(label) > _LABEL_LIMIT:
            label = label[: _LABEL_LIMIT - 1].rstrip(", ") + "…"
    return {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": label}


def _headings(table: etree.Element) -> list[str]:
    row = next(table.iter("tr"), None)
    if row is None:
        return []
    cells = ("".join(cell.itertext()) for cell in row if cell.tag == "th")
    texts = (" ".join(util.HTML_PLACEHOLDER_RE.sub("", text).split()) for text in cells)
    return [text for text in texts if text]


class NewsExtension(Extension):
    """The pieces above, registered over md_in_html's and attr_list's own (list it after
    them)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - library API name
        md.preprocessors.register(
            FencedCode(md, {"lang_prefix": "language-"}), "fenced_code_block", 25
        )
        md.preprocessors.register(_HtmlBlockPreprocessor(md), "html_block", 20)
        md.parser.blockprocessors.register(_MarkdownInHtml(md.parser), "markdown_block", 105)
        md.treeprocessors.register(_StrictAttrList(md), "attr_list", 8)
        md.inlinePatterns.register(_RawProse(HTML_RE, md), "html", 90)
        md.treeprocessors.register(_Headings(md), "sitegen_headings", 5)
        md.treeprocessors.register(_FocusableCode(md), "sitegen_code", 4)
        # after "unescape" (0): header texts are final
        md.treeprocessors.register(_ScrollingTables(md), "sitegen_tables", -1)
        # after "unescape" (0), which puts escaped characters back into attribute values
        md.treeprocessors.register(_CleanUrls(md), "sitegen_clean_urls", -10)


EXTENSIONS: tuple[str, ...] = (
    "abbr",
    "attr_list",
    "def_list",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "tables",
    "sane_lists",
)
"""The stock Python-Markdown extensions bodies use ("extra" and more), before ours."""


def news_markdown() -> markdown.Markdown:
    """A converter configured for news bodies (building one is costly: reuse it)."""
    return markdown.Markdown(
        extensions=[*EXTENSIONS, NewsExtension()],
        output_format="html",
    )
