"""Reading a WordPress export (WXR 1.0 to 1.2) safely, keeping the line of every element.

defusedxml refuses entity declarations (the "billion laughs" bomb) and external entities
(reading local files or URLs) instead of expanding them; malformed XML is reported with its
line. The export's elements are read by their local names, so the namespace URIs of every WXR
version (``http://wordpress.org/export/1.0/`` ... ``1.2/``) work alike.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from sitegen.importers.model import ImportRefused

_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that notes the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


@dataclass(frozen=True)
class Node:
    """An element of the export with its line."""

    element: ET.Element
    line: int
    doc: Document

    def first(self, name: str) -> Node | None:
        """The first child called ``name`` (``wp:post_id``, ``title``...)."""
        return next(self.all(name), None)

    def all(self, name: str) -> Iterator[Node]:
        for child in self.element:
            if _qualified(child.tag) == name:
                yield self.doc.node(child)

    def text(self, name: str) -> str:
        """Text of the first child called ``name``, stripped; "" when absent."""
        found = self.first(name)
        return (found.element.text or "").strip() if found else ""

    def raw(self, name: str) -> str:
        """Text of the first child called ``name`` as it is (post content keeps its spacing)."""
        found = self.first(name)
        return (found.element.text or "") if found else ""


@dataclass
class Document:
    root: ET.Element
    lines: dict[int, int]

    def node(self, element: ET.Element) -> Node:
        return Node(element, self.lines.get(id(element), 1), self)


def read(path: Path, label: str) -> Node:
    """The export's ``channel``; ImportRefused for hostile, malformed or foreign XML."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                parser.feed(chunk)
        root = parser.close()
    except ParseError as exc:
        line = exc.position[0] if exc.position else 1
        raise ImportRefused(f"{label}:{line}: not well-formed XML ({_reason(exc)})") from None
    except DefusedXmlException as exc:
        line = parser.parser.CurrentLineNumber
        raise ImportRefused(f"{label}:{line}: refused: {_hostile(exc)}") from None
    doc = Document(root, builder.lines)
    channel = root.find("channel")
    if _qualified(root.tag) != "rss" or channel is None:
        raise ImportRefused(f"{label}:1: not a WordPress export (expected <rss><channel>...)")
    node = doc.node(channel)
    if not node.text("wp:wxr_version") and node.first("item") is None:
        raise ImportRefused(f"{label}:1: not a WordPress export (no wp:wxr_version, no items)")
    return node


def _reason(exc: ParseError) -> str:
    return str(exc).split(": line", 1)[0]


def _hostile(exc: DefusedXmlException) -> str:
    if isinstance(exc, EntitiesForbidden) and not exc.sysid:
        return (
            f"the file declares the XML entity {exc.name!r}; a WordPress export never does, and "
            "expanding entities is how an 'entity bomb' exhausts memory"
        )
    if isinstance(exc, DTDForbidden):
        return "the file has a document type declaration, which a WordPress export never has"
    return (
        "the file refers to an external entity (a file or URL to read in); a WordPress "
        "export never does, and following one could read files from this machine"
    )


def _qualified(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` -> ``wp:post_id``."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if uri.startswith("http://wordpress.org/export/"):
        prefix = "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    else:
        prefix = _NAMESPACES.get(uri, uri)
    return f"{prefix}:{local}"
