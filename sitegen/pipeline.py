"""build() and check(): the stages in order, each timed. Each stage takes plain data and returns
new data."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.config import SiteConfig, load_config
from sitegen.engine.outdir import OutputFolder, output_problems
from sitegen.engine.publish import finish_interrupted
from sitegen.engine.stamp import (
    BuildStamp,
    SourceStats,
    clear_stamp,
    config_stat,
    fingerprint_of,
    mark_started,
    source_stats,
    write_stamp,
)
from sitegen.engine.uptodate import Record, inputs_of, record, time_window, up_to_date
from sitegen.engine.uptodate import forget as forget_snapshot
from sitegen.engine.writer import Drift, Scan, WriteReport, stat_early
from sitegen.errors import Problem, ProblemsFound, SitegenError
from sitegen.gcpause import freeze, frozen_gc, paused_gc
from sitegen.graph.urls import SEARCH_BUNDLE
from sitegen.state import layout
from sitegen.state.files import discard

if TYPE_CHECKING:
    from sitegen.engine.contexts import Contexts
    from sitegen.engine.executor import RenderSettings
    from sitegen.engine.plan import Plan
    from sitegen.engine.planmemo import PageMemo
    from sitegen.graph.site import SiteGraph

Window = tuple[str | None, str | None]
"""The build times that give the same output, as ISO strings (see sitegen.engine.uptodate)."""


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which site, what to include, and the injectable clock."""

    root: Path
    """The site folder (holding sitegen.yaml)."""
    drafts: bool = False
    """Include articles marked ``draft: true``."""
    future: bool = False
    """Include articles dated after the build time."""
    base_url: str | None = None
    """Override ``base_url`` from the config (``--base-url``)."""
    build_time: datetime | None = None
    """The build's notion of now (for future articles); defaults to the current time."""
    output: Path | None = None
    """Write here instead of the config's ``output_dir`` (the preview server uses its own)."""
    jobs: int = 1
    """Render processes (``--jobs``); the output is byte-identical whatever the number."""
    clean: bool = False
    """Ignore the build manifest and caches and render everything (``--clean``)."""
    progress: Callable[[int, int], None] | None = None
    """Called as ``progress(done, total)`` while rendering (the CLI's progress bar)."""
    warnings_shown: int | None = None
    """Describe at most this many warnings in ``BuildResult.warnings`` (None: all of them)."""
    output_dir: str | None = None
    """Override ``output_dir`` from the config (``--output-dir``), relative to the site root."""
    exits: bool = False
    """The process exits after this build (the command line): the last collection of the
    build's reference cycles is left to the exit (see :func:`sitegen.gcpause.frozen_gc`)."""
    keep: Callable[[SiteGraph, Plan], None] | None = None
    """Called with the graph and plan of a written build (the preview server keeps them to
    re-render an edited article at once); not called when nothing changed since the last build."""

    def __post_init__(self) -> None:
        # absolute (links kept): what is keyed by a path, such as the template folders in every
        # page's key, must not depend on whether the site was named "." or "/srv/site"
        object.__setattr__(self, "root", Path(os.path.abspath(self.root)))


def default_workers() -> int:
    """The default ``--jobs``: the cores this process may run on. (Here, not beside the render
    pool: the command line needs it on a no-op build, which never imports the renderers.)"""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class BuildResult:
    """What a build did, with per-stage timings in seconds."""

    output: Path
    articles: int
    pages: int
    report: WriteReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    """Things worth fixing that do not stop the build (articles without a permanent ``id``)."""
    warnings_total: int = 0
    """How many warnings there are (``warnings`` may list only the first few)."""
    left_out: LeftOut = field(default_factory=lambda: LeftOut(0, 0))
    """The drafts and scheduled articles this build did not publish."""
    next_change: str = ""
    """When the output next changes with no edit, and why (``next change 2026-12-01 09:00
    +03:00: 1 article due``); "" when nothing is scheduled (see sitegen.engine.schedule)."""


@dataclass(frozen=True)
class LeftOut:
    """What was not published: drafts (articles and pages) and future-dated articles."""

    drafts: int
    """Articles and pages marked ``draft: true`` (without ``--drafts``)."""
    scheduled: int
    """Articles dated after the build time that are not drafts (without ``--future``)."""


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


