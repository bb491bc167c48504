"""The link stage's derived structure, kept from one build to the next while the shape holds.

Ordering, Previous/Next, Related Posts, listings and URLs read only each published article's
slug, date, section, tags, authors, pins and ``featured`` flag (and the config). Editing a body
or a headline changes none of these, so the last result is reused whenever a digest of exactly
those fields is the same; everything else about an article is taken fresh from this build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from sitegen.config import SiteConfig, settings_text
from sitegen.content.models import Article, article_shape
from sitegen.digests import code_digest, digest
from sitegen.state.files import read_data, write_data

_KIND = "link-memo"
_VERSION = 2

T = TypeVar("T")


def shape_digest(
    visible: Sequence[Article], config: SiteConfig, shapes: Mapping[str, str] | None = None
) -> str:
    """Digest of everything linking reads: the config and each published article's shape.

    ``shapes`` holds :func:`article_shape` of articles by file, as loading found them.
    """
    known = shapes or {}
    shape = [known.get(a.file) or article_shape(a) for a in visible]
    # sitegen's own code is part of the key: an upgrade may link differently
    return digest(code_digest(), settings_text(config), shape)


def cached(file: Path | None, key: str, kind: type[T], compute: Callable[[], T]) -> T:
    """``compute()``, or the value stored under the same ``key`` by the last call (decoded as
    ``kind``: data only, see :mod:`sitegen.state`)."""
    if file is None:
        return compute()
    stored = read_data(file, _KIND, _VERSION, tuple[str, kind])  # type: ignore[valid-type]
    if stored is not None and stored[0] == key:
        return stored[1]
    result = compute()
    write_data(file, _KIND, _VERSION, (key, result))
    return result
