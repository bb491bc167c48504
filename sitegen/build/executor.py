"""Run the render jobs, serially or in worker processes, and turn template failures into problems.

Workers are forked once per build; each builds its own Jinja environment and Markdown converter
(an initializer), renders a chunk of jobs and writes each page straight into the staging folder,
returning only its digest. So pages never pile up in memory, and what is written does not depend
on the number of workers. Rendered Markdown is cached on disk by the digest of the body and the
Markdown settings.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import markdown as markdown_lib
from jinja2 import Environment, TemplateError, TemplateSyntaxError

from sitegen.build.contexts import Contexts
from sitegen.build.jobs import DataJob, PictureJob, RenderJob
from sitegen.build.picturecache import PictureError, picture_bytes, picture_problem
from sitegen.content.markdown import EXTENSIONS, MarkdownRenderer
from sitegen.errors import Problem, ProblemsFound
from sitegen.gcpause import frozen_gc
from sitegen.render.environment import make_environment
from sitegen.render.pages import render_page
from sitegen.render.serialize import serialize

Renderable = RenderJob | DataJob | PictureJob
"""The jobs a renderer makes bytes for (a CopyJob is copied by the writer)."""


@dataclass(frozen=True)
class RenderSettings:
    """What a renderer needs to rebuild its environment (plain, so it can cross to a worker)."""

    template_dirs: tuple[str, ...]
    base_url: str
    base_path: str
    compiled: str | None = None
    """Folder of compiled templates kept between builds (None: compile in memory only)."""
    pictures: str | None = None
    """Folder of made pictures kept between builds, by cache key (None: keep none)."""


@dataclass(frozen=True)
class Rendered:
    """A page written into the staging folder (or discarded, for ``check``)."""

    digest: str
    """SHA-256 of the page's bytes."""
    size: int


class _CachedMarkdown(MarkdownRenderer):
    """Markdown converter that keeps each body's HTML in ``cache_dir``, keyed by its digest."""

    def __init__(self, cache_dir: Path | None) -> None:
        super().__init__()
        self._dir = cache_dir
        self._salt = f"{markdown_lib.__version__}|{','.join(EXTENSIONS)}|shift-headings-1\0"

    def to_html(self, text: str) -> str:
        if self._dir is None:
            return super().to_html(text)
        key = hashlib.sha256((self._salt + text).encode("utf-8", "surrogatepass")).hexdigest()
        path = self._dir / key[:2] / key
        try:
            check, _, html = path.read_text(encoding="utf-8").partition("\n")
            if check == hashlib.sha256(html.encode()).hexdigest():
                return html
        except (OSError, UnicodeDecodeError):
            pass
        html = super().to_html(text)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{key}.{os.getpid()}.tmp")
        tmp.write_text(hashlib.sha256(html.encode()).hexdigest() + "\n" + html, encoding="utf-8")
        os.replace(tmp, path)
        return html