def build(options: BuildOptions) -> BuildResult:
    """Bring the output folder up to date with the site; raise ProblemsFound on any problem.

    The stages, each timed: config, up-to-date (when nothing changed since the last build, stop
    here), load, link, plan, render, write. A publish that an earlier build left unfinished is
    completed first (:mod:`sitegen.engine.publish`).
    """
    root = options.root
    timings: dict[str, float] = {}
    now = options.build_time or datetime.now(UTC)
    stamped = options.output is None
    if stamped:
        mark_started(root)
    disk: Scan | None = None
    try:
        read = config_stat(root)
        with _timed(timings, "config"):
            config = load_config(root, _overrides(options), layout.config_cache(root))
            folder = _output_folder(options, config)
            finish_interrupted(folder)
        # the output's files are stated (in another process on a large site) while the sources
        # are: the no-op check needs both, and so does an incremental build
        disk = _once(stat_early(root, folder.path, parallel=options.jobs > 1))
        # the config as read, not as it may be by now: a later edit is seen by the next build
        stats = source_stats(root, config=read)
        fingerprint = fingerprint_of(stats)
        result = _unchanged(options, config, folder.path, (fingerprint, disk), now, timings)
        if result is None:
            result = _edited(options, config, folder, now, (fingerprint, stats, disk), timings)
        if result is None:
            result = _build(options, config, folder, now, (fingerprint, stats, disk), timings)
    except BaseException as exc:
        if disk is not None:
            _collect(disk)  # its process must not linger
        if stamped and isinstance(exc, SitegenError):
            clear_stamp(root)
        raise
    if stamped:
        write_stamp(
            root, BuildStamp(config.output_dir, fingerprint, options.drafts, options.future)
        )
    return result


def check(options: BuildOptions) -> BuildResult:
    """Validate the site as :func:`build` would, rendering every page, and write nothing (not
    even the caches); raise ProblemsFound on any problem.

    The stages, each timed: config, load, link, plan, render.
    """
    timings: dict[str, float] = {}
    now = options.build_time or datetime.now(UTC)
    with _timed(timings, "config"):
        config = load_config(options.root, _overrides(options))
        folder = _output_folder(options, config)
    with frozen_gc(collect=not options.exits):
        with paused_gc():
            stages = _load_link_plan(options, config, now, timings, None)
            freeze(collect=not options.exits)  # before the collector is back on: see _build
        return _check_render(options, config, folder.path, stages, timings)


def _check_render(
    options: BuildOptions,
    config: SiteConfig,
    out: Path,
    stages: Prepared,
    timings: dict[str, float],
) -> BuildResult:
    """``check``'s render stage: every page rendered, nothing written."""
    from sitegen.engine.executor import render_jobs
    from sitegen.engine.jobs import CopyJob

    plan = stages.plan
    with _timed(timings, "render"):
        pages = [job for job in plan.jobs if not isinstance(job, CopyJob)]
        settings = _render_settings(options, config, stages.contexts, write=False)
        problems = render_jobs(
            pages, stages.contexts, settings, options.jobs, progress=options.progress
        )[1]
    if problems:
        raise ProblemsFound(problems)
    return _result(options, out, stages, stages.graph, timings)


def _output_folder(options: BuildOptions, config: SiteConfig) -> OutputFolder:
    """The folder to build into, once it passed every rule (``check`` applies the same ones)."""
    if options.output is not None:
        folder = OutputFolder(options.root, options.output, None)
    else:
        folder = OutputFolder(options.root, options.root / config.output_dir, config.output_dir)
    problems = output_problems(folder)
    if problems:
        raise ProblemsFound(problems)
    return folder


def _options_key(options: BuildOptions, out: Path) -> list[object]:
    return [options.drafts, options.future, options.base_url, str(out.resolve())]


