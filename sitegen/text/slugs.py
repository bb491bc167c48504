"""Slugs: readable, URL-safe keys made from headlines, names and tags, in any script.

Letters and digits of every script are kept (an Arabic or Sorani headline gives an Arabic-script
slug, which browsers show as readable text); everything else collapses to single hyphens. Slugs
never contain ``/``, ``.`` or ``..``, so they cannot traverse out of the output folder. Slugs are
in Unicode normal form C: the composed and decomposed spellings of one word (a macOS file name is
decomposed) are one slug and one URL, not two that look the same.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+")
_VALID = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
MAX_SLUG_LENGTH = 80


def slugify(text: str) -> str:
    """Lower-case, hyphen-separated slug of ``text``; empty when ``text`` has no letters/digits.

    >>> slugify("U.S. imposes sanctions on deputy")
    'u-s-imposes-sanctions-on-deputy'
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    slug = _NON_WORD.sub("-", _strip_latin_accents(normal)).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return normal_form(slug)


def normal_form(text: str) -> str:
    """``text`` in normal form C, as slugs are (see the module docstring)."""
    return unicodedata.normalize("NFC", text)


def is_valid_slug(value: str) -> bool:
    """True when ``value`` is already a slug: words of letters/digits joined by single hyphens,
    in normal form C (normalise with :func:`normal_form` first)."""
    return (
        bool(_VALID.match(value))
        and value == value.casefold()
        and unicodedata.is_normalized("NFC", value)
    )


def _strip_latin_accents(text: str) -> str:
    """Drop accents from Latin letters only ("é" -> "e").

    Marks on other scripts are part of the spelling (Sorani "ئ" is yeh + hamza), so they stay.
    """
    out: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if base < "\u0250":
                continue
        else:
            base = ch
        out.append(ch)
    # After recomposition, marks still standing alone (Arabic harakat such as tanween) are
    # optional vowel signs: dropping them keeps words whole instead of splitting at each mark.
    return "".join(
        c for c in unicodedata.normalize("NFC", "".join(out)) if not unicodedata.combining(c)
    )
