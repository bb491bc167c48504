"""The build stamp: a record of the last successful build, kept outside the output folder.

``sitegen deploy`` reads it to refuse publishing a site that failed to build or is older than its
sources. It lives in ``.sitegen/build.json`` at the site root, never inside the output. Beside it,
``.sitegen/build.started`` exists from the start of a build until it ends (in success or with
problems): while it is there, the last build did not finish (it was killed or interrupted, or is
still running), and deploy refuses.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass
from operator import itemgetter
from pathlib import Path

from sitegen.state.files import discard, write_file
from sitegen.state.layout import stamp_file, started_file

CONFIG_PART = "sitegen.yaml"
"""The config file (stated before it is read: see :func:`config_stat`)."""
SOURCE_PARTS = ("content", "templates", "static", "locale", CONFIG_PART)


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


SourceStats = dict[str, tuple[str, int, int]]
"""Site-relative POSIX path -> ``(path, size, mtime_ns)`` of each regular source file."""


def sources_fingerprint(root: Path) -> str:
    """A digest of every source file's path, size and modification time.

    Cheap (one ``stat`` per file, no reading) and good enough to tell that sources changed since
    a build; it is also what lets a no-op rebuild stop before loading anything.
    """
    return fingerprint_of(source_stats(root))


def source_stats(root: Path, config: list[tuple[str, int, int]] | None = None) -> SourceStats:
    """The ``stat`` of every source file, taken once per build: the fingerprint is made from it,
    and the load cache checks its entries against it instead of stating each file again.

    ``config``: the config file's stat taken before it was read (:func:`config_stat`), which
    stands for it (a build that read the config before stating the other sources must not
    record an edit made meanwhile as built).
    """
    found: SourceStats = {}
    for part in SOURCE_PARTS:
        walked = config if config is not None and part == CONFIG_PART else _walk(root, part)
        found.update({entry[0]: entry for entry in walked})
    return found


def config_stat(root: Path) -> list[tuple[str, int, int]]:
    """The config file's entry of :func:`source_stats` (empty when it is missing)."""
    return _walk(root, CONFIG_PART)


def fingerprint_of(stats: SourceStats) -> str:
    """The fingerprint of :func:`source_stats` (in walk order, as the stamp records it)."""
    digest = hashlib.sha256()
    for rel, size, mtime in stats.values():
        # a file name need not be UTF-8 (loading reports it); its bytes are fingerprinted
        digest.update(f"{rel}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _walk(root: Path, part: str) -> list[tuple[str, int, int]]:
    """``(relative path, size, mtime_ns)`` of the files under ``root/part`` (or of that file).

    Linked files count, linked folders are not entered (as ``os.walk`` does by default).
    """
    base = os.path.join(root, part)
    if os.path.isfile(base):
        st = os.stat(base)
        return [(part, st.st_size, st.st_mtime_ns)]
    found: list[tuple[str, int, int]] = []
    pending = [(base, part)]
    while pending:
        folder, rel = pending.pop()
        found += _files_of(folder, rel, pending)
    found.sort(key=itemgetter(0))  # the paths differ: no need to compare whole tuples
    return found


def _files_of(folder: str, rel: str, pending: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """The files of ``folder`` (``rel`` from the site root); its folders go to ``pending``.

    Where the system allows, the folder is opened once and its files are stated by name within
    it (``fstatat``), not by their whole path: a tenth less time for the 100,000 articles of an
    archive, whose every build states them all.
    """
    opened = os.scandir in os.supports_fd
    try:
        where: int | str = os.open(folder, os.O_RDONLY | os.O_DIRECTORY) if opened else folder
    except OSError:  # missing or unreadable folder
        return []
    try:
        with os.scandir(where) as scan:
            entries = list(scan)
        found: list[tuple[str, int, int]] = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((os.path.join(folder, entry.name), f"{rel}/{entry.name}"))
                continue
            try:
                st = entry.stat()
            except OSError:
                continue  # a dangling link is not a source
            if stat.S_ISREG(st.st_mode):
                found.append((f"{rel}/{entry.name}", st.st_size, st.st_mtime_ns))
        return found
    except OSError:  # unreadable
        return []
    finally:
        if isinstance(where, int):
            os.close(where)


def mark_started(root: Path) -> None:
    """Record that a build has started (and so has not finished)."""
    write_file(started_file(root), b"")


def unfinished_build(root: Path) -> bool:
    """Whether the last build started and never ended (killed, interrupted, or still running)."""
    return os.path.lexists(started_file(root))


def write_stamp(root: Path, stamp: BuildStamp) -> None:
    """Record a successful build (atomically); the build has ended."""
    data = json.dumps(asdict(stamp), sort_keys=True).encode()
    write_file(stamp_file(root), data)
    discard(started_file(root))


def clear_stamp(root: Path) -> None:
    """Forget the last build (called when a build fails); the build has ended."""
    discard(stamp_file(root))
    discard(started_file(root))


def read_stamp(root: Path) -> BuildStamp | None:
    """The last successful build's stamp, or None when there is none or it is unreadable."""
    try:
        data = json.loads((stamp_file(root)).read_text(encoding="utf-8"))
        return BuildStamp(**data)
    except (OSError, ValueError, TypeError):
        return None
