"""Plan stage: the SiteGraph -> one job per output file, with collisions caught before rendering."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.config import settings_text
from sitegen.content.bodies import Bodies
from sitegen.content.discover import STATIC_DIR
from sitegen.content.sitefiles import SiteFiles
from sitegen.digests import digest
from sitegen.engine.clashes import output_problems
from sitegen.engine.contexts import LISTING_GROUPS, language_digests, listings_of
from sitegen.engine.datafiles import syndication_jobs
from sitegen.engine.jobs import CopyJob, Job, PictureJob, RenderJob, ViewRef
from sitegen.engine.pictures import Origin, picture_jobs, published
from sitegen.engine.planmemo import PageMemo
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.pagination import Pager
from sitegen.graph.site import SiteGraph
from sitegen.graph.structure import Listing
from sitegen.render import newsroom, views
from sitegen.syndication import hosting
from sitegen.syndication.structured import publisher_logo


@dataclass(frozen=True)
class Plan:
    """Every output of the build, sorted by output path, and how to build each page's view."""

    jobs: tuple[Job, ...]
    problems: tuple[Problem, ...]
    assets: dict[str, str]
    """The theme assets' published names, by name (``css/site.css`` -> its hashed name)."""
    files: SiteFiles
    """What the plan was made from besides the graph (the render stage's contexts use it)."""


def make_plan(
    graph: SiteGraph, files: SiteFiles, bodies: Bodies, memo: Path | None = None
) -> tuple[Plan, PageMemo]:
    """Declare every file the site consists of, from the graph, the site's other ``files`` and
    the articles' ``bodies`` as loading kept them (nothing is read from the site folder).

    With ``memo`` (a file in ``.sitegen/``), the pages' inputs digests of an earlier build are
    reused wherever they still hold (:mod:`sitegen.engine.planmemo`); the other pages are keyed
    from their contexts while rendering. Returns the plan and the memo (to save once the
    rendering found the other pages' inputs).
    """
    assets = {asset.name: asset.output for asset in files.assets}
    site = views.site_view(graph, assets)
    logo = publisher_logo(graph, files.logo_size)
    languages = language_digests(graph, files)
    shared = digest(settings_text(graph.config), site, logo, graph.pages, languages)
    known = PageMemo.open(memo, graph, shared)
    pictures, named = picture_jobs(graph, files.root)
    problems = list(files.problems)
    jobs: list[Job] = [CopyJob(asset.output, asset.source) for asset in files.assets]
    jobs += _cleaned(files, graph.config.images.keep_metadata, named)
    jobs += [*_content_images(graph, files, named), *pictures]
    jobs += _page_jobs(graph, known.get)
    jobs += [replace(job, inputs=known.get(job.view)) for job in hosting.redirect_jobs(graph)]
    jobs += syndication_jobs(graph, files, bodies, known)
    jobs.append(hosting.redirects_file(graph))
    # only copied files can carry a content hash in their name (pages and feeds never do)
    copied = [job.output for job in jobs if isinstance(job, CopyJob | PictureJob)]
    jobs.append(hosting.headers_file(copied))
    ordered = tuple(sorted(jobs, key=lambda j: j.output))
    problems += output_problems(graph, files.root, jobs)
    return Plan(ordered, tuple(problems), assets, files), known


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


TEMPLATES = {
    "article": "article.html",
    "home": "home.html",
    "front": "home.html",
    "listing": "listing.html",
    "page": "page.html",
    "404": "404.html",
    "corrections": "corrections.html",
    "search": "search.html",
}
"""The template of each kind of view that :func:`view_job` knows."""


def view_job(graph: SiteGraph, view: ViewRef) -> RenderJob | None:
    """The job of the page ``view`` names, left open (keyed from its context while rendering),
    as :func:`make_plan` declares it; None for a view this cannot say (a redirect page) or that
    the graph does not have."""
    template = TEMPLATES.get(view.kind)
    output = _view_output(graph, view)
    if template is None or output is None:
        return None
    sources: tuple[str, ...] = ()
    if view.kind == "article":
        sources = (graph.articles[view.name].file,)
    elif view.kind == "page":
        sources = (graph.pages[view.position].file,)
    return RenderJob(output, template, view, None, sources)


def _view_output(graph: SiteGraph, view: ViewRef) -> str | None:
    """The output file of the page ``view`` names (None: not a page of this graph)."""
    kind = view.kind
    if kind == "article" and view.name in graph.paths:
        return urls.output_file(graph.paths[view.name])
    if kind in ("home", "front"):
        fronts = (graph.home, *graph.fronts)
        position = view.position + 1 if kind == "front" else 0
        if position >= len(fronts):
            return None
        pager = views.home_pager(graph, front=fronts[position])
        return _page_of(pager, view.number)
    if kind == "listing" and view.name in LISTING_GROUPS:
        listings = listings_of(graph, view.name)
        if view.position >= len(listings):
            return None
        listing = listings[view.position]
        first = Pager(listing.path, len(listing.slugs), graph.config.page_size)
        return _page_of(first, view.number)
    if kind == "page" and view.position < len(graph.pages):
        return urls.output_file(urls.page_path(graph.pages[view.position].slug))
    if kind == "404":
        prefix = {front.language: front.path for front in graph.fronts}.get(view.name, "")
        return None if view.name and not prefix else f"{prefix}404.html"
    if kind == "corrections":
        return urls.output_file(newsroom.CORRECTIONS_PATH)
    if kind == "search":
        return urls.output_file(urls.SEARCH_PATH)
    return None


def _page_of(first: Pager, number: int) -> str | None:
    """The output file of page ``number`` of the listing whose first page is ``first``."""
    if not 1 <= number <= first.count:
        return None
    return urls.output_file(replace(first, number=number).path)


def _cleaned(files: SiteFiles, keep_metadata: bool, named: dict[str, Origin]) -> list[Job]:
    """The ``static/`` copies, pictures among them cleaned of their metadata (a problem with one
    reported at the article naming it, if any)."""
    jobs: list[Job] = []
    for copy in files.static:
        file = f"{STATIC_DIR}/{copy.output}"
        origin = named.get(file, (file, None, None))
        source = (copy.source, file, files.stamps.get(file))
        jobs.append(published(copy.output, source, keep_metadata, origin))
    return jobs


def _content_images(graph: SiteGraph, files: SiteFiles, named: dict[str, Origin]) -> list[Job]:
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
        published(out, (str(files.root / file), file, files.stamps.get(file)), keep, origin)
        for out, (file, origin) in sorted(seen.items())
    ]
