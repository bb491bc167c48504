"""Template contexts, built on demand from a job's view reference and the SiteGraph.

The plan only names each page's view (a :class:`~sitegen.engine.jobs.ViewRef`: an article's slug,
a listing's group, index and page number...);
the view data (with the head data: canonical URL, feed links, social tags, JSON-LD, from
:mod:`sitegen.syndication.head`) is built here when the page is rendered. Render workers are
forked after planning, so they share this object (and the graph) with the main process.

A page's inputs are what :meth:`Contexts.page` returns with its context: a digest of the
context itself (and of the Markdown and dateline rendered into it), and the articles read while
building it. Nothing describes them by hand, so a field a view starts to show is in the digest
the moment it is in the context.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sitegen.content.bodies import Bodies
from sitegen.content.models import Article
from sitegen.content.sitefiles import SiteFiles
from sitegen.digests import data_digest
from sitegen.engine.jobs import EVERY, DataJob, RenderJob
from sitegen.graph import urls
from sitegen.graph.languages import language_of, switcher
from sitegen.graph.pagination import Pager
from sitegen.graph.site import SiteGraph
from sitegen.graph.structure import Listing
from sitegen.i18n.locale import Lang, interface_languages
from sitegen.render import newsroom, views
from sitegen.syndication.feeds import feed_links
from sitegen.syndication.head import Heads, meta
from sitegen.syndication.sitemaps import plan_sitemaps
from sitegen.syndication.structured import publisher_logo

View = dict[str, Any]
LISTING_GROUPS = ("sections", "tags", "authors", "years", "months")
"""SiteGraph attributes holding paginated listings (the ``group`` of a listing view)."""


def listings_of(graph: SiteGraph, group: str) -> tuple[Listing, ...]:
    """The listings of one group (``sections``, ``tags``...)."""
    found: tuple[Listing, ...] = getattr(graph, group)
    return found


class _Recorded(Mapping[str, Article]):
    """The graph's articles, noting which ones are looked up while a page's context is built."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self.seen: set[str] | None = None
        """Slugs read since :meth:`Contexts.page` started recording (None: not recording)."""

    def __getitem__(self, slug: str) -> Article:
        if self.seen is not None:
            self.seen.add(slug)
        return self._articles[slug]

    def __iter__(self) -> Iterator[str]:
        if self.seen is not None:
            self.seen.add(EVERY)
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


Body = Article | str | None
"""The Markdown of a page: an article's (read from its source file only when rendered), a
standalone page's text, or none."""


@dataclass(frozen=True)
class ResolvedPage:
    """A page's template context and what it was built from."""

    context: View
    body: Body
    dateline: str
    inputs: str
    """Digest of the context, the Markdown and the dateline: equal inputs (with equal templates
    and settings), equal page. An article's Markdown is stood for by its source file's digest,
    which covers it: keying a page needs no file read."""
    reads: tuple[str, ...]
    """Slugs of the articles the context was built from, sorted (:data:`EVERY`: all)."""


def _languages_of(graph: SiteGraph) -> list[str | None]:
    """The languages the site's pages are shown in: its articles' and its ``languages:``."""
    return [*graph.languages, *graph.config.language_codes]


def language_digests(graph: SiteGraph, files: SiteFiles) -> str:
    """What the site's pages show in each of their interface languages (catalogues, locale,
    digits, timezone), as one string: templates translate their words while rendering, so the
    words are in no context digest."""
    codes = interface_languages(graph.config.language, _languages_of(graph))
    return " ".join(files.langs[code].digest for code in codes)