class _Renderer:
    """One process's renderer: the environment, the converter, the jobs and where pages go."""

    def __init__(
        self,
        jobs: Sequence[Renderable],
        contexts: Contexts,
        settings: RenderSettings,
        sink: Path | None,
        md_cache: Path | None,
    ) -> None:
        self.jobs = jobs
        self.contexts = contexts
        self.settings = settings
        self.sink = sink
        compiled = Path(settings.compiled) if settings.compiled else None
        self.env: Environment = make_environment(
            [Path(d) for d in settings.template_dirs],
            settings.base_url,
            settings.base_path,
            compiled,
        )
        self.md = _CachedMarkdown(md_cache)

    def render(self, index: int) -> Rendered | Problem:
        job = self.jobs[index]
        if isinstance(job, PictureJob):
            try:
                data = picture_bytes(job, self.settings.pictures)
            except PictureError as exc:
                return picture_problem(job, exc)
        elif isinstance(job, DataJob):
            data = serialize(job.format, self.contexts.data(job), self.md)
        else:
            try:
                context, markdown, dateline = self.contexts.resolve(job)
                data = render_page(self.env, self.md, job.template, context, markdown, dateline)
            except TemplateError as exc:
                return template_problem(job, exc, self.settings.template_dirs)
            except ProblemsFound as exc:  # a source changed while the site was being built
                return exc.problems[0]
        if self.sink is not None:
            target = self.sink.joinpath(*job.output.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return Rendered(hashlib.sha256(data).hexdigest(), len(data))

    def chunk(self, indices: Sequence[int]) -> list[Rendered | Problem]:
        return [self.render(i) for i in indices]


_worker: _Renderer | None = None
"""The renderer of a worker process (set by the pool initializer, once per process)."""


def _init_worker(
    jobs: Sequence[Renderable],
    contexts: Contexts,
    settings: RenderSettings,
    sink: Path | None,
    md: Path | None,
) -> None:
    global _worker
    _worker = _Renderer(jobs, contexts, settings, sink, md)


def _run_chunk(indices: Sequence[int]) -> list[Rendered | Problem]:
    assert _worker is not None
    return _worker.chunk(indices)


PICTURE_WEIGHT = 16
"""A picture costs about as much as this many pages (when choosing whether to start workers)."""
SERIAL_BELOW = 64
"""Fewer pages than this render in the main process: starting workers (each compiling the
templates) costs more than it saves, and a one-article edit should be quick."""


def default_workers() -> int:
    """The default ``--jobs``: the cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def render_jobs(
    jobs: Sequence[Renderable],
    contexts: Contexts,
    settings: RenderSettings,
    workers: int = 1,
    sink: Path | None = None,
    md_cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, Rendered], list[Problem]]:
    """Render ``jobs`` into ``sink`` (or nowhere); results and problems come in job order.

    ``progress(done, total)`` is called in this process as pages are finished.
    """
    results: list[Rendered | Problem | None] = [None] * len(jobs)
    report = progress or (lambda done, total: None)
    weight = sum(PICTURE_WEIGHT if isinstance(job, PictureJob) else 1 for job in jobs)
    if workers <= 1 or weight < SERIAL_BELOW or not _can_fork():
        renderer = _Renderer(jobs, contexts, settings, sink, md_cache)
        for index in range(len(jobs)):
            results[index] = renderer.render(index)
            report(index + 1, len(jobs))
    else:
        chunks = _chunks(jobs, workers)
        done = 0
        context = multiprocessing.get_context("fork")
        # Forked workers inherit the whole plan; frozen objects are never scanned by their
        # garbage collector (which otherwise walks millions of inherited objects, and touching
        # them copies the shared memory pages).
        with frozen_gc():
            with ProcessPoolExecutor(
                workers,
                context,
                initializer=_init_worker,
                initargs=(jobs, contexts, settings, sink, md_cache),
            ) as pool:
                for indices, part in zip(chunks, pool.map(_run_chunk, chunks), strict=True):
                    for index, result in zip(indices, part, strict=True):
                        results[index] = result
                    done += len(part)
                    report(done, len(jobs))
    outputs: dict[str, Rendered] = {}
    problems: list[Problem] = []
    for job, result in zip(jobs, results, strict=True):
        assert result is not None
        if isinstance(result, Problem):
            problems.append(result)
        else:
            outputs[job.output] = result
    return outputs, problems


def _chunks(jobs: Sequence[Renderable], workers: int) -> list[list[int]]:
    """Indices of jobs per worker task: the pictures of one source together (it is decoded
    once for all its copies), first (the longest tasks), then pages in runs."""
    by_source: dict[str, list[int]] = {}
    pages: list[int] = []
    for index, job in enumerate(jobs):
        if isinstance(job, PictureJob):
            by_source.setdefault(job.source, []).append(index)
        else:
            pages.append(index)
    size = max(1, min(64, len(pages) // (workers * 8)))
    return [*by_source.values(), *(pages[i : i + size] for i in range(0, len(pages), size))]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def template_problem(job: RenderJob, exc: TemplateError, dirs: tuple[str, ...]) -> Problem:
    """Locate a template failure: the template file and line, and the page it was rendering."""
    name, line = job.template, None
    if isinstance(exc, TemplateSyntaxError):
        name, line = exc.filename or exc.name or name, exc.lineno
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(".html") or frame.filename.endswith(".xml"):
                name, line = frame.filename, frame.lineno
                break
    for base in dirs:
        if name.startswith(base):
            name = "templates" + name[len(base) :] if "/theme/" not in base else name
    return Problem(
        name,
        line,
        None,
        f"{exc.message or exc} (while rendering {job.output})",
        "check the template against the view data documented in the README",
    )
