"""Plan stage: the SiteGraph -> one job per output file, with collisions caught before rendering."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from sitegen.config import settings_text
from sitegen.content.discover import STATIC_DIR
from sitegen.digests import digest
from sitegen.engine.clashes import output_problems
from sitegen.engine.contexts import LISTING_GROUPS, language_digests, listings_of
from sitegen.engine.datafiles import syndication_jobs
from sitegen.engine.jobs import CopyJob, Job, PictureJob, RenderJob, ViewRef
from sitegen.engine.pictures import Origin, picture_jobs, published
from sitegen.engine.planmemo import PageMemo
from sitegen.engine.staticfiles import is_static_file, static_files
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.pagination import Pager
from sitegen.graph.site import Listing, SiteGraph
from sitegen.render import newsroom, views
from sitegen.render.environment import THEME_DIR
from sitegen.syndication import hosting
from sitegen.syndication.structured import publisher_logo

FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Plan:
    """Every output of the build, sorted by output path, and how to build each page's view."""

    jobs: tuple[Job, ...]
    problems: tuple[Problem, ...]
    assets: dict[str, str]
    """The theme assets' published names, by name (``css/site.css`` -> its hashed name)."""


def make_plan(graph: SiteGraph, root: Path, memo: Path | None = None) -> tuple[Plan, PageMemo]:
    """Declare every file the site consists of.

    With ``memo`` (a file in ``.sitegen/``), the pages' inputs digests of an earlier build are
    reused wherever they still hold (:mod:`sitegen.engine.planmemo`); the other pages are keyed
    from their contexts while rendering. Returns the plan and the memo (to save once the
    rendering found the other pages' inputs).
    """
    assets, asset_jobs = _theme_assets(root)
    site = views.site_view(graph, assets)
    logo = publisher_logo(graph, root)
    languages = language_digests(graph, root)
    shared = digest(settings_text(graph.config), site, logo, graph.pages, languages)
    known = PageMemo.open(memo, graph, shared)
    pictures, named = picture_jobs(graph, root)
    copies, problems = static_files(root)
    static = _cleaned(copies, graph.config.images.keep_metadata, named)
    jobs: list[Job] = [*asset_jobs, *static, *_content_images(graph, root, named), *pictures]
    jobs += _page_jobs(graph, known.get)
    jobs += [replace(job, inputs=known.get(job.view)) for job in hosting.redirect_jobs(graph)]
    jobs += syndication_jobs(graph, root, known)
    jobs.append(hosting.redirects_file(graph))
    # only copied files can carry a content hash in their name (pages and feeds never do)
    copied = [job.output for job in jobs if isinstance(job, CopyJob | PictureJob)]
    jobs.append(hosting.headers_file(copied))
    ordered = tuple(sorted(jobs, key=lambda j: j.output))
    problems += output_problems(graph, root, jobs)
    return Plan(ordered, tuple(problems), assets), known


def _page_jobs(graph: SiteGraph, known: Callable[[ViewRef], str | None]) -> Iterator[RenderJob]:
    """Every page rendered from a template, by the view it shows, with its ``known`` inputs."""
    view: ViewRef
    for slug in graph.newest_first:
        output = urls.output_file(graph.paths[slug])
        view = ViewRef("article", slug)
        yield RenderJob(output, "article.html", view, known(view), (graph.articles[slug].file,))
    dated = views.front_page_day(graph) is not None
    # a multilingual site's other front pages are ViewRef("front", position=index, number=n)
    fronts: list[tuple[Listing, ViewRef]] = [(graph.home, ViewRef("home"))]
    fronts += [(front, ViewRef("front", position=i)) for i, front in enumerate(graph.fronts)]
    for front, named in fronts:
        for pager in views.home_pager(graph, front=front).pages():
            view = named._replace(number=pager.number)
            # the front page showing today's date is keyed from its context at each build: a
            # stored digest holds whatever the day
            inputs = None if dated and pager.number == 1 else known(view)
            yield RenderJob(urls.output_file(pager.path), "home.html", view, inputs)
    for group in LISTING_GROUPS:
        for index, listing in enumerate(listings_of(graph, group)):
            first = Pager(listing.path, len(listing.slugs), graph.config.page_size)
            for pager in first.pages():
                view = ViewRef("listing", group, index, pager.number)
                yield RenderJob(urls.output_file(pager.path), "listing.html", view, known(view))
    for index, page in enumerate(graph.pages):
        view = ViewRef("page", position=index)
        output = urls.output_file(urls.page_path(page.slug))
        yield RenderJob(output, "page.html", view, known(view), (page.file,))
    yield RenderJob("404.html", "404.html", ViewRef("404"), known(ViewRef("404")))
    for front in graph.fronts:  # a multilingual site's 404 page in each other language
        view = ViewRef("404", front.language)
        yield RenderJob(f"{front.path}404.html", "404.html", view, known(view))
    if newsroom.has_corrections(graph):
        output = urls.output_file(newsroom.CORRECTIONS_PATH)
        view = ViewRef("corrections")
        yield RenderJob(output, "corrections.html", view, known(view))
    if graph.config.search:
        output = urls.output_file(urls.SEARCH_PATH)
        view = ViewRef("search")
        yield RenderJob(output, "search.html", view, known(view))


def _theme_assets(root: Path) -> tuple[dict[str, str], list[Job]]:
    """Theme assets under ``assets/``; CSS and JS get a content hash in their name.

    A file of the same name in the site's ``static/assets/`` replaces the theme's.
    """
    mapping: dict[str, str] = {}
    jobs: list[Job] = []
    theme_static = THEME_DIR / "static"
    for path in sorted(p for p in theme_static.rglob("*") if p.is_file()):
        rel = path.relative_to(theme_static).as_posix()
        override = root / STATIC_DIR / "assets" / rel
        if is_static_file(root, override):
            path = override
        out = f"assets/{rel}"
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            out = str(PurePosixPath(out).with_suffix(f".{digest}{path.suffix}"))
        mapping[rel] = out
        jobs.append(CopyJob(out, str(path)))
    return mapping, jobs


def _cleaned(copies: list[CopyJob], keep_metadata: bool, named: dict[str, Origin]) -> list[Job]:
    """The ``static/`` copies, pictures among them cleaned of their metadata (a problem with one
    reported at the article naming it, if any)."""
    jobs: list[Job] = []
    for copy in copies:
        file = f"{STATIC_DIR}/{copy.output}"
        origin = named.get(file, (file, None, None))
        jobs.append(published(copy.output, (copy.source, file), keep_metadata, origin))
    return jobs


def _content_images(graph: SiteGraph, root: Path, named: dict[str, Origin]) -> list[Job]:
    """Lead and gallery images kept next to their article in ``content/`` (published under
    ``media/``)."""
    seen: dict[str, tuple[str, Origin]] = {}
    for slug in sorted(graph.articles):
        article = graph.articles[slug]
        for image in article.local_images:
            if image.file and image.file.startswith("content/"):
                origin = named.get(image.file, (article.file, image.line, None))
                seen.setdefault(image.url, (image.file, origin))
    keep = graph.config.images.keep_metadata
    return [
        published(out, (str(root / file), file), keep, origin)
        for out, (file, origin) in sorted(seen.items())
    ]
