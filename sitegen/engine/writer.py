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
import stat
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.engine.jobs import CopyJob
from sitegen.engine.manifest import Entry, Listing, Manifest, read_listing
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


def stat_outputs(out: Path, paths: Iterable[str]) -> OnDisk:
    """The size and mtime of each of ``paths`` (relative to ``out``) that is there as anything
    but a folder (``lstat``: a link is itself, not what it points to).

    Only the files the last build wrote are looked at, one ``lstat`` each, never a listing of
    the output folder: an archive has a folder per article, and listing 185,000 folders took
    4.9 s where stating their files takes 0.6 s. Whatever else the output folder holds is not
    sitegen's; what stands where a file is to be written or removed is checked then, on those
    paths alone (see :func:`obstacles` and :func:`reached`). The search index's folder is left
    out: :mod:`sitegen.engine.search` keeps it.
    """
    found: OnDisk = {}
    base = os.path.join(out, "")
    lstat = os.lstat
    for path in paths:
        if path.startswith(SEARCH_PREFIX):
            continue
        try:
            st = lstat(base + path)
        except (OSError, ValueError):  # gone, or a name the file system cannot hold
            continue
        if not stat.S_ISDIR(st.st_mode):
            found[path] = (st.st_size, st.st_mtime_ns)
    return found


SEARCH_PREFIX = SEARCH_FOLDER + "/"


@dataclass(frozen=True)
class Drift:
    """How the last build's files are now, told by what changed (the others are as the manifest
    says): a no-op build needs only to know that nothing did, and a forked process hands back a
    few entries, not one per file."""

    files: int
    """How many files the manifest lists (0: no manifest that can be trusted)."""
    changed: OnDisk
    """The files whose size or mtime is not the manifest's, with what they are now."""
    gone: frozenset[str]
    """The files that are not there (or are folders now)."""
    listing: Listing | None = field(default=None, compare=False)
    """The manifest's listing the files were compared with, when none changed (the edit path
    reads the manifest from it instead of reading the file again)."""

    def on_disk(self, manifest: Manifest) -> OnDisk:
        """Every file of ``manifest`` that is there, with its size and mtime."""
        found = {
            path: (entry.size, entry.mtime_ns)
            for path, entry in manifest.items()
            if path not in self.gone
        }
        found.update(self.changed)
        return found


def drift_of(out: Path, manifest: Manifest) -> Drift:
    """Which of ``manifest``'s files in ``out`` differ from it (one ``lstat`` each)."""
    return _drift(out, {path: (entry.size, entry.mtime_ns) for path, entry in manifest.items()})


def _drift(out: Path, recorded: OnDisk) -> Drift:
    now = stat_outputs(out, recorded)
    changed = {path: found for path, found in now.items() if found != recorded[path]}
    return Drift(len(recorded), changed, frozenset(recorded.keys() - now.keys()))


def listed_drift(out: Path, listing: Listing) -> Drift:
    """:func:`drift_of` for the last build's :class:`Listing`, by the quick :func:`_as_listed`
    when nothing changed (a listing with files in the search index's folder, which
    :func:`stat_outputs` leaves out, always goes the general way)."""
    count = len(listing.paths)
    if not _searched(listing) and _as_listed(out, listing, 0, count):
        return Drift(count, {}, frozenset(), listing)
    stats = zip(listing.sizes, listing.mtimes, strict=True)
    return _drift(out, dict(zip(listing.paths, stats, strict=True)))


def _searched(listing: Listing) -> bool:
    return any(map(methodcaller("startswith", SEARCH_PREFIX), listing.paths))


