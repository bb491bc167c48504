"""Run the render jobs and turn template failures into located problems."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from sitegen.build.jobs import DataJob, Job, RenderJob
from sitegen.content.markdown import MarkdownRenderer
from sitegen.errors import Problem
from sitegen.render.environment import make_environment
from sitegen.render.pages import render_page
from sitegen.render.serialize import serialize


@dataclass(frozen=True)
class RenderSettings:
    """What a renderer needs to rebuild its environment (plain, so it can cross to a worker)."""

    template_dirs: tuple[str, ...]
    base_url: str
    base_path: str


def render_jobs(
    jobs: tuple[Job, ...],
    settings: RenderSettings,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Render every RenderJob; CopyJobs are left to the writer. ``progress(done, total)``."""
    env = make_environment(
        [Path(d) for d in settings.template_dirs], settings.base_url, settings.base_path
    )
    md = MarkdownRenderer()
    outputs: dict[str, bytes] = {}
    problems: list[Problem] = []
    for job in jobs:
        if isinstance(job, DataJob):
            outputs[job.output] = serialize(job.format, job.data, md)
    render = [job for job in jobs if isinstance(job, RenderJob)]
    for done, job in enumerate(render, 1):
        try:
            outputs[job.output] = render_page(
                env, md, job.template, job.context, job.markdown, job.dateline
            )
        except TemplateError as exc:
            problems.append(template_problem(job, exc, settings.template_dirs))
        if progress is not None:
            progress(done, len(render))
    return outputs, problems


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
