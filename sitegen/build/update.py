"""Bring an output folder up to date with a plan: render only what changed, write only what differs.

1. Every job gets a key (:mod:`sitegen.build.incremental`); a job is up to date when the last
   build's manifest recorded the same key for its output and the file is still as it was left.
2. The other jobs are rendered (in parallel) into the staging folder; any problem stops the build
   here, with the output untouched.
3. Staged files replace their outputs (unless the bytes are identical) and the files of the last
   build that no longer have a job are removed, all published at once (:mod:`sitegen.build.publish`)
   with the new manifest. Only files the manifest lists are ever removed: anything else in the
   output folder (a hand-written ``CNAME``) is left alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.build.executor import RenderSettings, render_jobs
from sitegen.build.incremental import TemplateDigests, job_key
from sitegen.build.jobs import CopyJob, DataJob, Job, PictureJob, RenderJob
from sitegen.build.manifest import Manifest, read_manifest, write_manifest
from sitegen.build.outdir import MARKER, OutputFolder, claim
from sitegen.build.picturecache import cache_folder
from sitegen.build.plan import Plan
from sitegen.build.publish import publish, unfinished
from sitegen.build.writer import (
    Commit,
    Scan,
    UnsafeOutput,
    WriteReport,
    check_relative,
    obstacles,
    scan_output,
)
from sitegen.errors import Problem
from sitegen.gcpause import paused_gc
from sitegen.render.environment import make_environment
from sitegen.state.files import discard
from sitegen.state.layout import markdown_cache, state_dir


@dataclass(frozen=True)
class UpdateOptions:
    """How to bring the output up to date."""

    workers: int = 1
    """Render processes (``--jobs``); the output does not depend on it."""
    clean: bool = False
    """Ignore the caches and the manifest's keys: render everything (``--clean``)."""
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
    folder: OutputFolder, plan: Plan, settings: RenderSettings, options: UpdateOptions
) -> tuple[WriteReport | None, list[Problem]]:
    """Update the output to match ``plan``; on problems, return them and leave it untouched."""
    root, out = folder.root, folder.path
    with paused_gc():  # only long-lived data until rendering starts
        # collected first, so that a scan started early never outlives a refused build
        disk, links = options.scan() if options.scan else scan_output(out)
        jobs = plan.jobs
        for job in jobs:
            if check_relative(job.output) == [MARKER]:
                raise UnsafeOutput(f"refusing to write {MARKER!r}: the name is sitegen's marker")
        if options.clean:
            discard(markdown_cache(root))
            pictures, own = cache_folder(state_dir(root))
            if own:
                discard(pictures)
        owned = read_manifest(root, out)  # --clean too: it says which files are sitegen's
        old = {} if options.clean else owned
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
    present = {*disk, *links}
    stale = sorted(path for path in owned if path not in keys and path in present)
    blocked = obstacles(out, [job.output for job in todo], disk, links, stale)
    if blocked:
        hint = "move them out of the output folder; sitegen removes only files it wrote"
        return None, [folder.problem(text, hint) for text in blocked]
    if not todo and not stale:
        claim(out)
        if manifest != owned:
            write_manifest(root, out, manifest)
        return WriteReport(0, len(jobs), 0), []
    staging = folder.staging
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        pages = [job for job in todo if isinstance(job, RenderJob | DataJob | PictureJob)]
        md_cache = markdown_cache(root)
        rendered, problems = render_jobs(
            pages, plan.contexts, settings, options.workers, staging, md_cache, options.progress
        )
        if problems:
            return None, problems
        commit = Commit(out, staging, old, disk, manifest)
        for job in todo:
            if isinstance(job, CopyJob):
                commit.copy(job, keys[job.output])
            else:
                commit.page(job.output, keys[job.output], rendered[job.output])
        publish(folder, stale, commit.installed, dict(sorted(manifest.items())))
    finally:
        if not unfinished(folder):  # an interrupted publish needs its staged files
            shutil.rmtree(staging, ignore_errors=True)
    changed = tuple(sorted([*commit.installed, *stale]))
    report = WriteReport(
        commit.written, commit.unchanged + len(jobs) - len(todo), len(stale), len(pages), changed
    )
    return report, []