def _as_listed(out: Path, listing: Listing, start: int, stop: int) -> bool:
    """Whether the listed files ``start:stop`` are all there, none a folder, with their listed
    sizes and mtimes (the common case: every edit, and a no-op build, finds them so).

    The same ``lstat`` calls as :func:`stat_outputs`, with the loops left to C (``map`` and
    list comparisons): at 100,000 articles a no-op build waits for this, and the per-file
    Python of the general case cost a fifth more than the calls themselves.
    """
    paths = listing.paths[start:stop]
    try:
        found = list(map(os.lstat, map(os.path.join(out, "").__add__, paths)))
    except (OSError, ValueError):  # one is gone, or has a name the file system cannot hold
        return False
    return (
        [st.st_size for st in found] == listing.sizes[start:stop]
        and [st.st_mtime_ns for st in found] == listing.mtimes[start:stop]
        and not any(map(stat.S_ISDIR, [st.st_mode for st in found]))
    )


Scan = Callable[[], Drift]
"""Returns the :func:`drift_of` the last build's files (perhaps found in part by another
process meanwhile)."""

PARALLEL_FROM = 10_000
"""Outputs from which a forked process helps to state them: below it, starting the process
costs more than it saves."""

CLAIM = 8192
"""Outputs stated per claim when two processes share the work."""


