"""Lists of integers kept in state files as packed bytes, not JSON numbers.

The state of a large archive holds millions of integers (places of articles in the link memo,
the sources' sizes and modification times in the edit base). As JSON numbers each is decoded
into its own object (28 to 36 bytes) and encoded back digit by digit; packed, a list is one
:class:`array.array` that is read and written as a block (base64 inside the JSON).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

PLACES = "i"
"""32-bit integers: places of articles (-1 for none)."""
STATS = "q"
"""64-bit integers: file sizes and modification times in nanoseconds."""


def pack(values: Iterable[int], code: str) -> bytes:
    """``values`` as little-endian integers of type ``code`` (the same bytes on every
    machine)."""
    found = array(code, values)
    if sys.byteorder == "big":
        found.byteswap()
    return found.tobytes()


def unpack(data: bytes, code: str) -> array[int]:
    """The integers :func:`pack` made ``data`` from; empty when ``data`` cannot hold them (a
    damaged file: the caller's length checks then refuse it)."""
    found = array(code)
    if len(data) % found.itemsize == 0:
        found.frombytes(data)
        if sys.byteorder == "big":
            found.byteswap()
    return found