def _unchanged(
    options: BuildOptions,
    config: SiteConfig,
    out: Path,
    sources: tuple[str, Scan],
    now: datetime,
    timings: dict[str, float],
) -> BuildResult | None:
    """The result of a no-op build when sources (their fingerprint), options and output (the
    last build's files as they are now) are as last left."""
    fingerprint, disk = sources
    # a search index deleted by hand (or one to take away) is reason enough to build
    if options.clean or (out / SEARCH_BUNDLE).is_dir() != config.search:
        return None
    with _timed(timings, "up-to-date"):
        found = up_to_date(options.root, out, fingerprint, _options_key(options, out), now, disk)
    warnings = found.warnings_for(options.warnings_shown) if found else None
    if found is None or warnings is None:
        return None
    articles, pages, files, drafts, scheduled = found.counts
    report = WriteReport(0, files, 0)
    left_out = LeftOut(drafts, scheduled)
    result = BuildResult(
        out, articles, pages, report, timings, left_out=left_out, next_change=found.next_change
    )
    # the warnings of the build that made this output still hold: report them again
    result.warnings, result.warnings_total = list(warnings), found.warnings_total
    return result


def _edited(
    options: BuildOptions,
    config: SiteConfig,
    folder: OutputFolder,
    now: datetime,
    sources: tuple[str, SourceStats, Scan],
    timings: dict[str, float],
) -> BuildResult | None:
    """The build of an edit to a few articles' text, when :mod:`sitegen.engine.edits` can make
    it from the last build's state; None to build in full (nothing was written)."""
    if options.clean or options.keep is not None:
        return None  # the preview keeps a full build's graph for its own fast path
    from sitegen.engine.edits import Request, edit_build

    out = folder.path

    def settings(contexts: Contexts) -> RenderSettings:
        return _render_settings(options, config, contexts, write=True)

    key = _options_key(options, out)
    shown = options.warnings_shown
    jobs = options.jobs
    request = Request(options.root, folder, config, now, sources, key, jobs, shown, settings)
    # as in _build: what the edit path reads back stays alive until the build ends (and, on the
    # command line, is left to the exit); Jinja's few cycles wait for the end of the block
    with frozen_gc(collect=not options.exits), paused_gc(), _timed(timings, "edit"):
        edited = edit_build(request)
    if edited is None:
        timings.pop("edit", None)
        return None
    if options.exits:
        _leave_to_exit(edited.held)
    last = edited.record
    articles, pages, _, drafts, scheduled = last.counts
    result = BuildResult(out, articles, pages, edited.report, timings, next_change=last.next_change)
    result.warnings = list(last.warnings_for(options.warnings_shown) or ())
    result.warnings_total = last.warnings_total
    result.left_out = LeftOut(drafts, scheduled)
    return result


def _build(
    options: BuildOptions,
    config: SiteConfig,
    folder: OutputFolder,
    now: datetime,
    sources: tuple[str, SourceStats, Scan],
    timings: dict[str, float],
) -> BuildResult:
    """The stages after the up-to-date check: load, link, plan, render, write. ``sources``: the
    sources' fingerprint and stats, and the last build's files as they are now."""
    # The stages are imported here, not at the top: a no-op rebuild stops before them and should
    # not pay for importing Jinja, Markdown and the renderers.
    from sitegen.engine.jobs import RenderJob
    from sitegen.engine.update import UpdateOptions, render_changes, write_changes

    root, out = options.root, folder.path
    scan = sources[2]
    forget_snapshot(root, out)
    # The graph and plan live until the build ends: collections while rendering and writing
    # need not walk their hundreds of thousands of objects each time.
    with frozen_gc(collect=not options.exits):
        try:
            with paused_gc():
                stages = _load_link_plan(options, config, now, timings, sources[1])
                # frozen before the collector is back on: its first collection would otherwise
                # walk all that load, link and plan made (0.6 s after an edit at 100,000)
                freeze(collect=not options.exits)
        except BaseException:
            _collect(scan)  # collect the background scan so its process does not linger
            raise
        graph, plan = stages.graph, stages.plan
        result = _result(options, out, stages, graph, timings)
        with _timed(timings, "render"):
            settings = _render_settings(options, config, stages.contexts, write=True)
            update = UpdateOptions(options.jobs, options.clean, options.progress, scan)
            staged, problems = render_changes(folder, plan, stages.contexts, settings, update)
        if staged is None:
            raise ProblemsFound(problems)
        with _timed(timings, "write"):
            updated = write_changes(folder, staged)
            result.report = updated.report
            learned = updated.learned
            views = {
                job.output: job.view
                for job in plan.jobs
                if job.output in learned and isinstance(job, RenderJob)
            }
            found = learned.items()
            stages.memo.save((views[out], page.inputs, page.reads) for out, page in found)
        with _timed(timings, "search"):
            _update_search(graph, out, layout.state_dir(root), result.report, options.jobs)
        left_out = (result.left_out.drafts, result.left_out.scheduled)
        counts = (result.articles, result.pages, len(plan.jobs), *left_out)
        window, next_line = stages.window
        warnings = (tuple(result.warnings), result.warnings_total, options.warnings_shown)
        built = Record("", window, next_line, counts, *warnings)
        record(root, out, sources[0], _options_key(options, out), built)
        key = _options_key(options, out)
        _keep_base(root, out, (inputs_of(sources[0], key), key), sources[1], stages)
        if options.keep is not None:
            options.keep(graph, plan)
        if options.exits:
            _leave_to_exit(stages, staged, updated)
    return result


