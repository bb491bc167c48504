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
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from sitegen.content.markdown import RENDERER_KEY, MarkdownRenderer
from sitegen.engine.contexts import Contexts
from sitegen.engine.jobs import DataJob, PictureJob, RenderJob
from sitegen.engine.picturecache import PictureError, picture_bytes, picture_problem
from sitegen.errors import Problem, ProblemsFound
from sitegen.gcpause import frozen_gc
from sitegen.render.environment import make_environment
from sitegen.render.pages import render_page
from sitegen.render.templatefiles import TemplateSourceError, failing_line, shown_name
from sitegen.state.files import write_file
from sitegen.syndication.serialize import serialize

Renderable = RenderJob | DataJob | PictureJob
"""The jobs a renderer makes bytes for (a CopyJob is copied by the writer)."""


@dataclass(frozen=True)
class RenderSettings:
    """What a renderer needs to rebuild its environment (plain, so it can cross to a worker)."""

    template_dirs: tuple[str, ...]
    base_url: str
    base_path: str
    pictures: str | None = None
    """Folder of made pictures kept between builds, by cache key (None: keep none)."""
    languages: str = ""
    """The interface languages' digests (``contexts.language_digests``): templates translate
    while rendering, so a catalogue edit must change every page's key."""


@dataclass(frozen=True)
class Rendered:
    """A page written into the staging folder (or discarded, for ``check``)."""

    digest: str
    """SHA-256 of the page's bytes."""
    size: int
    learned: Learned | None = None
    """The inputs of a page whose key the plan did not know."""


@dataclass(frozen=True)
class Learned:
    """A page's inputs, found by building its context (see ``Contexts.page``)."""

    key: str
    """Its job key: its template's prefix and the digest of its context."""
    inputs: str
    """The digest of its context."""
    reads: tuple[str, ...]
    """The articles its context was built from."""


@dataclass(frozen=True)
class Kept:
    """A page not rendered: its context came out as the last build's, whose file is intact."""

    learned: Learned


@dataclass(frozen=True)
class PageKeys:
    """What a renderer needs to key the pages whose inputs the plan left open."""

    prefixes: dict[str, str]
    """Template name -> the key prefix of its pages (``incremental.TemplateDigests.prefix``)."""
    previous: dict[str, str]
    """Output -> the last build's key, for outputs still on disk as that build left them."""


MEMO_SIZE = 256
"""Bodies a renderer keeps converted in memory: each is in several feeds and three formats."""


