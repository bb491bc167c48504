"""Characters that no output of the site can hold, found and named in one place.

XML 1.0 (feeds, sitemaps) cannot hold C0 control characters other than tab, line feed and
carriage return, lone surrogates, U+FFFE or U+FFFF: one of them makes the whole file unreadable
to every feed reader and crawler. HTML counts the C1 controls, DEL and the other noncharacters
as parse errors too. Front matter and ``sitegen.yaml`` holding any of them are reported where
they are loaded (:mod:`sitegen.text.yamlsource`); a body loses them with a warning
(:mod:`sitegen.content.frontmatter`); the XML and JSON writers drop them as a last guard.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
"""One character that feeds, sitemaps or HTML cannot hold (non-BMP noncharacters are legal XML
and left alone)."""


def describe(char: str) -> str:
    """``U+000B (a control character)``: the code point and why it cannot be kept."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "half of a surrogate pair"
    elif code >= 0xFDD0:
        kind = "a noncharacter"
    else:
        kind = "a control character"
    return f"U+{code:04X} ({kind})"


def strip_forbidden(text: str) -> str:
    """``text`` without the characters no output can hold (the same object when clean)."""
    return FORBIDDEN.sub("", text) if FORBIDDEN.search(text) else text
