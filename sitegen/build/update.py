"""Bring an output folder up to date with a plan: render only what changed, write only what differs.

1. Every job gets a key (:mod:`sitegen.build.incremental`); a job is up to date when the last
   build's manifest recorded the same key for its output and the file is still as it was left.
2. The other jobs are rendered (in parallel) into the staging folder; any problem stops the build
   here, with the output untouched.
3. Staged files replace their outputs (unless the bytes are identical), outputs without a job are
   pruned, and the new manifest is recorded.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.build.executor import RenderSettings, render_jobs
from sitegen.build.incremental import TemplateDigests, job_key
from sitegen.build.jobs import CopyJob, DataJob, Job, RenderJob
from sitegen.build.manifest import Manifest, forget_manifest, read_manifest, write_manifest
from sitegen.build.plan import Plan
from sitegen.build.stamp import STATE_DIR
from sitegen.build.writer import (
    Commit,
    Scan,
    WriteReport,
    check_output_dir,
    check_relative,
    prune,
    scan_output,
    staging_dir,
)
from sitegen.errors import Problem
from sitegen.gcpause import paused_gc
from sitegen.render.environment import make_environment
from sitegen.statefile import discard

MARKDOWN_CACHE = "markdown"
"""Folder of the rendered-Markdown cache inside ``.sitegen/``."""


@dataclass(frozen=True)
class UpdateOptions:
    """How to bring the output up to date."""

    workers: int = 1
    """Render processes (``--jobs``); the output does not depend on it."""
    clean: bool = False
    """Ignore the manifest and the caches: render everything (``--clean``)."""
    progress: Callable[[int, int], None] | None = None
    """Called as ``progress(done, total)`` while rendering."""
    scan: Scan | None = None
    """What is in the output folder, when its scan was started early (see ``scan_early``)."""


def job_keys(jobs: tuple[Job, ...], settings: RenderSettings) -> dict[str, str]:
    """The key of every job, by output path."""
    env = make_environment(
        [Path(d) for d in settings.template_dirs], settings.base_url, settings.base_path
    )
    templates = TemplateDigests(env)
    salt = (settings.base_url, settings.base_path, *settings.template_dirs)
    return {job.output: job_key(job, templates, salt) for job in jobs}


def update_output(
    root: Path,
    out: Path,
    plan: Plan,
    settings: RenderSettings,
    options: UpdateOptions,
) -> tuple[WriteReport | None, list[Problem]]:
    """Update ``out`` to match ``jobs``; on problems, return them and leave ``out`` untouched."""
    check_output_dir(root, out)
    with paused_gc():  # only long-lived data until rendering starts
        # collected first, so that a scan started early never outlives a refused build
        disk, foreign = options.scan() if options.scan else scan_output(out)
        jobs = plan.jobs
        for job in jobs:
            check_relative(job.output)
        if options.clean:
            forget_manifest(root, out)
            discard(root / STATE_DIR / MARKDOWN_CACHE)
        old = read_manifest(root, out)
        keys = job_keys(jobs, settings)

    todo: list[Job] = []
    manifest: Manifest = {}  # the entries of up-to-date outputs, carried over
    for job in jobs:
        output = job.output
        entry = old.get(output)
        if entry and entry.key == keys[output] and disk.get(output) == (entry.size, entry.mtime_ns):
            manifest[output] = entry
        else:
            todo.append(job)
    stale = sorted({*disk, *foreign} - set(keys))
    if not todo and not stale:
        if manifest != old:
            write_manifest(root, out, manifest)
        return WriteReport(0, len(jobs), 0), []
    staging = staging_dir(out)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        pages = [job for job in todo if isinstance(job, RenderJob | DataJob)]
        md_cache = root / STATE_DIR / MARKDOWN_CACHE
        rendered, problems = render_jobs(
            pages, plan.contexts, settings, options.workers, staging, md_cache, options.progress
        )
        if problems:
            return None, problems
        removed = prune(out, stale)
        commit = Commit(out, staging, old, disk, manifest)
        if not commit.fill_empty(todo, keys, rendered):
            for job in todo:
                if isinstance(job, CopyJob):
                    commit.copy(job, keys[job.output])
                else:
                    commit.page(job.output, keys[job.output], rendered[job.output])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_manifest(root, out, dict(sorted(manifest.items())))
    changed = tuple(sorted([*commit.installed, *stale]))
    report = WriteReport(
        commit.written, commit.unchanged + len(jobs) - len(todo), removed, len(pages), changed
    )
    return report, []
