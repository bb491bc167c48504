"""Plan stage: the SiteGraph -> one job per output file, with collisions caught before rendering."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sitegen.build import hosting, syndication
from sitegen.build.jobs import CopyJob, DataJob, Job, RenderJob
from sitegen.content.loader import STATIC_DIR
from sitegen.errors import Problem
from sitegen.graph import urls
from sitegen.graph.pagination import Pager
from sitegen.graph.site import Listing, SiteGraph
from sitegen.render import views
from sitegen.render.environment import THEME_DIR

FINGERPRINTED = (".css", ".js")


@dataclass(frozen=True)
class Plan:
    """Every output of the build, sorted by output path."""

    jobs: tuple[Job, ...]
    problems: tuple[Problem, ...]


def make_plan(graph: SiteGraph, root: Path) -> Plan:
    """Declare every file the site consists of."""
    assets, asset_jobs = _theme_assets(root)
    site = views.site_view(graph, assets)
    jobs: list[Job] = [*asset_jobs, *_static_files(root), *_content_images(graph, root)]
    cards = views.Cards(graph)
    jobs += _article_jobs(graph, site, cards)
    jobs += _home_jobs(graph, site, cards)
    for listing in (*graph.sections, *graph.tags, *graph.authors, *graph.years, *graph.months):
        jobs += _listing_jobs(graph, site, listing, cards)
    jobs += _page_jobs(graph, site)
    jobs.append(
        RenderJob(
            "404.html",
            "404.html",
            {"site": site, "page": _meta(graph, "Page not found", "", "404.html", noindex=True)},
            (),
        )
    )
    jobs = syndication.with_head_data(graph, root, jobs)
    jobs += syndication.syndication_jobs(graph, root, jobs)
    jobs += hosting.redirect_jobs(graph, site)
    jobs.append(hosting.redirects_file(graph))
    jobs.append(hosting.headers_file([job.output for job in jobs]))
    return Plan(tuple(sorted(jobs, key=lambda j: j.output)), tuple(_collisions(jobs)))


def _meta(graph: SiteGraph, title: str, description: str, path: str, **more: Any) -> dict[str, Any]:
    """Head data of a page: full title, description and canonical URL."""
    full = title if title == graph.config.title else f"{title} | {graph.config.title}"
    return {
        "title": full,
        "heading": title,
        "description": description,
        "path": path,
        "canonical": graph.config.base_url + path,
        **more,
    }


def _article_jobs(graph: SiteGraph, site: dict[str, Any], cards: views.Cards) -> list[Job]:
    jobs: list[Job] = []
    for slug in graph.newest_first:
        article = graph.articles[slug]
        view = views.article_view(graph, slug, cards)
        path = graph.paths[slug]
        meta = _meta(graph, article.title, article.summary, path, type="article")
        context = {"site": site, "page": meta, "article": view}
        jobs.append(
            RenderJob(
                urls.output_file(path),
                "article.html",
                context,
                (article.file,),
                article.body,
                view["dateline"],
            )
        )
    return jobs


def _home_jobs(graph: SiteGraph, site: dict[str, Any], cards: views.Cards) -> list[Job]:
    jobs: list[Job] = []
    for pager in views.home_pager(graph).pages():
        title = graph.config.title if pager.number == 1 else f"Latest news, page {pager.number}"
        meta = _meta(graph, title, graph.config.description, pager.path, type="website")
        context = {"site": site, "page": meta, "home": views.home_view(graph, pager, cards=cards)}
        jobs.append(RenderJob(urls.output_file(pager.path), "home.html", context, ()))
    return jobs


def _listing_jobs(
    graph: SiteGraph, site: dict[str, Any], listing: Listing, cards: views.Cards
) -> list[Job]:
    jobs: list[Job] = []
    first = Pager(listing.path, len(listing.slugs), graph.config.page_size)
    for pager in first.pages():
        view = views.listing_view(graph, listing, pager, cards)
        title = view["title"] if pager.number == 1 else f"{view['title']}, page {pager.number}"
        meta = _meta(graph, title, listing.description, pager.path, type="website")
        context = {"site": site, "page": meta, "listing": view}
        jobs.append(RenderJob(urls.output_file(pager.path), "listing.html", context, ()))
    return jobs


def _page_jobs(graph: SiteGraph, site: dict[str, Any]) -> list[Job]:
    jobs: list[Job] = []
    for page in graph.pages:
        view = views.page_view(page)
        meta = _meta(graph, page.title, page.summary, view["path"], type="website")
        context = {"site": site, "page": meta, "doc": view}
        jobs.append(
            RenderJob(urls.output_file(view["path"]), "page.html", context, (page.file,), page.body)
        )
    return jobs


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
        if override.is_file():
            path = override
        out = f"assets/{rel}"
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            out = str(PurePosixPath(out).with_suffix(f".{digest}{path.suffix}"))
        mapping[rel] = out
        jobs.append(CopyJob(out, str(path)))
    return mapping, jobs


def _static_files(root: Path) -> list[Job]:
    """The site's ``static/`` folder, copied to the output root; links out of it are skipped."""
    base = root / STATIC_DIR
    if not base.is_dir():
        return []
    allowed = base.resolve()
    jobs: list[Job] = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if not path.is_file() or not path.resolve().is_relative_to(allowed):
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        jobs.append(CopyJob(rel.as_posix(), str(path)))
    return jobs


def _content_images(graph: SiteGraph, root: Path) -> list[Job]:
    """Lead images kept next to their article in ``content/`` (published under ``media/``)."""
    seen = {}
    for article in graph.articles.values():
        image = article.image
        if image and image.file and image.file.startswith("content/"):
            seen[image.url] = str(root / image.file)
    return [CopyJob(out, src) for out, src in sorted(seen.items())]


def _collisions(jobs: list[Job]) -> list[Problem]:
    owners: dict[str, Job] = {}
    problems = []
    for job in jobs:
        other = owners.setdefault(job.output, job)
        if other is not job:
            problems.append(
                Problem(
                    _origin(job),
                    None,
                    None,
                    f"writes {job.output!r}, which {_origin(other)} also writes",
                    "change a slug, a page name or the permalink pattern",
                )
            )
    return problems


def _origin(job: Job) -> str:
    if isinstance(job, CopyJob):
        return job.source
    if isinstance(job, DataJob):
        return f"the generated {job.output}"
    return job.sources[0] if job.sources else f"the {job.template} listing"
