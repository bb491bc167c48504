"""How long an output path may be: what every file system and host sitegen publishes to holds.

A slug, tag or alias becomes a folder or file name in the output. File systems refuse a name
over 255 bytes (ext4, XFS, APFS, Btrfs) with an error no editor can act on, so each URL segment
is checked where it is written, and every output path once more before anything is rendered.
"""

from __future__ import annotations

MAX_SEGMENT_BYTES = 200
"""Bytes (UTF-8) of one URL segment. Names may have 255; the rest is left for the suffixes of
the temporary files that writers and publishers put beside a file (``.name.1234.tmp``)."""
MAX_PATH_BYTES = 1024
"""Bytes (UTF-8) of a whole output path: the longest key S3-compatible stores accept, and far
within the operating system's limit on a path (4096 bytes on Linux) under any output folder."""


def segment_problem(segment: str) -> str | None:
    """Why ``segment`` cannot be a URL segment (a file or folder name), or None when it can:
    ``is 329 bytes long in UTF-8 (...)``, to follow the value in a message."""
    size = _size(segment)
    if size <= MAX_SEGMENT_BYTES:
        return None
    return f"is {size} bytes long in UTF-8 (a file or folder name holds {MAX_SEGMENT_BYTES})"


def path_problem(path: str) -> str | None:
    """Why ``path`` (POSIX, relative) cannot be an output path, or None when it can."""
    for segment in path.split("/"):
        found = segment_problem(segment)
        if found is not None:
            return f"has a part {shown(segment)} that {found}"
    size = _size(path)
    if size > MAX_PATH_BYTES:
        return f"is {size} bytes long in UTF-8 (an output path holds {MAX_PATH_BYTES})"
    return None


def shown(value: str) -> str:
    """``value`` quoted for a message, shortened when long."""
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))
