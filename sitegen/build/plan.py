"""Plan stage: the SiteGraph -> one job per output file, with collisions caught before rendering."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path, PurePosixPath

from sitegen.build import hosting, syndication
from sitegen.build.clashes import output_problems
from sitegen.build.contexts import LISTING_GROUPS, Contexts, listings_of
from sitegen.build.inputs import Inputs
from sitegen.build.jobs import CopyJob, Job, PictureJob, RenderJob
from sitegen.build.pictures import Origin, picture_jobs, published
from sitegen.build.planmemo import PageMemo
from sitegen.build.staticfiles import is_static_file, static_files
from sitegen.content.discover import STATIC_DIR
from sitegen.digests import digest
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.pagination import Pager
from sitegen.graph.site import Listing, SiteGraph, search_shards
from sitegen.render import views
from sitegen.render.environment import THEME_DIR

FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Plan:
    """Every output of the build, sorted by output path, and how to build each page's view."""

    jobs: tuple[Job, ...]
    problems: tuple[Problem, ...]
    contexts: Contexts
    """Builds a RenderJob's template context when it is rendered."""


def make_plan(graph: SiteGraph, root: Path, memo: Path | None = None) -> Plan:
    """Declare every file the site consists of.

    With ``memo`` (a file in ``.sitegen/``), the pages' inputs digests of an earlier build are
    reused wherever they still hold (:mod:`sitegen.build.planmemo`).
    """
    assets, asset_jobs = _theme_assets(root)
    contexts = Contexts(graph, root, assets)
    inputs = Inputs(graph, (contexts.site, contexts.logo))
    known = PageMemo.open(memo, graph, inputs.common)
    pictures, named = picture_jobs(graph, root)
    copies, problems = static_files(root)
    static = _cleaned(copies, graph.config.images.keep_metadata, named)
    jobs: list[Job] = [*asset_jobs, *static, *_content_images(graph, root, named), *pictures]
    pages: list[RenderJob] = []
    pages += _article_jobs(graph, inputs, known)
    pages += _home_jobs(graph, inputs, known)
    for group in LISTING_GROUPS:
        for index, listing in enumerate(listings_of(graph, group)):
            pages += _listing_jobs(graph, inputs, known, (group, index, listing))
    pages += _page_jobs(graph, inputs)
    pages.append(RenderJob("404.html", "404.html", ("404",), inputs.page("404")))
    if graph.config.search:
        search = urls.output_file(urls.SEARCH_PATH)
        key = inputs.page("search", *search_shards(graph))
        pages.append(RenderJob(search, "search.html", ("search",), key))
    jobs += pages
    jobs += syndication.syndication_jobs(graph, root, known)
    known.save()
    jobs += hosting.redirect_jobs(graph, inputs)
    jobs.append(hosting.redirects_file(graph))
    # only copied files can carry a content hash in their name (pages and feeds never do)
    copied = [job.output for job in jobs if isinstance(job, CopyJob | PictureJob)]
    jobs.append(hosting.headers_file(copied))
    ordered = tuple(sorted(jobs, key=lambda j: j.output))
    problems += output_problems(graph, root, jobs)
    return Plan(ordered, tuple(problems), contexts)


def _article_jobs(graph: SiteGraph, inputs: Inputs, known: PageMemo) -> list[RenderJob]:
    jobs: list[RenderJob] = []
    for slug in graph.newest_first:
        view = ("article", slug)
        key = known.get(view) or inputs.article(slug)
        if known.recording:
            known.keep(view, key, _article_reads(graph, slug))
        output = urls.output_file(graph.paths[slug])
        jobs.append(RenderJob(output, "article.html", view, key, (graph.articles[slug].file,)))
    return jobs


def _article_reads(graph: SiteGraph, slug: str) -> Iterator[str]:
    """The articles whose digests an article page's inputs combine (see ``Inputs.article``)."""
    yield slug
    yield from (s for s in graph.nav[slug] if s)
    yield from graph.related[slug]


def _home_jobs(graph: SiteGraph, inputs: Inputs, known: PageMemo) -> list[RenderJob]:
    jobs: list[RenderJob] = []
    for pager in views.home_pager(graph).pages():
        groups = views.home_slugs(graph, pager)
        view = ("home", pager.number)
        key = known.get(view)
        if key is None:
            shown = [inputs.cards(group) for group in groups]
            key = inputs.page("home", digest(pager.number, pager.count), *shown)
        known.keep(view, key, chain.from_iterable(groups))
        jobs.append(RenderJob(urls.output_file(pager.path), "home.html", view, key))
    return jobs


def _listing_jobs(
    graph: SiteGraph, inputs: Inputs, known: PageMemo, which: tuple[str, int, Listing]
) -> list[RenderJob]:
    group, index, listing = which
    jobs: list[RenderJob] = []
    first = Pager(listing.path, len(listing.slugs), graph.config.page_size)
    about = digest(listing.kind, listing.key, listing.title, listing.description, listing.path)
    count = str(first.count)
    for pager in first.pages():
        view = ("listing", group, index, pager.number)
        key = known.get(view)
        if key is None or known.recording:
            slugs = listing.slugs[pager.start : pager.end]
            if key is None:
                key = inputs.page("listing", about, count, str(pager.number), inputs.cards(slugs))
            known.keep(view, key, slugs)
        jobs.append(RenderJob(urls.output_file(pager.path), "listing.html", view, key))
    return jobs


def _page_jobs(graph: SiteGraph, inputs: Inputs) -> list[RenderJob]:
    return [
        RenderJob(
            urls.output_file(urls.page_path(page.slug)),
            "page.html",
            ("page", index),
            inputs.page("page", page.digest, digest(page.file, page.slug)),
            (page.file,),
        )
        for index, page in enumerate(graph.pages)
    ]


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
        origin = named.get(file, (file, None))
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
                origin = named.get(image.file, (article.file, image.line))
                seen.setdefault(image.url, (image.file, origin))
    keep = graph.config.images.keep_metadata
    return [
        published(out, (str(root / file), file), keep, origin)
        for out, (file, origin) in sorted(seen.items())
    ]
