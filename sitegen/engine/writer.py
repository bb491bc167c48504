"""Write stage: decide which staged files replace their outputs; guard paths in the output.

Pages are rendered into a staging folder beside the output (same file system). Only once every
job has succeeded does :class:`Commit` decide, per output, whether the staged file replaces it (a
file whose bytes did not change is not touched, so it keeps its modification time and deploys and
rsync see only what really changed); :mod:`sitegen.engine.publish` then moves the chosen files in,
so that no one sees a mix of two builds. A build that fails leaves the output exactly as it was.
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

from sitegen.engine.jobs import CopyJob
from sitegen.engine.manifest import Entry, Manifest
from sitegen.errors import SitegenError
from sitegen.graph.urls import SEARCH_BUNDLE

if TYPE_CHECKING:
    from sitegen.engine.executor import Rendered

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


def scan_output(out: Path) -> tuple[OnDisk, list[str]]:
    """Every file in ``out`` with its size and mtime, and any symlinked folders (never ours).

    The search index's folder is left out: :mod:`sitegen.engine.search` keeps it, after writing.
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
    """Decides, job by job, which outputs are replaced by staged files, and records their entries.

    Nothing in the output is touched here: :func:`sitegen.engine.publish.publish` moves the files
    listed in :attr:`installed` in afterwards, all of them or (after an interruption) none yet.
    """

    out: Path
    staging: Path
    old: Manifest
    disk: OnDisk
    manifest: Manifest
    written: int = 0
    unchanged: int = 0
    installed: list[str] = field(default_factory=list)
    """Outputs to move in from the staging folder, in order."""

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
        staged = self.staging.joinpath(*check_relative(output))
        if source is not None:
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staged)
        st = staged.stat()  # a rename keeps the size and the modification time
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

    def copy(self, job: CopyJob, key: str) -> None:
        """Copy a file (into the staging folder) unless the output already holds the same bytes."""
        target = self._target(job.output)
        size = os.stat(job.source).st_size
        if self.disk.get(job.output, (-1, 0))[0] == size and not target.is_symlink():
            if filecmp.cmp(job.source, target, shallow=False):
                self._keep(job.output, key, "")
                return
        self._install(job.output, key, "", Path(job.source))


def obstacles(
    out: Path, outputs: Sequence[str], disk: OnDisk, links: Sequence[str], removed: Sequence[str]
) -> list[str]:
    """Outputs that something sitegen did not write stands in the way of, with what it is.

    A file (or a link) where a folder of the output must go, or a folder where a file must go,
    would have to be removed; files the last build wrote (``removed``) are, anything else is not
    sitegen's to remove. A file at an output's own path is replaced (the folder is sitegen's).
    """
    gone, linked = set(removed), set(links)
    found: list[str] = []
    for output in outputs:
        problem = _blocked_folder(output, disk, linked, gone) or _blocked_file(
            out, output, disk, linked, gone
        )
        if problem:
            found.append(problem)
    return found


def _blocked_folder(output: str, disk: OnDisk, linked: set[str], gone: set[str]) -> str | None:
    """A file or link that is not sitegen's where one of ``output``'s folders must go."""
    parts = output.split("/")
    for end in range(1, len(parts)):
        prefix = "/".join(parts[:end])
        if (prefix in disk or prefix in linked) and prefix not in gone:
            return f"{prefix} is a file sitegen did not write, where {output} must go"
    return None


def _blocked_file(
    out: Path, output: str, disk: OnDisk, linked: set[str], gone: set[str]
) -> str | None:
    """A folder holding anything but files of the last build, where the file ``output`` goes.

    Only outputs that are not files already are looked at (one ``stat`` each: new pages).
    """
    if output in disk or output in linked:
        return None
    target = out.joinpath(*output.split("/"))
    if not target.is_dir() or target.is_symlink():
        return None
    inside = [path for path in disk if path.startswith(output + "/")]
    if inside and all(path in gone for path in inside):
        return None  # removed before the file is moved in, and the emptied folder with them
    return f"{output} is a folder sitegen did not write, where the file {output} must go"
