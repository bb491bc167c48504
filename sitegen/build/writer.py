"""Write stage: move freshly rendered files into the output folder, prune the stale ones.

Pages are rendered into a staging folder beside the output (same file system), and only once
every job has succeeded is anything moved into the output, one atomic ``rename`` per file; a build
that fails leaves the output exactly as it was. A file whose bytes did not change is not touched,
so it keeps its modification time (deploys and rsync see only what really changed), and when
nothing changed nothing at all is written.
"""

from __future__ import annotations

import filecmp
import hashlib
import multiprocessing
import os
import re
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.build.jobs import CopyJob, Job
from sitegen.build.manifest import Entry, Manifest
from sitegen.errors import SitegenError
from sitegen.graph.urls import SEARCH_BUNDLE

if TYPE_CHECKING:
    from sitegen.build.executor import Rendered

SEARCH_FOLDER = SEARCH_BUNDLE.rstrip("/")
OnDisk = dict[str, tuple[int, int]]
"""Output file (POSIX, relative) -> (size, modification time in ns) as found before writing."""


class UnsafeOutput(SitegenError):
    """An output path or folder that would write outside the output folder."""


@dataclass(frozen=True)
class WriteReport:
    """What the write did."""

    written: int
    """Files whose content is new or changed."""
    unchanged: int
    """Files left untouched from the previous build."""
    removed: int
    """Files of the previous build that no longer exist."""
    rendered: int = 0
    """Pages rendered by this build (the others were up to date)."""
    changed: tuple[str, ...] = ()
    """Output paths written (new or changed bytes) or removed, sorted (the preview reloads
    only tabs showing one of them)."""


def check_output_dir(root: Path, out: Path) -> None:
    """Refuse an output folder that is not a plain folder strictly inside the site root."""
    if out.is_symlink():
        raise UnsafeOutput(f"the output folder {out} is a symbolic link; refusing to write")
    resolved_root, resolved = root.resolve(), out.resolve()
    if resolved == resolved_root or not resolved.is_relative_to(resolved_root):
        raise UnsafeOutput(f"the output folder {out} is not inside the site folder {root}")
    for source in ("content", "templates", "static"):
        if resolved == (resolved_root / source) or resolved.is_relative_to(resolved_root / source):
            raise UnsafeOutput(f"the output folder {out} is inside the site's {source}/ folder")


def check_relative(output: str) -> list[str]:
    """Validate a job's output path: relative, no '..', no empty or hidden-escape parts.

    Checked on the string's own parts (``PurePosixPath`` would quietly drop ``.`` and empty
    parts, and costs more than the check itself on an archive of tens of thousands of pages).
    """
    if _UNSAFE.search(output):
        raise UnsafeOutput(f"refusing to write {output!r}: not a path inside the output folder")
    return output.split("/")


_UNSAFE = re.compile(r"\A\Z|\A/|//|/\Z|(?:\A|/)\.\.?(?:/|\Z)|\x00")
r"""An empty path, a leading or trailing '/', an empty, '.' or '..' part, or a NUL byte.
(``\Z``, not ``$``, which would also match before a final newline.)"""


def staging_dir(out: Path) -> Path:
    """The staging folder of ``out``: a hidden sibling, so renames stay on one file system."""
    return out.with_name(f".{out.name}.staging")


def scan_output(out: Path) -> tuple[OnDisk, list[str]]:
    """Every file in ``out`` with its size and mtime, and any symlinked folders (never ours).

    The search index's folder is left out: :mod:`sitegen.build.search` keeps it, after writing.
    """
    found: OnDisk = {}
    foreign: list[str] = []
    if not out.is_dir():
        return found, foreign
    pending = [(str(out), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel == SEARCH_FOLDER:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, rel + "/"))
                elif entry.is_symlink() and entry.is_dir():
                    foreign.append(rel)
                else:
                    st = entry.stat(follow_symlinks=False)
                    found[rel] = (st.st_size, st.st_mtime_ns)
    foreign.sort()
    return found, foreign


Scan = Callable[[], tuple[OnDisk, list[str]]]
"""Returns what :func:`scan_output` found (perhaps computed in another process meanwhile)."""


