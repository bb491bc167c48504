"""The preview's fast path: re-render an edited article's own page from the last good build.

A rebuild of a large archive takes seconds (fingerprint every source, load thousands of articles
from the cache, link, plan, key every job). When a burst of changes is exactly one article file
that was in the last good build, and its *shape* (the fields that decide URLs, order, listings
and Related Posts) is unchanged, its page can be rendered at once from the last good graph with
that article replaced: it is the page the full build renders. The full build still runs next
and updates everything else the edit shows (listings, neighbours' links, feeds).

The full build runs on another thread and may have read the sources before a fast-path edit;
pages written here since such a build started are written again after it, so a build that began
before an edit never leaves its older page behind.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from sitegen.content.bodies import Bodies
from sitegen.content.discover import ARTICLES_DIR
from sitegen.content.loader import load_article
from sitegen.content.markdown import MarkdownRenderer
from sitegen.content.models import Article, link_shape
from sitegen.content.sitefiles import SiteFiles
from sitegen.engine.contexts import Contexts
from sitegen.engine.executor import RenderSettings
from sitegen.engine.jobs import RenderJob
from sitegen.engine.plan import Plan
from sitegen.engine.writer import check_relative
from sitegen.graph.site import SiteGraph
from sitegen.i18n.locale import Lang
from sitegen.render.environment import make_environment, template_dirs
from sitegen.render.pages import render_page


def shape(article: Article) -> tuple[object, ...]:
    """What linking reads of an article (:func:`sitegen.content.models.link_shape`), plus what
    decides other outputs' existence: draft flag, aliases (redirect pages) and the lead image
    (copied beside the pages)."""
    a = article
    return (a.file, *link_shape(a), a.draft, a.aliases, a.image)


@dataclass(frozen=True)
class LastGood:
    """What the fast path renders from: consistent with the sources as of the last change."""

    graph: SiteGraph
    assets: dict[str, str]
    """The theme assets' published names (as the plan mapped them)."""
    files: SiteFiles
    """The site's other inputs as the build loaded them (catalogues, logo, static files)."""
    settings: RenderSettings
    """How the build rendered (template folders, base URL and path)."""
    jobs: Mapping[str, RenderJob]
    """Each article's page job, by the article's source file (relative to the site root)."""


@dataclass(frozen=True)
class HotPage:
    """A page written by the fast path."""

    output: str
    """Its file in the preview folder (POSIX, relative)."""
    data: bytes
    """The page as written."""


