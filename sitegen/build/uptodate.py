"""The no-op check: is the output already what building these sources would produce?

After a successful build we record a snapshot: the stat fingerprint of every source (content,
templates, static, sitegen.yaml), the digest of sitegen's own code and theme, the build options,
and the window of build times over which the set of published articles stays the same (from the
newest published article to the first future-dated one). The next build stops right after reading
the config when all of that still holds and every file the manifest lists is as it was left (size
and mtime; files sitegen did not write, a ``CNAME``, are not its concern). Otherwise it builds
incrementally.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sitegen.build.manifest import manifest_file, read_manifest
from sitegen.build.stamp import STATE_DIR
from sitegen.build.writer import scan_output
from sitegen.digests import code_digest
from sitegen.statefile import discard, read_state, write_state

_KIND = "up-to-date"
_VERSION = 3


def _file(root: Path, out: Path) -> Path:
    name = manifest_file(root, out).name.replace("manifest-", "uptodate-")
    name = name.replace(".pickle", ".json")
    return root / STATE_DIR / name


def time_window(dates: Iterable[datetime], now: datetime) -> tuple[str | None, str | None]:
    """``(newest date <= now, oldest date > now)`` as ISO strings: the build times that publish
    the same articles (and flag the same ones as future-dated) as ``now``."""
    past = future = None
    for date in dates:
        if date <= now:
            past = date if past is None or date > past else past
        elif future is None or date < future:
            future = date
    return (past.isoformat() if past else None, future.isoformat() if future else None)


def _inputs(sources: str, options: list[object]) -> str:
    data = json.dumps([sources, code_digest(), options], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def record(
    root: Path,
    out: Path,
    sources: str,
    options: list[object],
    known: tuple[tuple[str | None, str | None], str],
    counts: tuple[int, ...],
) -> None:
    """Remember what the successful build just now was made from: ``known`` is the window of
    build times with the same output and the line saying when it next changes."""
    window, next_change = known
    data = {
        "inputs": _inputs(sources, options),
        "window": list(window),
        "next": next_change,
        "counts": list(counts),
    }
    write_state(_file(root, out), _KIND, _VERSION, json.dumps(data).encode())


def forget(root: Path, out: Path) -> None:
    """Drop the snapshot (a failed or clean build)."""
    discard(_file(root, out))


def up_to_date(
    root: Path, out: Path, sources: str, options: list[object], now: datetime
) -> tuple[tuple[int, int, int, int, int], str] | None:
    """The (articles, pages, files, drafts, scheduled) counts of the last build and its
    next-change line if nothing changed; else None."""
    payload = read_state(_file(root, out), _KIND, _VERSION)
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        past, future = data["window"]
        next_change = str(data["next"])
        articles, pages, files, drafts, scheduled = (int(n) for n in data["counts"])
        if data["inputs"] != _inputs(sources, options):
            return None
        if past is not None and now < datetime.fromisoformat(past):
            return None
        if future is not None and now >= datetime.fromisoformat(future):
            return None
    except (ValueError, TypeError, KeyError):
        return None
    manifest = read_manifest(root, out)
    disk = scan_output(out)[0]  # other files are not sitegen's: the build leaves them alone
    if not manifest or any(disk.get(path) != (e.size, e.mtime_ns) for path, e in manifest.items()):
        return None
    return (articles, pages, files, drafts, scheduled), next_change