def scan_early(out: Path, parallel: bool) -> Scan:
    """Start scanning ``out`` now; the result is collected when the returned function is called.

    On a large archive, walking the output folder (one directory per article) takes as long as
    planning the build; with ``parallel`` (more than one render process allowed) it runs in a
    forked process alongside loading and planning instead of after them.
    """
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        return lambda: scan_output(out)
    pool = ProcessPoolExecutor(1, multiprocessing.get_context("fork"))
    future = pool.submit(scan_output, out)

    def collect() -> tuple[OnDisk, list[str]]:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return collect


@dataclass
class Commit:
    """Moves staged files into the output and keeps the new manifest up to date."""

    out: Path
    staging: Path
    old: Manifest
    disk: OnDisk
    manifest: Manifest
    written: int = 0
    unchanged: int = 0
    installed: list[str] = field(default_factory=list)
    """Outputs written, in order."""

    def _target(self, output: str) -> Path:
        return self.out.joinpath(*check_relative(output))

    def _known_digest(self, output: str) -> str | None:
        entry = self.old.get(output)
        if entry and entry.digest and self.disk.get(output) == (entry.size, entry.mtime_ns):
            return entry.digest
        return None

    def _same_on_disk(self, output: str, digest: str, size: int) -> bool:
        known = self._known_digest(output)
        if known is not None:
            return known == digest
        if self.disk.get(output, (-1, 0))[0] != size:
            return False
        return hashlib.sha256(self._target(output).read_bytes()).hexdigest() == digest

    def _install(self, output: str, key: str, digest: str, source: Path | None) -> None:
        target = self._target(output)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = self.staging.joinpath(*check_relative(output))
        if source is not None:
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staged)
        os.replace(staged, target)
        st = target.stat()
        self.manifest[output] = Entry(key, st.st_size, st.st_mtime_ns, digest)
        self.written += 1
        self.installed.append(output)

    def _keep(self, output: str, key: str, digest: str) -> None:
        size, mtime = self.disk[output]
        self.manifest[output] = Entry(key, size, mtime, digest)
        self.unchanged += 1

    def page(self, output: str, key: str, rendered: Rendered) -> None:
        """Install a rendered page unless the output already holds the same bytes."""
        if self._same_on_disk(output, rendered.digest, rendered.size):
            self._keep(output, key, rendered.digest)
        else:
            self._install(output, key, rendered.digest, None)

    def fill_empty(
        self, jobs: Sequence[Job], keys: dict[str, str], rendered: dict[str, Rendered]
    ) -> bool:
        """Make the staging folder the output folder, when there is no output folder yet.

        A first build (or a build into a new folder) installs every file; one rename of the
        whole staging folder does that at once instead of one rename per file (a second at
        10,000 articles). The copied files are copied into the staging folder first. False,
        with nothing installed, when the output folder exists (even empty: its permissions are
        the owner's): then install file by file with :meth:`page` and :meth:`copy`.
        """
        if os.path.lexists(self.out):
            return False
        for job in jobs:
            if isinstance(job, CopyJob):
                staged = self.staging.joinpath(*check_relative(job.output))
                staged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(job.source, staged)
        entries = {}
        for job in jobs:
            st = os.stat(self.staging.joinpath(*check_relative(job.output)))
            digest = "" if isinstance(job, CopyJob) else rendered[job.output].digest
            entries[job.output] = Entry(keys[job.output], st.st_size, st.st_mtime_ns, digest)
        try:
            os.rename(self.staging, self.out)
        except OSError:  # the folder appeared meanwhile
            return False
        self.manifest.update(entries)
        self.written += len(jobs)
        self.installed += [job.output for job in jobs]
        return True

    def copy(self, job: CopyJob, key: str) -> None:
        """Copy a file unless the output already holds the same bytes."""
        target = self._target(job.output)
        size = os.stat(job.source).st_size
        if self.disk.get(job.output, (-1, 0))[0] == size and not target.is_symlink():
            if filecmp.cmp(job.source, target, shallow=False):
                self._keep(job.output, key, "")
                return
        self._install(job.output, key, "", Path(job.source))


def prune(out: Path, stale: Sequence[str]) -> int:
    """Delete stale files (and symlinked folders), then any folder left empty by that."""
    parents: set[Path] = set()
    for rel in stale:
        path = out.joinpath(*rel.split("/"))
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        parents.update(p for p in path.parents if p != out and p.is_relative_to(out))
    for folder in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty: still holds current files
    return len(stale)