class _CachedMarkdown(MarkdownRenderer):
    """Markdown converter that keeps each body's HTML in ``cache_dir``, keyed by its digest,
    and the last :data:`MEMO_SIZE` in memory (for this renderer only: a memo shared between
    builds would keep every build's renderer alive)."""

    def __init__(self, cache_dir: Path | None) -> None:
        super().__init__()
        self._dir = cache_dir
        self._salt = RENDERER_KEY + "\0"
        self._memo: dict[str, str] = {}

    def to_html(self, text: str) -> str:
        html = self._memo.get(text)
        if html is None:
            html = self._convert(text)
            if len(self._memo) >= MEMO_SIZE:
                del self._memo[next(iter(self._memo))]  # the oldest
            self._memo[text] = html
        return html

    def _convert(self, text: str) -> str:
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
        data = html.encode("utf-8")
        write_file(path, hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
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
        keys: PageKeys | None = None,
    ) -> None:
        self.jobs = jobs
        self.keys = keys
        self.contexts = contexts
        self.settings = settings
        self.sink = sink
        self.env: Environment = make_environment(
            [Path(d) for d in settings.template_dirs],
            settings.base_url,
            settings.base_path,
            contexts.langs,
        )
        self.md = _CachedMarkdown(md_cache)

    def render(self, index: int) -> Rendered | Kept | Failure:
        job = self.jobs[index]
        learned = None
        if isinstance(job, PictureJob):
            try:
                data = picture_bytes(job, self.settings.pictures)
            except PictureError as exc:
                return Failure(picture_problem(job, exc), None)
        elif isinstance(job, DataJob):
            data = serialize(job.format, self.contexts.data(job), self.md)
        else:
            try:
                page = self.contexts.page(job)
                if self.keys is not None and job.inputs is None:
                    key = self.keys.prefixes[job.template] + page.inputs
                    learned = Learned(key, page.inputs, page.reads)
                    if self.keys.previous.get(job.output) == key:
                        return Kept(learned)
                context, markdown = page.context, self.contexts.markdown(page.body)
                data = render_page(
                    self.env, self.md, job.template, context, markdown, page.dateline
                )
            except ProblemsFound as exc:  # a source that changed or cannot be read any more
                return Failure(exc.problems[0], None)
            except Exception as exc:
                # A template's own code may raise anything ({{ 1 / 0 }}, an include of itself);
                # what no template is to blame for is a bug of sitegen's, and goes on up.
                problem = template_problem(job, exc, self.env)
                if problem is None and isinstance(exc, RecursionError) and job.sources:
                    # Markdown nested deeper than the load-time check foresaw
                    message = "cannot be converted to HTML: it is nested too deeply"
                    return Failure(Problem(job.sources[0], 1, None, message), None)
                if problem is None:
                    raise
                return Failure(problem, job.output)
        if self.sink is not None:
            target = self.sink.joinpath(*job.output.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return Rendered(hashlib.sha256(data).hexdigest(), len(data), learned)

    def chunk(self, indices: Sequence[int]) -> list[Rendered | Kept | Failure]:
        return [self.render(i) for i in indices]


_worker: _Renderer | None = None
"""The renderer of a worker process (set by the pool initializer, once per process)."""


def _init_worker(
    jobs: Sequence[Renderable],
    contexts: Contexts,
    settings: RenderSettings,
    sink: Path | None,
    md: Path | None,
    keys: PageKeys | None,
) -> None:
    global _worker
    _worker = _Renderer(jobs, contexts, settings, sink, md, keys)


def _run_chunk(indices: Sequence[int]) -> list[Rendered | Kept | Failure]:
    assert _worker is not None
    return _worker.chunk(indices)


PICTURE_WEIGHT = 16
"""A picture costs about as much as this many pages (when choosing whether to start workers)."""
SERIAL_BELOW = 64
"""Fewer pages than this render in the main process: starting workers (each compiling the
templates) costs more than it saves, and a one-article edit should be quick."""


def render_jobs(
    jobs: Sequence[Renderable],
    contexts: Contexts,
    settings: RenderSettings,
    workers: int = 1,
    sink: Path | None = None,
    md_cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    keys: PageKeys | None = None,
) -> tuple[dict[str, Rendered | Kept], list[Problem]]:
    """Render ``jobs`` into ``sink`` (or nowhere); results and problems come in job order.

    ``progress(done, total)`` is called in this process as pages are finished. With ``keys``, a
    page whose inputs the plan left open is keyed from its context, and not rendered when the
    key is its output's previous one (:class:`Kept`).
    """
    results: list[Rendered | Kept | Failure | None] = [None] * len(jobs)
    report = progress or (lambda done, total: None)
    weight = sum(PICTURE_WEIGHT if isinstance(job, PictureJob) else 1 for job in jobs)
    if workers <= 1 or weight < SERIAL_BELOW or not _can_fork():
        renderer = _Renderer(jobs, contexts, settings, sink, md_cache, keys)
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
                initargs=(jobs, contexts, settings, sink, md_cache, keys),
            ) as pool:
                for indices, part in zip(chunks, pool.map(_run_chunk, chunks), strict=True):
                    for index, result in zip(indices, part, strict=True):
                        results[index] = result
                    done += len(part)
                    report(done, len(jobs))
    outputs: dict[str, Rendered | Kept] = {}
    failures: list[Failure] = []
    for job, found in zip(jobs, results, strict=True):
        assert found is not None
        if isinstance(found, Failure):
            failures.append(found)
        else:
            outputs[job.output] = found
    return outputs, _fold(failures)


@dataclass(frozen=True)
class Failure:
    """A page that could not be rendered: the problem, and the page when a template failed."""

    problem: Problem
    page: str | None


def _fold(failures: list[Failure]) -> list[Problem]:
    """One problem per template failure, naming the first page it broke and how many more: a
    mistake in ``base.html`` would otherwise be listed once for every page of the site."""
    pages: dict[Problem, list[str]] = {}
    for failure in failures:
        pages.setdefault(failure.problem, []).extend([failure.page] if failure.page else [])
    problems = []
    for problem, broken in pages.items():
        if broken:
            more = len(broken) - 1
            where = broken[0] + (f" and {more} more page{'s' if more > 1 else ''}" if more else "")
            problem = replace(problem, message=f"{problem.message} (while rendering {where})")
        problems.append(problem)
    return problems


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


def template_problem(job: RenderJob, exc: BaseException, env: Environment) -> Problem | None:
    """Locate a template failure at its template file and line; None when no template is to
    blame (the exception came from sitegen's own code)."""
    if isinstance(exc, TemplateSyntaxError):
        shown = shown_name(env, exc.filename) if exc.filename else None
        where: tuple[str, int | None] | None = (shown or exc.name or job.template, exc.lineno)
    else:
        where = failing_line(env, exc)
        if where is None and isinstance(exc, TemplateError):
            where = (job.template, None)  # the page's own template could not be loaded
    if where is None:
        return None
    hint = "check the template against the view data documented in docs/templates.md"
    if isinstance(exc, TemplateSourceError):
        message, hint = exc.message or str(exc), exc.hint
    elif isinstance(exc, TemplateError):
        message = exc.message or str(exc)
    elif isinstance(exc, RecursionError):
        message = "a template includes, extends, imports or calls itself without end"
        hint = "look for an include, extends, import or macro call that comes back to it"
    else:
        message = f"{type(exc).__name__}: {exc}"
    return Problem(*where, None, message, hint)
