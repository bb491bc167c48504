"""The edit path: a build after an edit to a few articles' text, done without loading the site.

A build normally decodes every article, links, plans and keys every page (7 s at 100,000
articles), though an edited story changes a dozen pages. When the last build into the same
output left its base (:mod:`sitegen.engine.editbase`) and the only sources that changed since
are published articles whose edit touched their body, summary or headline and nothing else,
this path renders just the pages that read them:

1. the changed files are told from the sources' stats against the base's;
2. each is loaded again and compared with its record in the load cache: every field other than
   those above must be the same (the link structure, the pictures, the warnings, the sitemaps'
   facts, the time window and what is published then are the same too);
3. the pages whose context read one of them are those the plan memo's rows name
   (:mod:`sitegen.engine.planmemo`), plus the feeds that list one of them and, when it is in
   its window, the news sitemap;
4. those are rendered from a graph read back from the link memo, whose articles are decoded one
   at a time as the pages ask (:mod:`sitegen.graph.stored`), and published with the manifest as
   a full build would publish them; the search index, the load cache, the up-to-date record and
   the base are brought up to date.

Anything else, or anything this path cannot read back, returns None before a file is written,
and the full build runs: it makes the same output (the differential tests compare both with a
clean build).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.content.bodies import Bodies
from sitegen.content.loadcache import LoadCache, Records, body_rows
from sitegen.content.loader import load_article
from sitegen.content.models import Article, Page
from sitegen.content.sitefiles import read_site_files
from sitegen.engine import search
from sitegen.engine.contexts import Contexts
from sitegen.engine.editbase import Changed, EditBase, made_under, read_base, rebase
from sitegen.engine.executor import RenderSettings
from sitegen.engine.jobs import DataJob, Job, ViewRef
from sitegen.engine.outdir import OutputFolder
from sitegen.engine.plan import view_job
from sitegen.engine.planmemo import readers_of
from sitegen.engine.stamp import SourceStats
from sitegen.engine.update import UpdateOptions, render_some, write_changes
from sitegen.engine.uptodate import Record, forget, inputs_of, last_record, record
from sitegen.engine.writer import Scan, WriteReport
from sitegen.graph import memo
from sitegen.graph.site import SiteGraph
from sitegen.graph.stored import StoredArticles, StoredGraph
from sitegen.graph.structure import Structure
from sitegen.render import views
from sitegen.render.environment import THEME_DIR
from sitegen.state import layout
from sitegen.state.files import encode
from sitegen.syndication.feeds import feed_jobs, feed_listings
from sitegen.syndication.hosting import redirect_jobs_of
from sitegen.syndication.sitemaps import NEWS_WINDOW, news_data

EDITABLE = ("body", "digest", "summary", "summary_html", "standfirst", "title")
"""The article fields an edit on this path may change."""
MOST = 16
"""Changed files past which the full build runs (it renders in parallel)."""


class Unusable(Exception):
    """The state this path reads back is not there as the base says: build in full."""


@dataclass(frozen=True)
class Request:
    """What the pipeline hands the edit path."""

    root: Path
    folder: OutputFolder
    config: SiteConfig
    now: datetime
    sources: tuple[str, SourceStats, Scan]
    """The sources' fingerprint and stats, and the last build's files as they are now."""
    options: list[object]
    """The build options as the up-to-date record keys them."""
    workers: int
    warnings_shown: int | None
    settings: Callable[[Contexts], RenderSettings]
    """How pages are rendered, given their contexts (as the full build renders them)."""


@dataclass(frozen=True)
class Edited:
    """What an edit build did."""

    report: WriteReport
    record: Record
    """The up-to-date record of the last build, which still holds (counts, warnings...)."""
    held: tuple[object, ...] = ()
    """What the edit read back, for the caller to free or leave to the process's exit."""


@dataclass(frozen=True)
class _Edit:
    """The changed articles, loaded again, and what else the build needs of the last one."""

    base: EditBase
    last: Record
    fresh: dict[str, Article]
    """The changed articles by slug."""
    records: Records
    paths: list[str]
    """The source files, in the order of the stats (the base names them by place)."""
    changed: Changed


def edit_build(request: Request) -> Edited | None:
    """Build on the edit path; None when the change is not for it (nothing was written)."""
    edit = _edit(request)
    if edit is None:
        return None
    try:
        return _render(request, edit)
    except Unusable:
        return None


def _edit(request: Request) -> _Edit | None:
    """The edit, when it is one this path builds."""
    root, out = request.root, request.folder.path
    stats = request.sources[1]
    base = read_base(root, out)
    last = last_record(root, out)
    if base is None or last is None or not base.shape_key or not base.generation:
        return None
    if last.inputs != base.record or base.made_under != made_under(request.options):
        return None  # another build's record, or another sitegen or other options
    if not last.covers(request.now) or last.warnings_for(request.warnings_shown) is None:
        return None
    found = base.changed(stats)
    places = found.places if found else []
    if not places or len(places) > MOST or any(p not in base.articles for p in places):
        return None  # nothing, too much, or not only published articles changed
    assert found is not None
    paths = list(stats)
    changed = [paths[place] for place in places]
    records = Records(layout.load_cache(root), request.config.timezone)
    fresh: dict[str, Article] = {}
    for rel in changed:
        old = records.get(rel)
        new, problems = load_article(root, root / rel, request.config)
        if not isinstance(old, Article) or new is None or problems or not _same(old, new):
            return None
        fresh[new.slug] = new
    return _Edit(base, last, fresh, records, paths, found)