class HotPages:
    """The last good build and the renderer the fast path keeps between edits (thread-safe).

    Every burst of changes gets a sequence number (:meth:`next_change`). A full build that
    started at number ``n`` reads sources at least as new as change ``n``; its graph is kept only
    if no change came since. A change that does not take the fast path forgets the last good
    build until a full build started after it succeeds.
    """

    def __init__(self, root: Path, site: Path) -> None:
        self._root = root
        self._site = site
        self._lock = threading.Lock()
        self._change = 0
        self._last: LastGood | None = None
        self._env: tuple[object, Environment] | None = None
        self._md: MarkdownRenderer | None = None
        self._written: dict[str, tuple[int, bytes]] = {}

    def next_change(self) -> int:
        """Number a new burst of changes (the full builds compare against it)."""
        with self._lock:
            self._change += 1
            return self._change

    def current(self) -> int:
        """The number of the last burst of changes."""
        with self._lock:
            return self._change

    def ready(self) -> bool:
        """There is a last good build to render from."""
        with self._lock:
            return self._last is not None

    def forget(self) -> None:
        """A full build failed: no fast path until one succeeds (its overlay must stay up)."""
        with self._lock:
            self._last = None

    def keep(self, graph: SiteGraph, plan: Plan, started: int) -> None:
        """A full build that started at change ``started`` succeeded with this graph and plan."""
        config = graph.config
        dirs = tuple(str(d) for d in template_dirs(self._root))
        settings = RenderSettings(dirs, config.base_url, config.base_path)
        jobs = {
            graph.articles[job.view.name].file: job
            for job in plan.jobs
            if isinstance(job, RenderJob) and job.view.kind == "article"
        }
        with self._lock:
            if started == self._change:
                self._last = LastGood(graph, plan.assets, plan.files, settings, jobs)

    def render(self, changed: tuple[str, ...], change: int) -> HotPage | None:
        """Write the page of the one edited article in ``changed`` and return it; None when the
        change is not for the fast path (the caller runs the full build either way)."""
        with self._lock:
            if not all(self._relative(path).startswith("content/") for path in changed):
                self._env = None  # templates or the config may have changed
            last = self._last
            article = self._edited(changed, last) if last is not None else None
            if last is None or article is None:
                self._last = None
                return None
            self._last = None  # until the page is written: a failure leaves no stale graph
            graph = dataclasses.replace(
                last.graph, articles={**last.graph.articles, article.slug: article}
            )
            job = last.jobs[article.file]
            data = self._page(graph, last, job)
            self._write(job.output, data)
            self._written[job.output] = (change, data)
            self._last = dataclasses.replace(last, graph=graph)
            return HotPage(job.output, data)

    def restore(self, started: int) -> set[str]:
        """After a full build that started at change ``started``: write again the pages the fast
        path wrote since (the build may have replaced them with what it read earlier) and return
        their outputs; forget those the build has caught up with."""
        with self._lock:
            newer = {out: hot for out, hot in self._written.items() if hot[0] > started}
            for output, (_, data) in newer.items():
                target = self._site.joinpath(*check_relative(output))
                if not target.is_file() or target.read_bytes() != data:
                    self._write(output, data)
            self._written = newer
            return set(newer)

    def warm(self) -> None:
        """Compile the templates ahead of the first edit (rendering one article page)."""
        with self._lock:
            last = self._last
            if last is None or self._env is not None or not last.jobs:
                return
            self._page(last.graph, last, next(iter(last.jobs.values())))

    def _edited(self, changed: tuple[str, ...], last: LastGood) -> Article | None:
        """The new version of the one article ``changed`` names, when its shape is unchanged."""
        if len(changed) != 1:
            return None
        rel = self._relative(changed[0])
        job = last.jobs.get(rel)
        if job is None or not rel.startswith(ARTICLES_DIR + "/"):
            return None
        path = self._root / rel
        if not path.is_file():
            return None
        article, problems = load_article(self._root, path, last.graph.config)
        old = last.graph.articles[job.view.name]
        if article is None or problems or shape(article) != shape(old):
            return None
        return article

    def _relative(self, path: str) -> str:
        """A watched path relative to the site root (POSIX), or "" for one outside it."""
        try:
            return Path(path).relative_to(self._root.absolute()).as_posix()
        except ValueError:
            return ""

    def _page(self, graph: SiteGraph, last: LastGood, job: RenderJob) -> bytes:
        # the page shows the edited article only, whose body was just loaded with it
        contexts = Contexts(graph, last.files, last.assets, Bodies(self._root))
        context, markdown, dateline = contexts.resolve(job)
        env = self._environment(last.settings, contexts.langs)
        if self._md is None:
            self._md = MarkdownRenderer()
        return render_page(env, self._md, job.template, context, markdown, dateline)

    def _environment(self, settings: RenderSettings, langs: dict[str, Lang]) -> Environment:
        key = (settings, tuple((code, lang.digest) for code, lang in sorted(langs.items())))
        if self._env is None or self._env[0] != key:
            dirs = [Path(d) for d in settings.template_dirs]
            env = make_environment(dirs, settings.base_url, settings.base_path, langs)
            self._env = (key, env)
        return self._env[1]

    def _write(self, output: str, data: bytes) -> None:
        """Replace one page atomically (a temporary file beside the preview folder)."""
        target = self._site.joinpath(*check_relative(output))
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".hot-", dir=self._site.parent)
        try:
            os.fchmod(handle, 0o644)
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
