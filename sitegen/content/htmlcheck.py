"""Warnings, at their lines, for raw HTML in a body that the renderer cleans up
(:func:`sitegen.content.rawhtml.clean`): what it drops is named while the articles load, so
``sitegen check`` lists it, and the writer can fix the source.

The body is read with the standard library's tolerant HTML tokenizer, after code blocks and
code spans are blanked out (:func:`sitegen.content.foreign.without_code`) and an indented code
block (four spaces after a blank line, below a line that is not a list item) as well: HTML
shown as an example is not markup. Autolinks (``<https://...>``, ``<me@example.org>``) are not
tags.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sitegen.content.foreign import without_code
from sitegen.content.htmlspec import (
    ELEMENT_ATTRIBUTES,
    FOREIGN_ROOTS,
    GLOBAL_ATTRIBUTES,
    known_element,
)
from sitegen.content.rawhtml import dropped
from sitegen.errors import Problem

_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")
_ATTR_LIST = re.compile(r"\{:[ ]*([^}\n]*)\}")
_ATTR_NAME = re.compile(r"""(?:^|[ ])([A-Za-z_:][\w:.-]*)(?==|[ ]|$)""")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+[.)])[ \t]")
_ANY_ELEMENT = GLOBAL_ATTRIBUTES.union(*ELEMENT_ATTRIBUTES.values())
_HINT = "write HTML the HTML standard defines (https://html.spec.whatwg.org/)"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, list[str]]] = []
        self._foreign = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._foreign or not _TAG_NAME.fullmatch(tag):
            self._foreign += tag in FOREIGN_ROOTS
            return
        self._foreign += tag in FOREIGN_ROOTS
        lost = dropped(tag, attrs)
        if lost:
            self.found.append((self.getpos()[0], tag, lost))

    def handle_endtag(self, tag: str) -> None:
        if tag in FOREIGN_ROOTS and self._foreign:
            self._foreign -= 1


def raw_html_warnings(rel: str, body: str, body_line: int) -> list[Problem]:
    """A warning for each thing the renderer will drop from ``body`` (file ``rel``, from line
    ``body_line`` on)."""
    if "<" not in body and "{:" not in body:
        return []
    text = _without_indented_code(without_code(body.replace("\\<", "  ")))
    warnings = []
    if "<" in text:
        parser = _Tags()
        parser.feed(text)
        parser.close()
        for line, tag, lost in parser.found:
            warnings.append(Problem(rel, body_line + line - 1, None, _message(tag, lost), _HINT))
    for match in _ATTR_LIST.finditer(text):
        names = [n for n in _ATTR_NAME.findall(match.group(1)) if n.lower() not in _ANY_ELEMENT]
        names = [n for n in names if not n.lower().startswith(("data-", "aria-"))]
        if names:
            line = body_line + text.count("\n", 0, match.start())
            message = f"attribute list {match.group(0)}: {', '.join(names)} left out"
            warnings.append(Problem(rel, line, None, message + " (not HTML attributes)", _HINT))
    return warnings


def _message(tag: str, lost: list[str]) -> str:
    if not known_element(tag):
        return f"<{tag}> is not an HTML element: left out (its content is kept)"
    if "<img>" in lost:
        return "<img> without a source (src is empty): left out"
    shown = [f"{name} (not CSS)" if name == "style" else name for name in lost]
    return f"<{tag}>: {', '.join(shown)} left out (HTML has no such attribute there)"


def _without_indented_code(text: str) -> str:
    """``text`` with indented code blocks blanked (line breaks kept)."""
    lines = text.split("\n")
    previous = ""  # the last non-blank line before the current run of blank lines
    in_code = False
    blank_before = True
    for index, line in enumerate(lines):
        if not line.strip():
            blank_before = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and (in_code or blank_before) and not _continues(previous):
            in_code = True
            lines[index] = ""
        else:
            in_code = False
            previous = line
        blank_before = False
    return "\n".join(lines)


def _continues(previous: str) -> bool:
    """True if an indented line after ``previous`` belongs to it (a list item's paragraph)."""
    return bool(_LIST_ITEM.match(previous)) or previous.startswith(("    ", "\t"))
