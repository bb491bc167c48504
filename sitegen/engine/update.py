"""Bring an output folder up to date with a plan: render only what changed, write only what differs.

Two stages of the build: :func:`render_changes` (steps 1-2) and :func:`write_changes` (step 3).

1. Every job gets a key (:mod:`sitegen.engine.incremental`); a job is up to date when the last
   build's manifest recorded the same key for its output and the file is still as it was left.
2. The other jobs are rendered (in parallel) into the staging folder; any problem stops the build
   here, with the output untouched.
3. Staged files replace their outputs (unless the bytes are identical) and the files of the last
   build that no longer have a job are removed, all published at once
   (:mod:`sitegen.engine.publish`) with the new manifest. Only files the manifest lists are ever
   removed: anything else in the output folder (a hand-written ``CNAME``) is left alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.engine.contexts import Contexts
from sitegen.engine.executor import Kept, Learned, PageKeys, Rendered, RenderSettings, render_jobs
from sitegen.engine.incremental import TemplateDigests, job_key
from sitegen.engine.jobs import CopyJob, DataJob, Job, PictureJob, RenderJob
from sitegen.engine.manifest import (
    Entries,
    Manifest,
    Overlay,
    overlay_of,
    read_manifest,
    write_manifest,
)
from sitegen.engine.outdir import MARKER, OutputFolder, claim
from sitegen.engine.picturecache import cache_folder
from sitegen.engine.plan import Plan
from sitegen.engine.publish import publish, unfinished
from sitegen.engine.writer import (
    Commit,
    Lookup,
    OnDisk,
    Scan,
    UnsafeOutput,
    WriteReport,
    check_relative,
    drift_of,
    obstacles,
    reached,
    stat_outputs,
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
    """The last build's files as they are now, when stating them was started early (see
    ``stat_early``)."""


def job_keys(jobs: tuple[Job, ...], settings: RenderSettings) -> tuple[dict[str, str], PageKeys]:
    """The key of every job whose inputs the plan knows, by output path, and what keys the
    others once their contexts are built (the key prefix of each template)."""
    env = make_environment(
        [Path(d) for d in settings.template_dirs], settings.base_url, settings.base_path
    )
    templates = TemplateDigests(env)
    salt = (settings.base_url, settings.base_path, settings.languages, *settings.template_dirs)
    keys: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for job in jobs:
        if isinstance(job, RenderJob) and job.inputs is None:
            prefixes[job.template] = templates.prefix(job.template, salt)
        else:
            keys[job.output] = job_key(job, templates, salt)
    return keys, PageKeys(prefixes, {})


@dataclass(frozen=True)
class Updated:
    """What bringing the output up to date did."""

    report: WriteReport
    learned: dict[str, Learned]
    """The inputs found for the pages whose key the plan left open, by output."""


@dataclass(frozen=True)
class Staged:
    """What the render stage leaves for the write stage: the jobs that were not up to date, their
    results (pages in the staging folder) and what the output folder held."""

    jobs: int
    """How many jobs the plan has."""
    todo: list[Job]
    rendered: dict[str, Rendered | Kept]
    keys: dict[str, str]
    """Key of every job whose inputs the plan knew, by output."""
    owned: Entries
    """The last build's manifest (the files that are sitegen's)."""
    old: Entries
    """The manifest whose keys are compared (empty with ``--clean``)."""
    carried: Entries
    """The entries of the outputs that were up to date (the edit path: of every output, the
    rendered ones to be replaced)."""
    disk: OnDisk
    stale: list[str]
    """Files of the last build that no job writes any more, to remove."""


def render_changes(
    folder: OutputFolder,
    plan: Plan,
    contexts: Contexts,
    settings: RenderSettings,
    options: UpdateOptions,
) -> tuple[Staged | None, list[Problem]]:
    """Render the jobs of ``plan`` that are not up to date into the staging folder, with the
    template contexts ``contexts`` builds; on problems, return them (nothing is staged)."""
    root, out = folder.root, folder.path
    with paused_gc():  # only long-lived data until rendering starts
        owned = read_manifest(root, out)  # --clean too: it says which files are sitegen's
        # collected first, so that a scan started early never outlives a refused build
        drift = options.scan() if options.scan else drift_of(out, owned)
        disk = drift.on_disk(owned)
        jobs = plan.jobs
        if options.clean:
            discard(markdown_cache(root))
            pictures, own = cache_folder(state_dir(root))
            if own:
                discard(pictures)
        old = {} if options.clean else owned
        keys, open_keys = job_keys(jobs, settings)

    todo, carried = _sorted_out(jobs, (keys, open_keys), old, disk)
    outputs = {job.output for job in jobs}
    lookup = Lookup(out)
    # a file of the last build under a folder now linked elsewhere is not in the output any more
    stale = sorted(
        path for path in owned if path not in outputs and path in disk and reached(lookup, path)
    )
    # what stands at a new output's own path (a hand-written file) is compared, as ours are
    disk.update(stat_outputs(out, [job.output for job in todo if job.output not in owned]))
    blocked = _blocked(folder, lookup, todo, disk, stale)
    if blocked:
        return None, blocked
    staged = Staged(len(jobs), todo, {}, keys, owned, old, carried, disk, stale)
    if not todo and not stale:
        return staged, []
    return _staged(folder, staged, contexts, settings, options, open_keys)


def render_some(
    folder: OutputFolder,
    jobs: list[Job],
    contexts: Contexts,
    settings: RenderSettings,
    options: UpdateOptions,
) -> tuple[Staged | None, list[Problem]]:
    """Render ``jobs``, a few outputs of the last build (the edit path: every other output of
    the last build stays as it is), into the staging folder. None without problems when one of
    them is not an output of the last build or an output was changed by hand: the full build
    then decides."""
    if options.scan is None:
        return None, []
    drift = options.scan()
    owned = overlay_of(drift.listing) if drift.listing is not None else None
    if owned is None or drift.changed or drift.gone:
        return None, []
    if any(job.output not in owned for job in jobs):
        return None, []
    # only the files of ``jobs`` are compared or written (the others are as the manifest says)
    disk = {job.output: (owned[job.output].size, owned[job.output].mtime_ns) for job in jobs}
    keys, open_keys = job_keys(tuple(jobs), settings)
    todo = _sorted_out(tuple(jobs), (keys, open_keys), owned, disk)[0]
    if _blocked(folder, Lookup(folder.path), todo, disk, []):
        return None, []  # the full build reports what stands in the way
    staged = Staged(len(owned), todo, {}, keys, owned, owned.copy(), owned.copy(), disk, [])
    if not todo:
        return staged, []
    return _staged(folder, staged, contexts, settings, options, open_keys)


def _blocked(
    folder: OutputFolder, lookup: Lookup, todo: list[Job], disk: OnDisk, stale: list[str]
) -> list[Problem]:
    """What stands in the way of writing ``todo`` (and removing ``stale``): a file or link
    sitegen did not write where a folder of an output must go, or the reverse."""
    # only what is written is checked: a job kept as it was wrote its path, checked, before
    for job in todo:
        if check_relative(job.output) == [MARKER]:
            raise UnsafeOutput(f"refusing to write {MARKER!r}: the name is sitegen's marker")
    blocked = obstacles(lookup, [job.output for job in todo], disk, stale)
    hint = "move them out of the output folder; sitegen removes only files it wrote"
    return [folder.problem(text, hint) for text in blocked]


def _sorted_out(
    jobs: tuple[Job, ...], keyed: tuple[dict[str, str], PageKeys], old: Entries, disk: OnDisk
) -> tuple[list[Job], Manifest]:
    """The jobs to render (their key differs from ``old``'s, or their file is not as it was
    left, or they are keyed while rendering), and the entries of the others."""
    keys, open_keys = keyed
    todo: list[Job] = []
    carried: Manifest = {}
    for job in jobs:
        output = job.output
        entry = old.get(output)
        intact = entry is not None and disk.get(output) == (entry.size, entry.mtime_ns)
        if output not in keys:  # keyed from its context while rendering
            if entry is not None and intact:
                open_keys.previous[output] = entry.key
            todo.append(job)
        elif entry is not None and intact and entry.key == keys[output]:
            carried[output] = entry
        else:
            todo.append(job)
    return todo, carried


def _staged(
    folder: OutputFolder,
    staged: Staged,
    contexts: Contexts,
    settings: RenderSettings,
    options: UpdateOptions,
    open_keys: PageKeys,
) -> tuple[Staged | None, list[Problem]]:
    """Render the pages of ``staged.todo`` into the staging folder (nothing is left there on a
    problem)."""
    root, todo = folder.root, staged.todo
    staging = folder.staging
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    pages = [job for job in todo if isinstance(job, RenderJob | DataJob | PictureJob)]
    try:
        md_cache = markdown_cache(root)
        rendered, problems = render_jobs(
            pages,
            contexts,
            settings,
            options.workers,
            staging,
            md_cache,
            options.progress,
            open_keys,
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if problems:
        shutil.rmtree(staging, ignore_errors=True)
        return None, problems
    staged.rendered.update(rendered)
    return staged, []


def write_changes(folder: OutputFolder, staged: Staged) -> Updated:
    """Publish what the render stage staged: changed files replace their outputs, stale files
    go, with the new manifest, all at once (:mod:`sitegen.engine.publish`)."""
    root, out = folder.root, folder.path
    manifest = staged.carried
    if not staged.todo and not staged.stale:
        claim(out)
        if isinstance(manifest, Overlay) and manifest.replaced:
            write_manifest(root, out, manifest)
        elif not isinstance(manifest, Overlay) and manifest != staged.owned:
            write_manifest(root, out, manifest)
        return Updated(WriteReport(0, staged.jobs, 0), {})
    learned: dict[str, Learned] = {}
    kept = 0
    try:
        commit = Commit(out, folder.staging, staged.old, staged.disk, manifest)
        for job in staged.todo:
            if isinstance(job, CopyJob):
                commit.copy(job, staged.keys[job.output])
                continue
            result = staged.rendered[job.output]
            if result.learned is not None:
                learned[job.output] = result.learned
            if isinstance(result, Kept):
                manifest[job.output] = staged.old[job.output]
                kept += 1
            else:
                key = result.learned.key if result.learned else staged.keys[job.output]
                commit.page(job.output, key, result)
        ordered = manifest if isinstance(manifest, Overlay) else dict(sorted(manifest.items()))
        publish(folder, staged.stale, commit.installed, ordered)
    finally:
        if not unfinished(folder):  # an interrupted publish needs its staged files
            shutil.rmtree(folder.staging, ignore_errors=True)
    changed = tuple(sorted([*commit.installed, *staged.stale]))
    untouched = staged.jobs - len(staged.todo)
    rendered = len(staged.rendered) - kept
    report = WriteReport(
        commit.written, commit.unchanged + kept + untouched, len(staged.stale), rendered, changed
    )
    return Updated(report, learned)
