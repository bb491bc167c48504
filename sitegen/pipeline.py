"""build(): the stages in order, each timed. Each stage takes plain data and returns new data."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.build.stamp import (
    STATE_DIR,
    BuildStamp,
    SourceStats,
    clear_stamp,
    fingerprint_of,
    source_stats,
    write_stamp,
)
from sitegen.build.uptodate import forget as forget_snapshot
from sitegen.build.uptodate import record, time_window, up_to_date
from sitegen.build.writer import WriteReport
from sitegen.config import SiteConfig, load_config
from sitegen.errors import Problem, ProblemsFound
from sitegen.gcpause import frozen_gc, paused_gc
from sitegen.statefile import discard

if TYPE_CHECKING:
    from sitegen.build.plan import Plan
    from sitegen.graph.site import SiteGraph

LOAD_CACHE = "load-cache"
"""Folder of the load cache (validated articles per source file) inside ``.sitegen/``."""
CONFIG_CACHE = "config.pickle"
"""File of the last validated config inside ``.sitegen/`` (see sitegen.config.load_config)."""
LINK_MEMO = "link-memo.pickle"
"""File of the last build's derived structure inside ``.sitegen/`` (see sitegen.graph.memo)."""
PLAN_MEMO = "plan-memo.pickle"
"""File of an earlier build's page inputs inside ``.sitegen/`` (see sitegen.build.planmemo)."""


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
    keep: Callable[[SiteGraph, Plan], None] | None = None
    """Called with the graph and plan of a written build (the preview server keeps them to
    re-render an edited article at once); not called when nothing changed since the last build."""


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


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


def build(options: BuildOptions, write: bool = True) -> BuildResult:
    """Load, validate, link, plan, render and write the site; raise ProblemsFound on any problem.

    With ``write=False`` (``sitegen check``) it stops after rendering and touches nothing. When
    nothing changed since the last build it stops right after reading the config.
    """
    root = options.root
    timings: dict[str, float] = {}
    now = options.build_time or datetime.now(UTC)
    stats = source_stats(root) if write else None
    fingerprint = fingerprint_of(stats) if stats is not None else ""
    try:
        with _timed(timings, "config"):
            cache = root / STATE_DIR / CONFIG_CACHE if write else None
            config = load_config(root, _overrides(options), cache)
        out = options.output or root / config.output_dir
        result = _unchanged(options, out, fingerprint, now, timings) if write else None
        if result is None:
            result = _build(options, config, out, now, (fingerprint, stats), write, timings)
    except ProblemsFound:
        if write and options.output is None:
            clear_stamp(root)
        raise
    if write and options.output is None:
        write_stamp(
            root, BuildStamp(config.output_dir, fingerprint, options.drafts, options.future)
        )
    return result


def _options_key(options: BuildOptions, out: Path) -> list[object]:
    return [options.drafts, options.future, options.base_url, str(out.resolve())]


def _unchanged(
    options: BuildOptions, out: Path, fingerprint: str, now: datetime, timings: dict[str, float]
) -> BuildResult | None:
    """The result of a no-op build when sources, options and output are as last left."""
    if options.clean:
        return None
    with _timed(timings, "up-to-date check"):
        found = up_to_date(options.root, out, fingerprint, _options_key(options, out), now)
    if found is None:
        return None
    articles, pages, files = found
    return BuildResult(out, articles, pages, WriteReport(0, files, 0), timings)


def _build(
    options: BuildOptions,
    config: SiteConfig,
    out: Path,
    now: datetime,
    sources: tuple[str, SourceStats | None],
    write: bool,
    timings: dict[str, float],
) -> BuildResult:
    # The stages are imported here, not at the top: a no-op rebuild stops before them and should
    # not pay for importing Jinja, Markdown and the renderers.
    from sitegen.build.executor import RenderSettings, render_jobs
    from sitegen.build.jobs import DataJob, RenderJob
    from sitegen.build.syndication import missing_ids
    from sitegen.build.update import UpdateOptions, update_output
    from sitegen.build.writer import check_output_dir, scan_early
    from sitegen.render.environment import template_cache, template_dirs

    root = options.root
    scan = None
    if write:
        forget_snapshot(root, out)
        check_output_dir(root, out)
        scan = scan_early(out, parallel=options.jobs > 1)
    try:
        with paused_gc():
            graph, plan, window = _prepare(options, config, now, timings, sources[1])
    except BaseException:
        if scan is not None:
            scan()  # collect the background scan so its process does not linger
        raise
    # The graph and plan live until the build ends: collections while rendering and writing
    # need not walk their hundreds of thousands of objects each time.
    with frozen_gc():
        compiled = template_cache(root / STATE_DIR, options.clean) if write else None
        settings = RenderSettings(
            tuple(str(d) for d in template_dirs(root)),
            config.base_url,
            config.base_path,
            str(compiled) if compiled else None,
        )
        result = BuildResult(out, len(graph.articles), len(graph.pages), timings=timings)
        result.warnings, result.warnings_total = missing_ids(graph, options.warnings_shown)
        with _timed(timings, "render+write"):
            if write:
                update = UpdateOptions(options.jobs, options.clean, options.progress, scan)
                result.report, problems = update_output(root, out, plan, settings, update)
            else:
                pages = [job for job in plan.jobs if isinstance(job, RenderJob | DataJob)]
                progress = options.progress
                problems = render_jobs(
                    pages, plan.contexts, settings, options.jobs, progress=progress
                )[1]
        if problems:
            raise ProblemsFound(problems)
        if write:
            counts = (result.articles, result.pages, len(plan.jobs))
            record(root, out, sources[0], _options_key(options, out), window, counts)
            if options.keep is not None:
                options.keep(graph, plan)
    return result


def _prepare(
    options: BuildOptions,
    config: SiteConfig,
    now: datetime,
    timings: dict[str, float],
    stats: SourceStats | None,
) -> tuple[SiteGraph, Plan, tuple[str | None, str | None]]:
    """Load, link and plan; ``stats`` (the sources' stats, None for ``check``) also says that
    the caches may be read and written."""
    from sitegen.build.plan import make_plan
    from sitegen.build.syndication import clock_events
    from sitegen.content.loader import load_content
    from sitegen.graph.site import link

    with _timed(timings, "load"):
        cache = options.root / STATE_DIR / LOAD_CACHE
        if options.clean:
            discard(cache)
        # ``check`` writes nothing, not even the load cache.
        cached = stats is not None
        loaded = load_content(options.root, config, cache if cached else None, options.jobs, stats)
    with _timed(timings, "link"):
        memo = options.root / STATE_DIR / LINK_MEMO if cached and not options.clean else None
        graph, link_problems = link(loaded, config, now, options.drafts, options.future, memo)
    problems = [*loaded.problems, *link_problems]
    if graph is None or problems:
        raise ProblemsFound(problems)
    with _timed(timings, "plan"):
        known = options.root / STATE_DIR / PLAN_MEMO if memo else None
        plan = make_plan(graph, options.root, known)
    if plan.problems:
        raise ProblemsFound(plan.problems)
    events = clock_events((a.date for a in loaded.articles), config)
    return graph, plan, time_window(events, now)


def _overrides(options: BuildOptions) -> dict[str, Any]:
    return {"base_url": options.base_url} if options.base_url else {}
