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
from sitegen.statefile import read_pickle, write_pickle

_KIND = "link-memo"
_VERSION = 1

T = TypeVar("T")

_in_memory: dict[str, tuple[str, object]] = {}
"""The last result per memo file, so that a long-running preview server skips the disk too."""


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
    """``compute()``, or the value stored under the same ``key`` by the last call."""
    if file is None:
        return compute()
    last = _in_memory.get(str(file))
    if last is None:
        stored = read_pickle(file, _KIND, _VERSION)
        if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], kind):
            last = (str(stored[0]), stored[1])
    if last is not None and last[0] == key and isinstance(last[1], kind):
        _in_memory[str(file)] = last
        return last[1]
    result = compute()
    write_pickle(file, _KIND, _VERSION, (key, result))
    _in_memory[str(file)] = (key, result)
    return result