def _keep_base(
    root: Path, out: Path, made: tuple[str, list[object]], stats: SourceStats, stages: Prepared
) -> None:
    """Leave the base an edit of this build is compared with (see sitegen.engine.edits)."""
    from sitegen.engine.editbase import forget_base, write_base

    generation = stages.memo.generation
    if stages.graph.shape_key and generation:
        write_base(root, out, made, stats, stages.graph, generation)
    else:
        forget_base(root, out)


def _leave_to_exit(*values: object) -> None:
    """Keep ``values`` from being freed one object at a time when the build returns (0.4 s
    after an edit at 100,000 articles): the process is about to exit, which frees them all at
    once. A list that holds itself is not freed by reference counting; only a collection,
    which an exiting build does not run (see :func:`sitegen.gcpause.frozen_gc`), would."""
    held: list[object] = [*values]
    held.append(held)


def _once(scan: Scan) -> Scan:
    """``scan``, whose result is kept: the no-op check and the render stage may both ask."""
    found: list[Drift] = []

    def collect() -> Drift:
        if not found:
            found.append(scan())
        return found[0]

    return collect


def _collect(scan: Scan) -> None:
    """Wait for ``scan`` (its process, if any) whatever it found."""
    try:
        scan()
    except Exception:  # noqa: BLE001 - only its process's end matters here
        pass


def _render_settings(
    options: BuildOptions, config: SiteConfig, contexts: Contexts, write: bool
) -> RenderSettings:
    """How pages are rendered; ``write``: with the picture cache."""
    from sitegen.engine.executor import RenderSettings
    from sitegen.engine.picturecache import cache_folder
    from sitegen.render.environment import template_dirs

    state = layout.state_dir(options.root)
    return RenderSettings(
        tuple(str(d) for d in template_dirs(options.root)),
        config.base_url,
        config.base_path,
        str(cache_folder(state)[0]) if write else None,
        " ".join(lang.digest for lang in contexts.langs.values()),
    )


def _result(
    options: BuildOptions, out: Path, stages: Prepared, graph: SiteGraph, timings: dict[str, float]
) -> BuildResult:
    """A build's result before writing: counts, warnings and what was left out."""
    result = BuildResult(out, len(graph.articles), len(graph.pages), timings=timings)
    found = [*stages.warnings, *graph.warnings, *stages.plan.files.warnings]
    result.warnings, result.warnings_total = _warnings(graph, found, options.warnings_shown)
    result.left_out = stages.left_out
    result.next_change = stages.window[1]
    return result


def _update_search(
    graph: SiteGraph, out: Path, state: Path, report: WriteReport | None, jobs: int
) -> None:
    """Index the articles the build changed for search (see sitegen.engine.search)."""
    from sitegen.engine import search

    if graph.config.search:
        changed = report.changed if report else ()
        search.update_index(out, state, search.shards_of(graph), changed, jobs)
    else:
        search.remove_index(out, state)


