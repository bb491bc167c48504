"""Markdown to HTML with Python-Markdown, configured once for news bodies.

Body headings are shifted so they start at ``<h2>``: the headline stays the page's only ``<h1>``
and no heading level is skipped.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import Registry

EXTENSIONS = ("extra", "sane_lists")
"""Python-Markdown extensions used for bodies; part of the rendered-HTML cache key."""
REVISION = "shift-headings-2|clean-urls-1"
"""Changes of sitegen's own Markdown processing; part of the rendered-HTML cache key (change it
whenever the same body would render differently)."""

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _ShiftHeadings(Treeprocessor):
    """Moves the body's headings so its top level is ``h2``, under the page's ``h1``.

    Bodies written with ``#`` or with ``##`` both come out starting at ``h2``, and no heading is
    more than one level below the one before it, so no level is skipped (the Nu HTML Checker
    flags ``h1`` followed by ``h3``): a body that opens with ``###`` and has a ``##`` further on
    (or a setext ``===`` heading) gets ``h2`` for both.
    """

    def run(self, root: etree.Element) -> None:
        headings = [e for e in root.iter() if e.tag in _HEADINGS]
        if not headings:
            return
        shift = 2 - min(_HEADINGS[e.tag] for e in headings)
        previous = 1  # the page's h1
        for element in headings:
            level = min(max(_HEADINGS[element.tag] + shift, 2), previous + 1, 6)
            element.tag = f"h{level}"
            previous = level


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
        for element in root.iter():
            name = _URL_ATTRIBUTE.get(element.tag)
            value = element.get(name) if name else None
            if name and value:
                element.set(name, clean_url(value))


class _BodyExtension(Extension):
    """sitegen's additions to Python-Markdown for news bodies."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - library API name
        md.treeprocessors.register(_ShiftHeadings(md), "sitegen_shift_headings", 5)
        # after "unescape" (0), which puts escaped characters back into attribute values
        md.treeprocessors.register(_CleanUrls(md), "sitegen_clean_urls", -10)


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
}
"""Block processors and what each one's regular expression cannot match without. Their
``test`` (for the last three, ``run``) is that search, and declining a block has no side effect.
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
    """A reusable converter (building a ``markdown.Markdown`` is costly; resetting is cheap)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=[*EXTENSIONS, _BodyExtension()], output_format="html"
        )
        inline = self._md.treeprocessors["inline"]
        assert isinstance(inline, InlineProcessor)
        self._inline_processor = inline
        triggers = dict(_INLINE_TRIGGERS)
        delimiters = getattr(self._md, "delimiters", None)  # Markdown 3.11+: one for all
        if delimiters is not None:
            triggers["em_strong"] = tuple(delimiters.delimiters)
        self._inline = _Pruned(inline.inlinePatterns, triggers)
        self._blocks = _Pruned(self._md.parser.blockprocessors, _BLOCK_TRIGGERS)

    def to_html(self, text: str) -> str:
        """Render a Markdown body to an HTML fragment."""
        self._inline_processor.inlinePatterns = self._inline.for_text(text)
        self._md.parser.blockprocessors = self._blocks.for_text(text)
        try:
            return self._md.reset().convert(text)
        finally:
            self._inline_processor.inlinePatterns = self._inline.full
            self._md.parser.blockprocessors = self._blocks.full
            self._md.reset()


_BLOCK_GAP = re.compile(r"\n\s*\n")
_NOT_PROSE = re.compile(r"([#>|<!`~*+-]\s|\d+[.)]\s|#|<|!\[|```|~~~)")


def first_paragraph(text: str) -> str:
    """The first prose paragraph of a Markdown body (skipping headings, lists, quotes, HTML)."""
    for block in _blocks(text.strip()):
        stripped = block.strip()
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
