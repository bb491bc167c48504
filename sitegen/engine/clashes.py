"""Output paths that cannot all be written, found while planning (so ``check`` finds them too).

Two jobs writing one path; a job writing inside a path another job writes as a file (an alias
``/feed.xml`` would need ``feed.xml/`` to be a folder); a path too long for the file system.
Each is reported at the source line that made the path (the ``aliases:`` item, the ``slug:``,
the tag), or at the generated file when sitegen made both.
"""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

from sitegen.config import CONFIG_FILE
from sitegen.content.discover import STATIC_DIR
from sitegen.engine.contexts import listings_of
from sitegen.engine.jobs import CopyJob, Job, PictureJob, RenderJob
from sitegen.errors import Problem
from sitegen.graph.site import SiteGraph
from sitegen.graph.urls import SEARCH_BUNDLE
from sitegen.syndication.hosting import alias_file
from sitegen.text.pathlimits import MAX_SEGMENT_BYTES, path_problem

_HINT = "change the alias, slug, tag, file name or permalink pattern"


def output_problems(graph: SiteGraph, root: Path, jobs: list[Job]) -> list[Problem]:
    """Every clash between outputs and every output path too long to write."""
    blame = _Blame(graph, root)
    owners: dict[str, Job] = {}
    problems = []
    for job in jobs:
        if graph.config.search and job.output.startswith(SEARCH_BUNDLE):
            where = f"into {SEARCH_BUNDLE}, the search index's folder"
            problems.append(blame.at(job, f"is published at {job.output!r}: {where}"))
        other = owners.setdefault(job.output, job)
        if other is not job:
            problems.append(blame.clash(job, other, f"both write {job.output!r}"))
    folders = _any_folder(sorted(owners))
    for output, job in owners.items():
        # a path no longer than one segment may be is within every limit (most are)
        short = len(output.encode("utf-8", "surrogatepass")) <= MAX_SEGMENT_BYTES
        wrong = None if short else path_problem(output)
        if wrong is not None:
            problems.append(blame.at(job, f"is published at {output!r}, which {wrong}"))
        if not folders:
            continue
        end = output.find("/")
        while end > 0:
            holder = owners.get(output[:end])
            if holder is not None:
                why = f"{output!r} needs {output[:end]!r} to be a folder"
                problems.append(blame.clash(job, holder, why))
            end = output.find("/", end + 1)
    return problems


def _any_folder(outputs: list[str]) -> bool:
    """Whether some output of the sorted ``outputs`` would have to be a folder of another.

    In sorted order, the first path at or after ``x/`` starts with ``x/`` if any path does: one
    search per output in C, where trying every folder of every path (the loop that names the
    clashes, run only when there is one) cost 0.3 s at 100,000 articles.
    """
    count = len(outputs)
    for output in outputs:
        folder = output + "/"
        index = bisect_left(outputs, folder)
        if index < count and outputs[index].startswith(folder):
            return True
    return False


class _Blame:
    """Where a job's output path comes from, and how to name the job in a problem."""

    def __init__(self, graph: SiteGraph, root: Path) -> None:
        self.graph = graph
        self.root = root

    def clash(self, job: Job, other: Job, why: str) -> Problem:
        """A problem at whichever of the two jobs the site's sources made (``job`` first)."""
        if self._source(job) is None and self._source(other) is not None:
            job, other = other, job
        return self.at(job, f"clashes with {self.describe(other)}: {why}")

    def at(self, job: Job, message: str) -> Problem:
        where = self._source(job)
        if where is None:
            return Problem(self.describe(job), None, None, message, _HINT)
        file, line, field, value = where
        return Problem(file, line, field, f"{value!r} {message}" if value else message, _HINT)

    def describe(self, job: Job) -> str:
        """``the generated feed.xml``, ``static/robots.txt``, ``the tag page 'Oil'``..."""
        where = self._source(job)
        if where is not None:
            if where[2] == "sections":
                return f"the section page /{where[3]}/ ({where[0]})"
            alias = (where[2] or "").startswith("aliases")
            return f"an alias of {where[0]}" if alias else where[0]
        if isinstance(job, RenderJob) and job.view.kind == "listing":
            listing = listings_of(self.graph, job.view.name)[job.view.position]
            return f"the {listing.kind} page {listing.title!r}"
        if isinstance(job, PictureJob):
            return f"the picture made from {job.file}"
        return f"the generated {job.output}"

    def _source(self, job: Job) -> tuple[str, int | None, str | None, str] | None:
        """``(file, line, field, value)`` of the source that made the job's path."""
        if isinstance(job, CopyJob):
            try:  # a file of the site's static/ (theme assets are sitegen's own)
                return Path(job.source).relative_to(self.root).as_posix(), 1, None, ""
            except ValueError:
                return None
        if isinstance(job, PictureJob) and job.file == f"{STATIC_DIR}/{job.output}":
            return job.file, 1, None, ""  # a picture of static/ published at its own path
        if not isinstance(job, RenderJob):
            return None
        kind = job.view.kind
        if kind == "listing" and job.view.name == "sections":
            section = listings_of(self.graph, "sections")[job.view.position]
            return CONFIG_FILE, None, "sections", section.key
        if kind in ("article", "redirect"):
            article = self.graph.articles[job.view.name]
            if kind == "article":
                return article.file, article.lines.get("slug", 1), "slug", article.slug
            for index, alias in enumerate(article.aliases):
                if alias_file(alias) == job.output:
                    line = article.lines.get(f"aliases.{index}") or article.lines.get("aliases")
                    return article.file, line, f"aliases.{index}", "/" + alias
        if kind == "page":
            page = self.graph.pages[job.view.position]
            return page.file, page.lines.get("slug", 1), "slug", page.slug
        return None
