"""Writing the import into the site folder: only inside it, never over an edited file.

Every file written is recorded with its SHA-256 in a ledger (``IMPORT-LEDGER.json``, data only,
beside the report). A later run rewrites a file only while it still has the recorded digest,
that is, while nobody edited it since; anything else (an edited file, a file the import did not
write) is left as it is and listed in the report, unless ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.importers.media import safe_relative
from sitegen.importers.model import ImportRefused
from sitegen.importers.report import Report

LEDGER = "IMPORT-LEDGER.json"
REPORT = "IMPORT-REPORT.md"
_FORMAT = "sitegen-import-ledger"
_VERSION = 1


@dataclass
class Ledger:
    """What the import wrote: file -> its digest and the source it came from."""

    files: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> Ledger:
        try:
            data = json.loads((root / LEDGER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return cls()
        files = data.get("files")
        if not isinstance(files, dict):
            return cls()
        return cls({k: v for k, v in files.items() if isinstance(v, dict)})

    def owned_by(self, source: str) -> set[str]:
        return {path for path, entry in self.files.items() if entry.get("source") == source}

    def text(self) -> str:
        data = {"format": _FORMAT, "version": _VERSION, "files": dict(sorted(self.files.items()))}
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


@dataclass
class Writer:
    root: Path
    ledger: Ledger
    force: bool
    source: str
    report: Report
    written: int = 0
    unchanged: int = 0
    kept: int = 0

    def write_text(self, rel: str, text: str) -> None:
        self._put(rel, text.encode("utf-8"), None)

    def copy(self, rel: str, source: Path) -> None:
        self._put(rel, None, source)

    def _put(self, rel: str, data: bytes | None, source: Path | None) -> None:
        path = inside(self.root, rel)
        new = hashlib.sha256(data).hexdigest() if data is not None else _file_digest(source)
        if path.is_symlink() or path.is_dir():
            self._keep(rel, "is a link or a folder")
            return
        if path.exists():
            now = _file_digest(path)
            if now == new:
                self.unchanged += 1
                self._record(rel, new)
                return
            recorded = self.ledger.files.get(rel, {}).get("sha256")
            if recorded != now and not self.force:
                why = "was edited since the import" if recorded else "was not written by the import"
                self._keep(rel, why)
                return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.import-tmp")
        if data is not None:
            temporary.write_bytes(data)
        else:
            assert source is not None
            shutil.copyfile(source, temporary)
        os.replace(temporary, path)
        self.written += 1
        self._record(rel, new)

    def _keep(self, rel: str, why: str) -> None:
        self.kept += 1
        self.report.add("unwritten", rel, f"{why}; left as it is (--force overwrites it)")

    def _record(self, rel: str, digest: str) -> None:
        self.ledger.files[rel] = {"sha256": digest, "source": self.source}

    def save(self) -> None:
        write_plain(self.root, LEDGER, self.ledger.text())


def inside(root: Path, rel: str) -> Path:
    """``root/rel``, refused unless it stays inside ``root`` (no ``..``, no link leading out)."""
    clean = safe_relative(rel)
    if clean is None or clean != rel:
        raise ImportRefused(f"refused to write {rel!r}: not a plain path inside {root}")
    path = root / clean
    real_root = os.path.realpath(root)
    real_parent = os.path.realpath(path.parent)
    if real_parent != real_root and not real_parent.startswith(real_root + os.sep):
        raise ImportRefused(f"refused to write {rel!r}: it would land outside {root}")
    return path


def write_plain(root: Path, rel: str, text: str) -> None:
    """Write a file of the import's own (report, ledger, config) atomically inside ``root``."""
    path = inside(root, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.import-tmp")
    temporary.write_text(text, encoding="utf-8", newline="\n")
    os.replace(temporary, path)


def _file_digest(path: Path | None) -> str:
    assert path is not None
    found = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            found.update(chunk)
    return found.hexdigest()
