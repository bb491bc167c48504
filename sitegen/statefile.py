"""Versioned, checksummed state files in ``.sitegen/`` (caches and the build manifest).

A state file is one header line (format name, format version, SHA-256 of the payload) followed
by the payload. Reading returns None for anything missing, truncated, corrupt, of another format
or another version, so a damaged cache is never trusted: the caller rebuilds from sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

_MAGIC = "sitegen-state"


def write_state(path: Path, kind: str, version: int, payload: bytes) -> None:
    """Write ``payload`` atomically under a header naming its kind, version and checksum."""
    header = {
        "magic": _MAGIC,
        "kind": kind,
        "version": version,
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        handle.write(json.dumps(header, sort_keys=True).encode() + b"\n")
        handle.write(payload)
    os.replace(tmp, path)


def read_state(path: Path, kind: str, version: int) -> bytes | None:
    """The payload of a state file, or None when it is missing or cannot be trusted."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, sep, payload = raw.partition(b"\n")
    if not sep:
        return None
    try:
        header = json.loads(head)
    except ValueError:
        return None
    expected = {"magic": _MAGIC, "kind": kind, "version": version}
    if not isinstance(header, dict) or any(header.get(k) != v for k, v in expected.items()):
        return None
    if header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    return payload


def write_pickle(path: Path, kind: str, version: int, value: Any) -> None:
    """Pickle ``value`` into a checksummed state file (read back only by :func:`read_pickle`)."""
    write_state(path, kind, version, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def read_pickle(path: Path, kind: str, version: int) -> Any:
    """The value of a checksummed pickle state file, or None when it cannot be trusted."""
    payload = read_state(path, kind, version)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - any unpickling failure means "no usable cache"
        return None
