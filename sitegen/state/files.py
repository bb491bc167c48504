"""Versioned, checksummed state files in ``.sitegen/`` (caches and the build manifest), as data.

A state file is one header line (format name, format version, SHA-256 of the payload) followed
by the payload. Reading returns None for anything missing, truncated, corrupt, of another format
or another version, so a damaged cache is never trusted: the caller rebuilds from sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from sitegen.gcpause import paused_gc

_MAGIC = "sitegen-state"

T = TypeVar("T")

CHECKSUMS: dict[str, Callable[[bytes | memoryview], str]] = {
    "sha256": lambda payload: hashlib.sha256(payload).hexdigest(),
    "crc32": lambda payload: f"{zlib.crc32(payload):08x}",
}
"""Payload checksums by header key. Both catch a truncated or damaged file; CRC-32 is about ten
times faster, which matters for the tens of megabytes a large site's load cache holds."""


def write_state(
    path: Path,
    kind: str,
    version: int,
    payload: bytes,
    checksum: str = "sha256",
    durable: bool = False,
) -> None:
    """Write ``payload`` atomically under a header naming its kind, version and checksum.

    ``durable``: flushed to the disk (the file, then its folder) before returning, for the files
    a crash recovery relies on (the publish journal and the manifest it installs).
    """
    header = {
        "magic": _MAGIC,
        "kind": kind,
        "version": version,
        checksum: CHECKSUMS[checksum](payload),
    }
    # written as two parts: joined, a 100 MB memo would be copied once more at the build's peak
    write_file(path, (json.dumps(header, sort_keys=True).encode() + b"\n", payload), durable)


def write_file(path: Path, data: bytes | tuple[bytes, ...], durable: bool = False) -> None:
    """Write a file of ``.sitegen/`` atomically (``data``: its bytes, or its parts in order),
    whatever stands in its way.

    State is sitegen's own and is rebuilt when lost, so a folder (or file) found where a file
    (or folder) belongs is removed instead of failing every later build.
    """
    make_folder(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    discard(tmp)
    with tmp.open("wb") as handle:
        for part in (data,) if isinstance(data, bytes) else data:
            handle.write(part)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())
    try:
        os.replace(tmp, path)
    except OSError:  # a folder stands at ``path``
        discard(path)
        os.replace(tmp, path)
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (names created, renamed or removed in it) to the disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folder(path: Path) -> None:
    """Make ``path`` a folder of ``.sitegen/``, removing a file that stands at it or above it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    for folder in [*reversed(path.parents), path]:
        if not folder.is_dir():
            discard(folder)
            folder.mkdir()


def discard(path: Path) -> None:
    """Remove a state file or folder, whichever it is; nothing when there is none."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def read_state(path: Path, kind: str, version: int, checksum: str = "sha256") -> bytes | None:
    """The payload of a state file, or None when it is missing or cannot be trusted."""
    payload = _payload(path, kind, version, checksum)
    return None if payload is None else payload.tobytes()


def _payload(path: Path, kind: str, version: int, checksum: str) -> memoryview | None:
    """The checked payload as a view into the file's bytes (no copy of a large payload)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    end = raw.find(b"\n")
    if end < 0:
        return None
    try:
        header = json.loads(raw[:end])
    except ValueError:
        return None
    expected = {"magic": _MAGIC, "kind": kind, "version": version}
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        return None
    payload = memoryview(raw)[end + 1 :]
    if header.get(checksum) != CHECKSUMS[checksum](payload):
        return None
    return payload


def write_data(path: Path, kind: str, version: int, value: Any, durable: bool = False) -> None:
    """Write ``value`` (dataclasses, tuples, dicts, strings, numbers, datetimes) as JSON into a
    checksummed state file, read back only by :func:`read_data`."""
    write_state(path, kind, version, _ENCODER.encode(value), checksum="crc32", durable=durable)


def read_data(path: Path, kind: str, version: int, shape: type[T]) -> T | None:
    """The value of a state file written by :func:`write_data`, decoded as ``shape``; None when
    it is missing, damaged, of another kind or version, or not of that shape.

    Data only: the JSON is decoded into the given type by msgspec, which builds values of the
    named classes from their fields and never calls anything a file names; a crafted file can
    only fail to decode (and the build starts from scratch).
    """
    payload = _payload(path, kind, version, "crc32")
    if payload is None:
        return None
    # the objects made are all reachable, and the many small ones would otherwise set off
    # repeated scans of the collector
    with paused_gc():
        return decode(payload, shape)


def encode(value: Any) -> bytes:
    """``value`` as JSON bytes (see :func:`write_data`)."""
    return _ENCODER.encode(value)


def decode(payload: bytes | memoryview, shape: type[T]) -> T | None:
    """``payload`` decoded as ``shape``, or None when it is not valid JSON of that shape."""
    try:
        return msgspec.json.decode(payload, type=shape)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, TypeError):
        return None


_ENCODER = msgspec.json.Encoder()
