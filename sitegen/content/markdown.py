"""Markdown to HTML with Python-Markdown, configured once for news bodies (see
:mod:`sitegen.content.mdext`), and the plain-text and inline forms of summaries.

Body headings are shifted so they start at ``<h2>``: the headline stays the page's only ``<h1>``
and no heading level is skipped. A body with raw HTML is balanced by an HTML5 parser
(:mod:`sitegen.content.rawhtml`).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from typing import Any

import markdown
import selectolax
import tinycss2
from markdown.treeprocessors import InlineProcessor
from markdown.util import Registry
from markupsafe import escape

from sitegen.content.mdext import EXTENSIONS, RESERVED_IDS, FencedCode, news_markdown
from sitegen.content.rawhtml import balance
from sitegen.digests import source_digest

MARKDOWN_CODE = (
    "content/markdown.py",
    "content/mdext.py",
    "content/rawhtml.py",
    "content/htmlspec.py",
    "text/slugs.py",
)
"""sitegen's modules the HTML of a body depends on (under the package)."""

RENDERER_KEY = "|".join(
    (
        f"python-markdown {markdown.__version__}",
        f"selectolax {selectolax.__version__}",
        f"tinycss2 {tinycss2.__version__}",
        ",".join(EXTENSIONS),
        source_digest(*MARKDOWN_CODE),
    )
)
"""Everything the HTML of a body depends on besides its text (the libraries' versions and
sitegen's own Markdown code): part of every cache key, so a change to any of it renders again."""

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


Trigger = tuple[str, ...] | re.Pattern[str]
"""What an item needs somewhere in the body: one of these substrings, or a match of this regex."""

_INLINE_TRIGGERS: dict[str, Trigger] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[^",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_reference": ("[",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "html": ("<",),
    "entity": ("&",),
    "em_strong": ("*", "_"),  # Markdown < 3.11: '*' here and '_' in em_strong2
    "em_strong2": ("_",),
}
"""Inline patterns and what each one's regular expression cannot match without."""

_BLOCK_TRIGGERS: dict[str, Trigger] = {
    "quote": (">",),
    "hashheader": ("#",),
    "setextheader": re.compile(r"[=-][ \t]*(?:\r\n|\r|\n|\Z)"),  # a line ending in = or -
    "hr": re.compile(r"([-_*])[ \t]*\1"),  # two of the rule's marks with only blanks between
    "deflist": re.compile(r":[ \t]"),
    "table": ("|",),
    "reference": ("]:",),
    "footnote": ("[^",),
    "abbr": ("*[",),
    "markdown_block": ("<",),  # HTML elements stashed by md_in_html: only from a tag
}
"""Block processors and what each one's regular expression cannot match without. Their
``test`` (for the last four, ``run``) is that search, and declining a block has no side effect.
A block's lines are the body's lines with markers and indentation taken off their starts, so a
requirement within one line (these all are) holds for the body too."""


def _possible(trigger: Trigger, text: str) -> bool:
    if isinstance(trigger, tuple):
        return any(needed in text for needed in trigger)
    return trigger.search(text) is not None


class _Pruned:
    """Copies of a Python-Markdown registry without the items a text cannot trigger.

    Python-Markdown tries every block processor on every block and every inline pattern on every
    text node, which is most of its time on news prose. Both only ever see text taken from the
    body (block processing removes markers and indentation and adds placeholders made of
    letters, digits and control characters), so an item whose trigger appears nowhere in the
    body can never apply and is left out, with byte-identical output. Items without an entry in
    ``triggers`` always run.
    """

    def __init__(self, registry: Registry[Any], triggers: dict[str, Trigger]) -> None:
        self.full = registry
        self._triggers = {name: needs for name, needs in triggers.items() if name in registry}
        self._copies: dict[frozenset[str], Registry[Any]] = {}

    def for_text(self, text: str) -> Registry[Any]:
        """The registry without the items that cannot apply anywhere in ``text``."""
        skip = frozenset(
            name for name, needs in self._triggers.items() if not _possible(needs, text)
        )
        if not skip:
            return self.full
        copy = self._copies.get(skip)
        if copy is None:
            copy = self.full[:]  # a copy with the same priorities
            for name in skip:
                copy.deregister(name)
            self._copies[skip] = copy
        return copy


class MarkdownRenderer:
    """A reusable converter (building a ``markdown.Markdown`` is costly; resetting is cheap).

    ``prune=False`` runs every processor on every body (the reference the pruning is tested
    against).
    """

    def __init__(self, prune: bool = True) -> None:
        self._md = news_markdown()
        inline = self._md.treeprocessors["inline"]
        assert isinstance(inline, InlineProcessor)
        self._inline_processor = inline
        triggers = dict(_INLINE_TRIGGERS) if prune else {}
        delimiters = getattr(self._md, "delimiters", None)  # Markdown 3.11+: one for all
        if prune and delimiters is not None:
            triggers["em_strong"] = tuple(delimiters.delimiters)
        self._inline = _Pruned(inline.inlinePatterns, triggers)
        self._blocks = _Pruned(self._md.parser.blockprocessors, _BLOCK_TRIGGERS if prune else {})
        fenced = self._md.preprocessors["fenced_code_block"]
        assert isinstance(fenced, FencedCode)
        self._fenced = fenced

    def to_html(self, text: str) -> str:
        """Render a Markdown body to an HTML fragment."""
        self._inline_processor.inlinePatterns = self._inline.for_text(text)
        self._md.parser.blockprocessors = self._blocks.for_text(text)
        try:
            fragment = self._md.reset().convert(text)
            written = self._md.htmlStash.rawHtmlBlocks[self._fenced.own :]
            raw = any("<" in block for block in written if isinstance(block, str))
        finally:
            self._inline_processor.inlinePatterns = self._inline.full
            self._md.parser.blockprocessors = self._blocks.full
            self._md.reset()
        # Raw HTML as written may be unbalanced; what Python-Markdown built itself is not.
        return balance(fragment, RESERVED_IDS) if raw else fragment


MAX_INDENT_LEVELS = 100
"""Deepest indentation (in steps of four columns) a body may have. Python-Markdown parses each
level of a nested list by recursion, and fails near 250 levels; no article nests a tenth of that."""
_DEEP_CANDIDATE = re.compile(rf"^[ \t]{{{MAX_INDENT_LEVELS},}}", re.MULTILINE)


def too_deep(text: str) -> tuple[int, int] | None:
    """The first line indented more than :data:`MAX_INDENT_LEVELS` levels, as (0-based line
    index, levels); None when there is none. A tab counts as four columns."""
    for match in _DEEP_CANDIDATE.finditer(text):
        levels = len(match.group().expandtabs(4)) // 4
        if levels > MAX_INDENT_LEVELS:
            return text.count("\n", 0, match.start()), levels
    return None


_BLOCK_GAP = re.compile(r"\n\s*\n")
_NOT_PROSE = re.compile(r"([#>|<!`~*+-]\s|\d+[.)]\s|#|<|!\[|```|~~~)")


_TAG_LINES = re.compile(r"(?:[ \t]*<[^<>\n]+>[ \t]*(?:\n|$))+")
"""Lines that hold nothing but HTML tags, such as a ``<div dir="rtl">`` around the text."""


def first_paragraph(text: str) -> str:
    """The first prose paragraph of a Markdown body (skipping headings, lists, quotes, HTML)."""
    for block in _blocks(text.strip()):
        stripped = block.strip()
        tags = _TAG_LINES.match(stripped) if stripped.startswith("<") else None
        if tags is not None:
            stripped = stripped[tags.end() :].strip()
        if stripped and not _NOT_PROSE.match(stripped):
            return stripped
    return ""


def _blocks(text: str) -> Iterator[str]:
    """``_BLOCK_GAP.split(text)``, lazily: the first paragraph is usually near the top."""
    start = 0
    for gap in _BLOCK_GAP.finditer(text):
        yield text[start : gap.start()]
        start = gap.end()
    yield text[start:]


def plain_text(fragment_html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub("", fragment_html))).strip()