@dataclass(frozen=True)
class Prepared:
    """What load, link and plan give the render stage."""

    graph: SiteGraph
    plan: Plan
    contexts: Contexts
    """Builds each page's template context from the graph when it is rendered."""
    memo: PageMemo
    """The pages' inputs reused from an earlier build; saved with those found while rendering."""
    window: tuple[Window, str]
    """When the published set next changes by the clock (see ``uptodate.time_window``), and the
    line that says what changes next (see :mod:`sitegen.engine.schedule`; "" for nothing)."""
    warnings: list[Problem]
    """What loading found worth fixing."""
    left_out: LeftOut


def _load_link_plan(
    options: BuildOptions,
    config: SiteConfig,
    now: datetime,
    timings: dict[str, float],
    stats: SourceStats | None,
) -> Prepared:
    """The load, link and plan stages; ``stats`` (the sources' stats, None for ``check``) also
    says that the caches may be read and written."""
    from sitegen.content.loader import load_content
    from sitegen.content.sitefiles import read_site_files
    from sitegen.engine.contexts import Contexts
    from sitegen.engine.plan import make_plan
    from sitegen.engine.schedule import clock_events, day_events, next_change
    from sitegen.graph.picks import pick_problems
    from sitegen.graph.site import link
    from sitegen.render.environment import THEME_DIR

    cached = stats is not None  # ``check`` writes nothing, not even the load cache
    with _timed(timings, "load"):
        if options.clean:
            discard(layout.load_cache(options.root))
        cache = layout.load_cache(options.root) if cached else None
        loaded = load_content(options.root, config, cache, options.jobs, stats)
        files = read_site_files(options.root, config, loaded.articles, THEME_DIR / "static")
    with _timed(timings, "link"):
        # a load that found problems still links (all of a run's problems are reported
        # together) but leaves the memo alone: linked without the broken articles, it would
        # replace the memo that the build after the fix can reuse (30 s at 100,000 articles)
        usable = cached and not options.clean and not loaded.problems
        memo = layout.link_memo(options.root) if usable else None
        graph, link_problems = link(loaded, config, now, options.drafts, options.future, memo)
    link_problems += pick_problems(config, loaded.articles, options.root)
    problems = [*loaded.problems, *link_problems]
    if graph is None or problems:
        raise ProblemsFound(problems)
    with _timed(timings, "plan"):
        plan_memo = layout.plan_memo(options.root) if memo else None
        plan, known = make_plan(graph, files, loaded.bodies, plan_memo)
    if plan.problems:
        raise ProblemsFound(plan.problems)
    events = clock_events(loaded.articles, config, options.drafts) + day_events(now, config)
    found = next_change(events, now, config)
    drafts = sum(a.draft for a in loaded.articles) + sum(p.draft for p in loaded.pages)
    # a future-dated draft counts once: as a draft, unless --drafts lets it through
    scheduled = sum(a.date > now and (options.drafts or not a.draft) for a in loaded.articles)
    left_out = LeftOut(0 if options.drafts else drafts, 0 if options.future else scheduled)
    window = time_window((e.at for e in events), now)
    line = found.line() if found else ""
    contexts = Contexts(graph, files, plan.assets, loaded.bodies)
    warnings = list(loaded.warnings)
    return Prepared(graph, plan, contexts, known, (window, line), warnings, left_out)


def _warnings(
    graph: SiteGraph, found: list[Problem], limit: int | None
) -> tuple[list[Problem], int]:
    """The warnings to describe (at most ``limit``) and how many there are: those ``found``
    while loading and planning first, then the articles without an ``id``."""
    from sitegen.syndication.feeds import missing_ids

    shown = found if limit is None else found[:limit]
    rest = None if limit is None else max(limit - len(shown), 0)
    ids, id_count = missing_ids(graph, rest)
    return shown + ids, len(found) + id_count


def _overrides(options: BuildOptions) -> dict[str, Any]:
    found: dict[str, Any] = {"base_url": options.base_url} if options.base_url else {}
    if options.output_dir is not None:
        found["output_dir"] = options.output_dir
    return found
