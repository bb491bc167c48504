"""An ElementTree document as the bytes of a feed or sitemap, always well-formed XML.

ElementTree escapes markup but writes whatever characters it is given, and a single control
character or U+FFFF makes the whole file unreadable to every feed reader and crawler. Front matter
and the config holding one are refused when loaded and bodies lose them
(:mod:`sitegen.text.textchars`); this is the last guard, for what a template, an entity in
Markdown or a future field might still let through.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sitegen.text.textchars import strip_forbidden

DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
"""What ``ET.tostring(..., encoding="utf-8", xml_declaration=True)`` writes first."""


def xml_bytes(root: ET.Element) -> bytes:
    """``root`` indented, with the XML declaration, as UTF-8 ending in a newline."""
    ET.indent(root)
    # Serialized to text, not bytes: a lone surrogate would otherwise become the character
    # reference ``&#55296;``, itself not well-formed. Taking characters out of the finished
    # text is safe: markup is ours and never holds them, only text and attribute values do.
    text = strip_forbidden(ET.tostring(root, encoding="unicode"))
    return (DECLARATION + text + "\n").encode("utf-8")