def summarize(text: str, limit: int = 240) -> str:
    """A plain-text standfirst from the body's first paragraph, cut at a word boundary."""
    summary = markdown_plain(first_paragraph(text))
    if len(summary) <= limit:
        return summary
    return summary[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
_PRIVATE = 0xE000  # escaped punctuation is parked in the private-use area while unwrapping
_RESTORE = {_PRIVATE + code: code for code in range(128)}
_INLINE = (
    ("[", re.compile(r"!\[([^\]]*)\]\([^)]*\)"), ""),  # images: no text in a standfirst
    ("[", re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # inline links -> their text
    ("<", re.compile(r"<(https?://[^>]+)>"), r"\1"),  # autolinks
    ("<", re.compile(r"<[^>]+>"), ""),  # inline HTML tags
    ("`", re.compile(r"(`+)(.+?)\1"), r"\2"),  # code spans
    ("*", re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),  # strong
    ("_", re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    ("*", re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), r"\1"),  # emphasis; '_' not inside words
    ("_", re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
)
"""Each unwrapping: a character its pattern needs (absent: the pattern is not run), the
pattern, and what a match becomes."""


def markdown_plain(paragraph: str) -> str:
    """The visible text of one Markdown paragraph (links, emphasis, code and HTML unwrapped).

    Every article needs a standfirst while loading, before anything is rendered; converting the
    paragraph with Python-Markdown costs about 0.3 ms each, which at 10,000 articles is seconds of
    a single-threaded stage. Inline syntax of a prose paragraph is simple enough to unwrap here.
    """
    text = paragraph
    if "\\" in text:
        text = _ESCAPED.sub(lambda m: chr(_PRIVATE + ord(m.group(1))), text)
    for needed, pattern, replacement in _INLINE:
        if needed in text:
            text = pattern.sub(replacement, text)
    text = text.translate(_RESTORE)
    return _SPACE.sub(" ", html.unescape(text)).strip()


_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&!~]")
_BLOCK_ONLY = "empty indent code hashheader setextheader hr olist ulist quote reference".split()
"""Python-Markdown's block processors other than the paragraph's."""


@functools.cache
def _inline_converter() -> markdown.Markdown:
    """Python-Markdown reading one paragraph: no block syntax, and no raw HTML (a ``<`` in a
    summary is text, escaped like any text)."""
    md = markdown.Markdown(output_format="html")
    md.preprocessors.deregister("html_block")
    for name in _BLOCK_ONLY:
        md.parser.blockprocessors.deregister(name, strict=False)
    md.inlinePatterns.deregister("html")
    return md


def inline_html(text: str) -> str:
    """Front-matter text such as ``summary`` as inline HTML: emphasis, links, code spans and
    entities (``&mdash;``) render; tags are escaped; line breaks are spaces."""
    text = " ".join(text.split())
    if not _INLINE_SYNTAX.search(text):
        return str(escape(text))
    fragment = _inline_converter().reset().convert(text)
    return fragment.removeprefix("<p>").removesuffix("</p>")