def stat_early(root: Path, out: Path, parallel: bool) -> Scan:
    """Start stating the last build's files in ``out`` now; the result is collected when the
    returned function is called.

    On a large archive the ``lstat`` calls take longer than stating the sources (at 100,000
    articles, 185,000 outputs against 100,000 sources). With ``parallel`` (more than one process
    allowed), a forked process states them meanwhile, :data:`CLAIM` files at a time from the
    first, and the build process, once it asks for the result, takes them from the last, so
    that the two end together. Either one finding a file that is not as listed stops both, and
    the build process works out what changed (rare: a file edited or deleted by hand).
    """
    listing = read_listing(root, out)
    if listing is None:
        return lambda: Drift(0, {}, frozenset())
    count = len(listing.paths)
    fork = "fork" in multiprocessing.get_all_start_methods()
    if not (parallel and fork and count >= PARALLEL_FROM) or _searched(listing):
        return lambda: listed_drift(out, listing)
    context = multiprocessing.get_context("fork")
    claimed = -(-count // CLAIM)  # claims in all, the last one perhaps short
    shared = context.RawValue
    claims = _Claims(shared("q", 0), shared("q", claimed), shared("b", 0))
    # forked, not spawned: the child has the listing already, nothing is pickled
    helper = context.Process(target=_state_front, args=(out, listing, claims), daemon=True)
    helper.start()

    def collect() -> Drift:
        try:
            _state_back(out, listing, claims)
        finally:
            helper.join()
        # a helper that did not finish (killed) may leave its last claim unstated
        if claims.failed.value or helper.exitcode != 0:
            return listed_drift(out, listing)
        return Drift(count, {}, frozenset(), listing)

    return collect


@dataclass(frozen=True)
class _Claims:
    """What the two processes stating the outputs share, in memory both can write.

    No lock: each counter has one writer, and reading the other's a moment late only makes a
    claim stated twice where the two meet (a lock held by a process killed while holding it
    would leave the build waiting forever).
    """

    front: Any
    """The helper's next claim (it states claims ``0, 1, ...``): a ``RawValue``."""
    back: Any
    """One past the build process's last claim (it states claims ``..., n - 2, n - 1``)."""
    failed: Any
    """Set once a claim found a file that is not as listed: the rest need not be stated."""


def _state_front(out: Path, listing: Listing, claims: _Claims) -> None:
    """The helper's part: claims from the first until it meets the build process's."""
    while not claims.failed.value:
        claim = claims.front.value
        if claim >= claims.back.value:
            return
        claims.front.value = claim + 1
        _state_claim(out, listing, claims, claim)


def _state_back(out: Path, listing: Listing, claims: _Claims) -> None:
    """The build process's part: claims from the last until it meets the helper's."""
    while not claims.failed.value:
        claim = claims.back.value - 1
        if claim < claims.front.value:
            return
        claims.back.value = claim
        _state_claim(out, listing, claims, claim)


def _state_claim(out: Path, listing: Listing, claims: _Claims, claim: int) -> None:
    start = claim * CLAIM
    if not _as_listed(out, listing, start, min(start + CLAIM, len(listing.paths))):
        claims.failed.value = 1


@dataclass
class Commit:
    """Decides, job by job, which outputs are replaced by staged files, and records their entries.

    Nothing in the output is touched here: :func:`sitegen.engine.publish.publish` moves the files
    listed in :attr:`installed` in afterwards, all of them or (after an interruption) none yet.
    """

    out: Path
    staging: Path
    old: Mapping[str, Entry]
    disk: OnDisk
    manifest: MutableMapping[str, Entry]
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


class Lookup:
    """What is at paths of the output folder (``lstat``, each path asked once)."""

    def __init__(self, out: Path) -> None:
        self.base = os.path.join(out, "")
        self._modes: dict[str, int | None] = {}

    def mode(self, rel: str) -> int | None:
        """The ``st_mode`` of ``rel`` itself (a link is not followed); None when nothing is
        there (nor reachable)."""
        if rel not in self._modes:
            try:
                self._modes[rel] = os.lstat(self.base + rel).st_mode
            except (OSError, ValueError):
                self._modes[rel] = None
        return self._modes[rel]

    def folder(self, rel: str) -> bool:
        """Whether ``rel`` is a real folder (not a link to one)."""
        mode = self.mode(rel)
        return mode is not None and stat.S_ISDIR(mode)


def reached(lookup: Lookup, path: str) -> bool:
    """Whether every folder on the way to ``path`` is a real folder: a file under a linked
    folder is not in the output (removing or replacing it would act outside)."""
    parts = path.split("/")
    return all(lookup.folder("/".join(parts[:end])) for end in range(1, len(parts)))


def obstacles(
    lookup: Lookup, outputs: Sequence[str], disk: OnDisk, removed: Sequence[str]
) -> list[str]:
    """Outputs that something sitegen did not write stands in the way of, with what it is.

    A file (or a link) where a folder of the output must go, or a folder where a file must go,
    would have to be removed; files the last build wrote (``removed``) are, anything else is not
    sitegen's to remove. A file at an output's own path is replaced (the folder is sitegen's).
    Only the paths of ``outputs`` are looked at, through ``lookup`` (each path once per build).
    """
    gone = set(removed)
    found: list[str] = []
    for output in outputs:
        problem = _blocked_folder(output, lookup, gone) or _blocked_file(output, disk, lookup, gone)
        if problem:
            found.append(problem)
    return found


def _blocked_folder(output: str, lookup: Lookup, gone: set[str]) -> str | None:
    """A file or link that is not sitegen's where one of ``output``'s folders must go."""
    parts = output.split("/")
    for end in range(1, len(parts)):
        prefix = "/".join(parts[:end])
        mode = lookup.mode(prefix)
        if mode is None:
            return None  # nothing there, nor below: the folders are made
        if not stat.S_ISDIR(mode) and prefix not in gone:
            return f"{prefix} is a file sitegen did not write, where {output} must go"
    return None


def _blocked_file(output: str, disk: OnDisk, lookup: Lookup, gone: set[str]) -> str | None:
    """A folder holding anything but files of the last build, where the file ``output`` goes."""
    if output in disk or not lookup.folder(output):
        return None
    inside = _files_under(lookup.base, output)
    if inside and all(path in gone for path in inside):
        return None  # removed before the file is moved in, and the emptied folder with them
    return f"{output} is a folder sitegen did not write, where the file {output} must go"


def _files_under(base: str, folder: str) -> list[str]:
    """Everything but folders under ``folder`` of the output folder ``base`` (ending in a
    separator; linked folders not entered)."""
    found: list[str] = []
    pending = [folder]
    while pending:
        rel = pending.pop()
        with os.scandir(base + rel) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    found.append(path)
    return found
