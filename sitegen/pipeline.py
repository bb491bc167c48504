"""build(): the stages in order, each timed. Each stage takes plain data and returns new data."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitegen.build.executor import RenderSettings, render_jobs
from sitegen.build.plan import Plan, make_plan
from sitegen.build.stamp import BuildStamp, clear_stamp, sources_fingerprint, write_stamp
from sitegen.build.syndication import missing_ids
from sitegen.build.writer import WriteReport, write_site
from sitegen.config import SiteConfig, load_config
from sitegen.content.loader import load_content
from sitegen.errors import Problem, ProblemsFound
from sitegen.graph.site import SiteGraph, link
from sitegen.render.environment import template_dirs


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
    progress: Callable[[int, int], None] | None = None
    """Called as ``progress(done, total)`` while rendering (the CLI's progress bar)."""


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


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


def build(options: BuildOptions, write: bool = True) -> BuildResult:
    """Load, validate, link, plan, render and write the site; raise ProblemsFound on any problem.

    With ``write=False`` (``sitegen check``) it stops after rendering and touches nothing.
    """
    root = options.root
    timings: dict[str, float] = {}
    fingerprint = sources_fingerprint(root) if write else ""
    try:
        with _timed(timings, "config"):
            config = load_config(root, _overrides(options))
        graph, plan = _prepare(options, config, timings)
        with _timed(timings, "render"):
            settings = RenderSettings(
                tuple(str(d) for d in template_dirs(root)), config.base_url, config.base_path
            )
            rendered, problems = render_jobs(plan.jobs, settings, options.progress)
        if problems:
            raise ProblemsFound(problems)
        out = options.output or root / config.output_dir
        result = BuildResult(out, len(graph.articles), len(graph.pages), timings=timings)
        result.warnings = missing_ids(graph)
        if write:
            with _timed(timings, "write"):
                result.report = write_site(root, out, plan.jobs, rendered)
    except ProblemsFound:
        if write and options.output is None:
            clear_stamp(root)
        raise
    if write and options.output is None:
        write_stamp(
            root, BuildStamp(config.output_dir, fingerprint, options.drafts, options.future)
        )
    return result


def _prepare(
    options: BuildOptions, config: SiteConfig, timings: dict[str, float]
) -> tuple[SiteGraph, Plan]:
    now = options.build_time or datetime.now(UTC)
    with _timed(timings, "load"):
        loaded = load_content(options.root, config)
    with _timed(timings, "link"):
        graph, link_problems = link(loaded, config, now, options.drafts, options.future)
    problems = [*loaded.problems, *link_problems]
    if graph is None or problems:
        raise ProblemsFound(problems)
    with _timed(timings, "plan"):
        plan = make_plan(graph, options.root)
    if plan.problems:
        raise ProblemsFound(plan.problems)
    return graph, plan


def _overrides(options: BuildOptions) -> dict[str, Any]:
    return {"base_url": options.base_url} if options.base_url else {}
