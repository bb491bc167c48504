"""The build stamp: a record of the last successful build, kept outside the output folder.

``sitegen deploy`` reads it to refuse publishing a site that failed to build or is older than its
sources. It lives in ``.sitegen/build.json`` at the site root, never inside the output.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

STATE_DIR = ".sitegen"
STAMP_FILE = "build.json"
SOURCE_PARTS = ("content", "templates", "static", "sitegen.yaml")


@dataclass(frozen=True)
class BuildStamp:
    """What the last successful build was made from."""

    output_dir: str
    """The output folder, relative to the site root."""
    sources: str
    """Fingerprint of the source tree (see :func:`sources_fingerprint`) when the build started."""
    drafts: bool
    """Whether drafts were included (a preview build must not be deployed by accident)."""
    future: bool
    """Whether future-dated articles were included."""


def sources_fingerprint(root: Path) -> str:
    """A digest of every source file's path, size and modification time.

    Cheap (one ``stat`` per file) and good enough to tell that sources changed since a build.
    """
    digest = hashlib.sha256()
    for part in SOURCE_PARTS:
        base = root / part
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in paths:
            st = path.stat()
            rel = path.relative_to(root).as_posix()
            digest.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_stamp(root: Path, stamp: BuildStamp) -> None:
    """Record a successful build (atomically)."""
    state = root / STATE_DIR
    state.mkdir(exist_ok=True)
    tmp = state / (STAMP_FILE + ".tmp")
    tmp.write_text(json.dumps(asdict(stamp), sort_keys=True), encoding="utf-8")
    os.replace(tmp, state / STAMP_FILE)


def clear_stamp(root: Path) -> None:
    """Forget the last build (called when a build fails)."""
    (root / STATE_DIR / STAMP_FILE).unlink(missing_ok=True)


def read_stamp(root: Path) -> BuildStamp | None:
    """The last successful build's stamp, or None when there is none or it is unreadable."""
    try:
        data = json.loads((root / STATE_DIR / STAMP_FILE).read_text(encoding="utf-8"))
        return BuildStamp(**data)
    except (OSError, ValueError, TypeError):
        return None