def _same(old: Article, new: Article) -> bool:
    """Whether ``new`` differs from ``old`` (as the load cache kept it) only in the fields of
    :data:`EDITABLE`; compared as the load cache stores them (a date's offset counts)."""
    kept = {name: getattr(old, name) for name in EDITABLE}
    try:
        return encode(replace(new, **kept)) == encode(old)
    except (TypeError, ValueError, OverflowError, UnicodeError):
        return False


def _render(request: Request, edit: _Edit) -> Edited | None:
    """Render and publish the pages the edit reaches."""
    root, folder, config = request.root, request.folder, request.config
    graph = _graph(request, edit)
    slugs = set(edit.fresh)
    readers = readers_of(layout.plan_memo(root), sorted(slugs), edit.base.generation)
    if readers is None:
        return None
    seen = {view for found in readers.values() for view in found.views}
    if views.front_page_day(graph) is not None:  # dated: keyed again at every build
        seen.update(ViewRef(kind, position=p, number=1) for kind, p in _fronts(graph))
    jobs: list[Job] = []
    for view in sorted(seen):
        if view.kind == "redirect":
            jobs += redirect_jobs_of(graph, view.name)
            continue
        job = view_job(graph, view)
        if job is None:
            return None
        jobs.append(job)
    listings = [
        listing
        for listing in feed_listings(graph)
        if slugs.intersection(listing.slugs[: config.feeds.size])
    ]
    shown = {slug for listing in listings for slug in listing.slugs[: config.feeds.size]}
    files = read_site_files(
        root,
        config,
        [graph.articles[slug] for slug in sorted(shown | slugs)],
        THEME_DIR / "static",
        edit.base.languages,
    )
    bodies = Bodies(root, body_rows(layout.load_cache(root)))
    for listing in listings:
        jobs += feed_jobs(graph, files, bodies, listing)
    if config.sitemaps.news and any(_in_news(graph, a) for a in edit.fresh.values()):
        jobs.append(DataJob("news-sitemap.xml", "news-sitemap", news_data(graph)))
    assets = {asset.name: asset.output for asset in files.assets}
    contexts = Contexts(graph, files, assets, bodies)
    settings = request.settings(contexts)
    scan = request.sources[2]
    staged, problems = render_some(folder, jobs, contexts, settings, UpdateOptions(1, scan=scan))
    if staged is None:
        return None  # the full build reports the problems with every other one
    # from here the output changes: until the record is written again, no build is a no-op
    forget(root, folder.path)
    updated = write_changes(folder, staged)
    _keep_loaded(request, edit)
    if config.search:
        state, changed = layout.state_dir(root), updated.report.changed
        try:  # no article moved: the index's shards are the last build's
            search.update_index(folder.path, state, None, changed, request.workers)
        except search.NoState:
            shards = search.shards_of(graph)
            search.update_index(folder.path, state, shards, changed, request.workers)
    fingerprint = request.sources[0]
    record(root, folder.path, fingerprint, request.options, edit.last)
    rebase(root, folder.path, edit.base, inputs_of(fingerprint, request.options), edit.changed)
    return Edited(updated.report, edit.last, (edit, graph, contexts, staged))


def _graph(request: Request, edit: _Edit) -> SiteGraph:
    """The last build's graph with the edited articles in it."""
    root, base = request.root, edit.base
    structure = memo.stored_structure(layout.link_memo(root), base.shape_key)
    if structure is None or len(structure.newest_first) != len(base.articles):
        raise Unusable("link memo")
    newest = structure.newest_first
    paths = edit.paths
    files = {slug: paths[place] for slug, place in zip(newest, base.articles, strict=True)}
    if any(files.get(slug) != a.file for slug, a in edit.fresh.items()):
        raise Unusable("an edited article is not where the base has it")
    shards = {name: tuple(newest[p] for p in places) for name, places in base.shards.items()}
    pages = tuple(_page(edit.records, paths[place]) for place in base.pages)

    def fetch(file: str) -> Article:
        found = edit.records.get(file)
        if not isinstance(found, Article):
            raise Unusable(f"no record of {file}")
        return found

    articles = StoredArticles(newest, files, fetch, edit.fresh)
    return StoredGraph(
        **{f.name: getattr(structure, f.name) for f in fields(Structure)},
        config=request.config,
        build_time=request.now,
        articles=articles,
        pages=pages,
        shape_key=base.shape_key,
        given_languages=tuple(base.languages),
        given_corrected=base.corrected,
        given_picked=tuple(newest[p] for p in base.picked),
        given_shards=shards,
    )


def _page(records: Records, file: str) -> Page:
    found = records.get(file)
    if not isinstance(found, Page):
        raise Unusable(f"no record of {file}")
    return found


def _fronts(graph: SiteGraph) -> list[tuple[str, int]]:
    """The front pages' view kinds and positions (the site's, then each other language's)."""
    return [("home", 0), *(("front", index) for index in range(len(graph.fronts)))]


def _in_news(graph: SiteGraph, article: Article) -> bool:
    """Whether the news sitemap may list ``article`` (see :func:`news_data`)."""
    return graph.build_time - NEWS_WINDOW <= article.date <= graph.build_time


def _keep_loaded(request: Request, edit: _Edit) -> None:
    """Store the edited articles' records and bodies in the load cache, as loading would."""
    folder = layout.load_cache(request.root)
    cache = LoadCache.unread(folder, request.config.timezone)
    cache.stats.update(request.sources[1])
    for article in edit.fresh.values():
        images = dict.fromkeys(i.file for i in article.local_images if i.file)
        cache.store(request.root, article.file, article, [article.file, *images])
    cache.save()
