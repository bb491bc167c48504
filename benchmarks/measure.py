"""Whole-process figures of a command: wall time, CPU time, peak RSS of its largest process.

The command runs as a child process; ``os.wait4`` returns its resource usage, which on Linux
includes every descendant it waited for (the render workers): CPU is the sum of all of them, and
``ru_maxrss`` the peak resident set of the single largest one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figures:
    """One measured run (or the median of several)."""

    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User + system seconds of the process and all its descendants."""
    rss_mib: float
    """Peak resident memory of the largest single process, in MiB."""

    def row(self) -> str:
        return f"{self.wall:8.2f} s wall {self.cpu:8.2f} s CPU {self.rss_mib:7.0f} MiB peak RSS"


def run(command: Sequence[str], cwd: Path | None = None, quiet: bool = True) -> Figures:
    """Run ``command`` and measure it; raise if it fails."""
    start = time.perf_counter()
    out = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors.decode(errors='replace')}")
    return Figures(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(runs: Sequence[Figures]) -> Figures:
    """Per-figure median of several runs."""
    return Figures(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.rss_mib for r in runs),
    )