class Contexts:
    """Builds the template context (and the Markdown to render) of any RenderJob of a plan,
    from the graph, the site's other ``files`` and the articles' ``bodies`` as loading kept them
    (nothing is read from the site folder)."""

    def __init__(
        self, graph: SiteGraph, files: SiteFiles, assets: dict[str, str], bodies: Bodies
    ) -> None:
        self._articles = _Recorded(graph.articles)
        self._unrecorded = graph
        self.graph = dataclasses.replace(graph, articles=self._articles)
        # the picks are worked out from every article's ``pick``, which linking reads (a
        # change of it changes every page's key): no page reads every article through them
        vars(self.graph)["picked"] = graph.picked
        graph = self.graph
        self.files = files
        self.bodies = bodies
        self.lang: Lang = files.langs[graph.config.language]
        """The site's language: words, dates and digits of every page but the articles written
        in another language (front matter ``language:``), which show the interface in theirs."""
        codes = interface_languages(self.lang.code, _languages_of(self._unrecorded))
        self.langs = {code: files.langs[code] for code in codes}
        """Every interface language by code (the template environment picks one per page)."""
        self.logo = publisher_logo(graph, files.logo_size)
        feeds = feed_links(graph, graph.home) if graph.config.feeds.formats else []
        self.site = {
            **views.site_view(graph, assets),
            **newsroom.furniture(graph, self.logo, feeds),
        }
        read = self._articles.__getitem__
        self.cards = views.Cards(graph, self.lang, read)
        if graph.config.languages:
            self._sites = {c: views.language_site(graph, self.site, c) for c in self.langs}
        else:
            self._sites = {code: views.in_language(self.site, code) for code in self.langs}
        self._cards = {code: views.Cards(graph, lang, read) for code, lang in self.langs.items()}
        self._cards[self.lang.code] = self.cards
        self.heads = Heads(graph, self.logo, self.lang.code, self._sites)
        """Builds each page's head data."""
        self._sitemaps: dict[str, View] | None = None

    def data(self, job: DataJob) -> View:
        """The data of a DataJob; a sitemap planned from the memo without it is built here.

        The memo reuses a sitemap only while everything it lists is as it was, so building it
        again from this graph gives the data its key was made from.
        """
        if job.data is not None:
            return job.data
        if self._sitemaps is None:
            planned = plan_sitemaps(self.graph)
            self._sitemaps = {j.output: j.data for j in planned if j.data is not None}
        return self._sitemaps[job.output]

    def page(self, job: RenderJob) -> ResolvedPage:
        """The context of ``job`` with its inputs digest and the articles it read."""
        seen = self._articles.seen = set()
        try:
            context, body, dateline = self._resolve(job)
        finally:
            self._articles.seen = None
        source = (body.file, body.digest) if isinstance(body, Article) else body
        inputs = data_digest((context, source, dateline))
        return ResolvedPage(context, body, dateline, inputs, tuple(sorted(seen)))

    def markdown(self, body: Body) -> str | None:
        """The Markdown text of a page's ``body``."""
        return self.bodies.of(body) if isinstance(body, Article) else body

    def resolve(self, job: RenderJob) -> tuple[View, str | None, str]:
        """The context of ``job``, the Markdown rendered into its ``body_html``, its dateline."""
        context, body, dateline = self._resolve(job)
        return context, self.markdown(body), dateline

    def _resolve(self, job: RenderJob) -> tuple[View, Body, str]:
        view = job.view
        kind = view.kind
        if kind == "article":
            return self._article(view.name)
        if kind == "page":
            return self._page(view.position)
        if kind == "home":
            return self._home(view.number), None, ""
        if kind == "front":
            return self._home(view.number, self.graph.fronts[view.position]), None, ""
        if kind == "listing":
            return self._listing(view.name, view.position, view.number), None, ""
        if kind == "corrections":
            return self._corrections(), None, ""
        if kind == "redirect":
            return self._redirect(view.name), None, ""
        if kind == "404":
            code = view.name or self.lang.code
            site = self._sites[code]
            title = self.langs[code].gettext("Page not found")
            path = f"{site['home']}404.html"
            page = meta(self.graph, title, "", path, site["title"], noindex=True)
            return {"site": site, "page": self.heads.page(page, [], False, code)}, None, ""
        if kind == "search":
            title = self.lang.gettext("Search")
            page = meta(self.graph, title, "", urls.SEARCH_PATH, noindex=True)
            head = self.heads.page(page, [], front=False)
            return (
                {"site": self.site, "page": head, "shards": self._shards()},
                None,
                "",
            )
        raise ValueError(f"unknown view {job.view!r}")

    def _shards(self) -> list[str]:
        """The search index's shard names, read from every article's date: recorded so, but
        worked out on the graph the build was given, which the search stage asks too (they
        cost 0.25 s at 100,000 articles)."""
        for _slug in self._articles:  # records that every article was read
            break
        return list(self._unrecorded.shards)

    def _article(self, slug: str) -> tuple[View, Body, str]:
        graph = self.graph
        article = graph.articles[slug]
        language = article.language or self.lang.code
        view = views.article_view(graph, slug, self._cards[language])
        site = self._sites[language]
        page = self.heads.article(slug, language, site["title"])
        if graph.config.languages:
            versions = {language: graph.paths[slug]}
            versions.update(
                (language_of(graph.articles[s], graph.config), graph.paths[s])
                for s in graph.translations.get(slug, ())
            )
            view["translations"] = switcher(graph, language, versions)
        context = {"site": site, "page": page, "article": view}
        return context, article, view["dateline"]

    def _page(self, index: int) -> tuple[View, Body, str]:
        doc = self.graph.pages[index]
        view = views.page_view(doc)
        page = meta(self.graph, doc.title, doc.summary, view["path"], type="website")
        context = {"site": self.site, "page": self.heads.page(page, [], front=False), "doc": view}
        return context, doc.body, ""

    def _home(self, number: int, front: Listing | None = None) -> View:
        graph = self.graph
        front = front or graph.home
        code = front.language or self.lang.code
        lang = self.langs[code]
        pager = views.home_pager(graph, number, front)
        title = (
            front.title if number == 1 else self._paged(lang.gettext("Latest news"), number, lang)
        )
        page = meta(graph, title, front.description, pager.path, front.title, type="website")
        page = self.heads.page(page, [], pager.path == front.path, code)
        home = views.home_view(graph, pager, self._cards[code], front)
        return {"site": self._sites[code], "page": page, "home": home}

    def _listing(self, group: str, index: int, number: int) -> View:
        graph = self.graph
        listing = listings_of(graph, group)[index]
        code = listing.language or self.lang.code
        lang, site = self.langs[code], self._sites[code]
        pager = Pager(listing.path, len(listing.slugs), graph.config.page_size, number)
        view = views.listing_view(graph, listing, pager, self._cards[code])
        title = view["title"] if number == 1 else self._paged(view["title"], number, lang)
        page = meta(graph, title, listing.description, pager.path, site["title"], type="website")
        head = self.heads.listing(page, listing, code)
        return {"site": site, "page": head, "listing": view}

    def _corrections(self) -> View:
        title = self.lang.gettext("Corrections")
        about = self.lang.gettext("Every correction %(publisher)s made, newest first.") % {
            "publisher": self.graph.config.publisher_name
        }
        page = meta(self.graph, title, about, newsroom.CORRECTIONS_PATH, type="website")
        view = newsroom.corrections_view(self.graph, self.lang)
        head = self.heads.page(page, [], front=False)
        return {"site": self.site, "page": head, "corrections": view}

    def _paged(self, title: str, number: int, lang: Lang | None = None) -> str:
        """The title of a listing's later page: ``Politics, page 2``."""
        lang = lang or self.lang
        text = lang.gettext("%(title)s, page %(number)s")
        return text % {"title": title, "number": lang.number(number)}

    def _redirect(self, slug: str) -> View:
        graph = self.graph
        target = graph.paths[slug]
        return {
            "site": self.site,
            "redirect": {"title": graph.articles[slug].title, "path": target},
            "page": {"canonical": graph.config.base_url + target},
        }
