"""The no-op check: is the output already what building these sources would produce?

After a successful build we record a snapshot: the stat fingerprint of every source (content,
templates, static, locale, sitegen.yaml), the digest of sitegen's own code and theme, the build
options, the window of build times over which the set of published articles stays the same (from
the newest published article to the first future-dated one), the line saying when the output
next changes, and the warnings the build described. The next build stops right after reading
the config when all of that still holds and every file the manifest lists is as it was left (size
and mtime; files sitegen did not write, a ``CNAME``, are not its concern). Otherwise it builds
incrementally.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sitegen.digests import code_digest
from sitegen.engine.writer import Scan
from sitegen.errors import Problem
from sitegen.state.files import discard, read_data, write_data
from sitegen.state.layout import up_to_date_file

_KIND = "up-to-date"
_VERSION = 4


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


def inputs_of(sources: str, options: list[object]) -> str:
    """What :attr:`Record.inputs` holds for sources of fingerprint ``sources``, built with
    ``options`` by this sitegen."""
    data = json.dumps([sources, code_digest(), options], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


@dataclass(frozen=True)
class Record:
    """What a successful build was made from, and what it reported."""

    inputs: str
    """Digest of the sources' stats, sitegen's code and the build options."""
    window: tuple[str | None, str | None]
    """See :func:`time_window`."""
    next_change: str
    """The line saying when the output next changes with no edit ("" for never; see
    :mod:`sitegen.engine.schedule`)."""
    counts: tuple[int, int, int, int, int]
    """Articles, pages, output files, drafts and scheduled articles left out."""
    warnings: tuple[Problem, ...] = ()
    """The warnings the build described (a no-op rebuild reports them again)."""
    warnings_total: int = 0
    """How many warnings there were."""
    warnings_limit: int | None = None
    """At most how many were described (None: all of them)."""

    def covers(self, now: datetime) -> bool:
        """Whether a build at ``now`` publishes what this one did (see :func:`time_window`)."""
        past, future = self.window
        try:
            if past is not None and now < datetime.fromisoformat(past):
                return False
            if future is not None and now >= datetime.fromisoformat(future):
                return False
        except (ValueError, TypeError):
            return False
        return True

    def warnings_for(self, limit: int | None) -> tuple[Problem, ...] | None:
        """The warnings a build describing at most ``limit`` would give; None when this
        record holds fewer than that (the build must be made again to list them)."""
        if limit is not None and (self.warnings_limit is None or limit <= self.warnings_limit):
            return self.warnings[:limit]
        if len(self.warnings) >= self.warnings_total:  # every warning is here
            return self.warnings if limit is None else self.warnings[:limit]
        return None


def record(root: Path, out: Path, sources: str, options: list[object], built: Record) -> None:
    """Remember what the successful build just now was made from (``built.inputs`` is
    replaced by the digest of ``sources`` and ``options``)."""
    kept = replace(built, inputs=inputs_of(sources, options))
    write_data(up_to_date_file(root, out), _KIND, _VERSION, kept)


def last_record(root: Path, out: Path) -> Record | None:
    """The record of the last successful build into ``out`` (None: none, or not readable)."""
    return read_data(up_to_date_file(root, out), _KIND, _VERSION, Record)


def forget(root: Path, out: Path) -> None:
    """Drop the snapshot (a failed or clean build)."""
    discard(up_to_date_file(root, out))


def up_to_date(
    root: Path, out: Path, sources: str, options: list[object], now: datetime, disk: Scan
) -> Record | None:
    """The record of the last build if nothing changed since; else None. ``disk`` gives the
    last build's files as they are now (see :func:`sitegen.engine.writer.stat_early`)."""
    data = last_record(root, out)
    if data is None or data.inputs != inputs_of(sources, options) or not data.covers(now):
        return None
    found = disk()  # other files are not sitegen's: the build leaves them alone
    if not found.files or found.changed or found.gone:
        return None
    return data
