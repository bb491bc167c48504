"""Short, stable digests of plain values: the building blocks of job keys.

Kept free of heavy imports: the no-op rebuild reaches :mod:`sitegen.engine.incremental` (for the
code digest) and must not pay for loading the content models on the way.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    """A short digest of ``repr`` of plain values (str, int, datetime, tuples of them...).

    ``repr`` is faithful for these types (different values never print alike) and stable from
    one process to the next, unlike ``hash``.
    """
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def data_digest(value: object) -> str:
    """A short digest of plain data (dicts, lists, text, numbers, dates) by its pickle.

    Faster than :func:`digest` for large nested data (a page's template context). The pickler's
    memo is off ("fast" mode): with it, an object met twice is written as a reference, so equal
    data shared differently (an article loaded from the cache or parsed afresh) would give
    different bytes. View data holds no cycles, which fast mode cannot write.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, 5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


def combine(*digests: str) -> str:
    """A digest of other digests and plain labels without commas (cheaper than ``repr``)."""
    return hashlib.blake2b(",".join(digests).encode(), digest_size=16).hexdigest()


@cache
def code_digest() -> str:
    """Digest of sitegen's own code and theme: an upgrade or a local patch re-renders all."""
    found = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            found.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            found.update(path.read_bytes())
    return found.hexdigest()


def source_digest(*files: str) -> str:
    """Digest of some of sitegen's source files (paths relative to the package): the key of a
    cache that depends on those modules only (the rendered Markdown, not the templates)."""
    found = hashlib.sha256()
    for name in files:
        found.update(name.encode() + b"\0" + (_PACKAGE / name).read_bytes())
    return found.hexdigest()[:16]
