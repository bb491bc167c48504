"""Write stage: build the new site beside the old one, then swap it in.

Nothing is written outside the output folder's parent-side staging folder and the output folder
itself. Files whose bytes did not change are hard-linked from the previous build, so they keep
their modification time (deploys and rsync see only what really changed).
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.build.jobs import CopyJob, Job
from sitegen.errors import SitegenError


class UnsafeOutput(SitegenError):
    """An output path or folder that would write outside the output folder."""


@dataclass(frozen=True)
class WriteReport:
    """What the write did."""

    written: int
    """Files whose content is new or changed."""
    unchanged: int
    """Files carried over untouched from the previous build."""
    removed: int
    """Files of the previous build that no longer exist."""


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


def safe_relative(output: str) -> PurePosixPath:
    """Validate a job's output path: relative, no '..', no empty or hidden-escape parts."""
    path = PurePosixPath(output)
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts):
        raise UnsafeOutput(f"refusing to write {output!r}: not a path inside the output folder")
    return path


def write_site(
    root: Path, out: Path, jobs: tuple[Job, ...], rendered: dict[str, bytes]
) -> WriteReport:
    """Write every job into a staging folder next to ``out``, then swap it in atomically."""
    check_output_dir(root, out)
    staging = out.with_name(f".{out.name}.staging")
    retired = out.with_name(f".{out.name}.previous")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir(parents=True)
    written = unchanged = 0
    try:
        for job in jobs:
            target = staging.joinpath(*safe_relative(job.output).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = out.joinpath(*safe_relative(job.output).parts)
            if _reuse(previous, job, rendered, target):
                unchanged += 1
            else:
                _write(job, rendered, target)
                written += 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    removed = _count_removed(out, staging)
    _swap(out, staging, retired)
    return WriteReport(written, unchanged, removed)


def _reuse(previous: Path, job: Job, rendered: dict[str, bytes], target: Path) -> bool:
    """Hard-link the previous build's file when its bytes are identical."""
    if previous.is_symlink() or not previous.is_file():
        return False
    if isinstance(job, CopyJob):
        same = filecmp.cmp(previous, job.source, shallow=False)
    else:
        data = rendered[job.output]
        same = previous.stat().st_size == len(data) and previous.read_bytes() == data
    if not same:
        return False
    try:
        os.link(previous, target)
    except OSError:
        shutil.copy2(previous, target)
    return True


def _write(job: Job, rendered: dict[str, bytes], target: Path) -> None:
    if isinstance(job, CopyJob):
        shutil.copyfile(job.source, target)
    else:
        target.write_bytes(rendered[job.output])


def _count_removed(out: Path, staging: Path) -> int:
    if not out.is_dir():
        return 0
    return sum(
        1 for p in out.rglob("*") if p.is_file() and not (staging / p.relative_to(out)).exists()
    )


def _swap(out: Path, staging: Path, retired: Path) -> None:
    """Replace ``out`` by ``staging``; the old tree is moved aside, then deleted."""
    if out.exists():
        os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)
