"""The build manifest: for each output file, the key of the job that made it and its bytes' digest.

It lives in ``.sitegen/`` (one per output folder, so the preview server's folder has its own) and
is what lets the next build render only the jobs whose inputs changed. It is also the record of
which files in the output folder are sitegen's: a build removes only files the manifest lists
(``--clean`` still reads it for that). A missing, corrupt or foreign manifest is ignored: the
build is then a full one, which leaves files it cannot prove are its own in place.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from sitegen.state.files import discard, read_data, write_data
from sitegen.state.layout import manifest_file, output_key

__all__ = ["Entry", "Manifest", "forget_manifest", "manifest_file", "output_key", "read_manifest"]
__all__ += ["write_manifest"]

_KIND = "build-manifest"
_VERSION = 4


class Entry(NamedTuple):
    """One output file as the last build left it.

    A named tuple: tens of thousands are read and written on every rebuild; the file holds each
    as a JSON array.
    """

    key: str
    """The key of the job that produced it (see :mod:`sitegen.engine.incremental`)."""
    size: int
    mtime_ns: int
    """Size and modification time right after writing: a changed file is noticed by ``stat``."""
    digest: str
    """SHA-256 of the file's bytes."""


Manifest = dict[str, Entry]
"""Output path (POSIX, relative to the output folder) -> entry."""


def read_manifest(root: Path, out: Path) -> Manifest:
    """The last build's manifest for ``out``; empty when there is none or it cannot be trusted."""
    data = read_data(manifest_file(root, out), _KIND, _VERSION, tuple[str, Manifest])
    if data is None or data[0] != str(out.resolve()):
        return {}
    return data[1]


def write_manifest(root: Path, out: Path, manifest: Manifest, pending: bool = False) -> None:
    """Record the manifest of a successful build (``pending``: of a publish about to start,
    flushed to the disk, since the publish journal relies on it)."""
    data = (str(out.resolve()), manifest)
    write_data(manifest_file(root, out, pending), _KIND, _VERSION, data, durable=pending)


def forget_manifest(root: Path, out: Path) -> None:
    """Drop the manifest (``--clean``)."""
    discard(manifest_file(root, out))
