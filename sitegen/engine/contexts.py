"""Template contexts, built on demand from a job's view reference and the SiteGraph.

The plan only names each page's view (``("article", slug)``, ``("listing", "tags", 3, 2)``...);
the view data (with the head data: canonical URL, feed links, social tags, JSON-LD) is built
here when the page is rendered. Render workers are forked after planning, so they share this
object (and the graph) with the main process.

A page's inputs are what :meth:`Contexts.page` returns with its context: a digest of the
context itself (and of the Markdown and dateline rendered into it), and the articles read while
building it. Nothing describes them by hand, so a field a view starts to show is in the digest
the moment it is in the context.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.content.bodies import body_of
from sitegen.content.models import Article
from sitegen.digests import data_digest
from sitegen.engine import syndication
from sitegen.engine.jobs import EVERY, DataJob, RenderJob
from sitegen.graph import urls
from sitegen.graph.languages import counterparts, front_of, hreflang, language_of, switcher
from sitegen.graph.pagination import Pager
from sitegen.graph.site import Listing, SiteGraph, search_shards
from sitegen.i18n.locale import Lang, interface_languages, site_lang
from sitegen.render import newsroom, structured, views

View = dict[str, Any]
LISTING_GROUPS = ("sections", "tags", "authors", "years", "months")
"""SiteGraph attributes holding paginated listings (the ``group`` of a listing view)."""


def listings_of(graph: SiteGraph, group: str) -> tuple[Listing, ...]:
    """The listings of one group (``sections``, ``tags``...)."""
    found: tuple[Listing, ...] = getattr(graph, group)
    return found


def meta(
    graph: SiteGraph, title: str, description: str, path: str, site: str = "", **more: Any
) -> View:
    """Head data of a page: full title, description and canonical URL; ``site``: the site's
    name in the page's language (default: ``title`` of the config)."""
    site = site or graph.config.title
    full = title if title == site else f"{title} | {site}"
    return {
        "title": full,
        "heading": title,
        "description": description,
        "path": path,
        "canonical": graph.config.base_url + path,
        **more,
    }


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
    return [*(a.language for a in graph.articles.values()), *graph.config.language_codes]


def language_digests(graph: SiteGraph, root: Path) -> str:
    """What the site's pages show in each of their interface languages (catalogues, locale,
    digits, timezone), as one string: templates translate their words while rendering, so the
    words are in no context digest."""
    codes = interface_languages(graph.config.language, _languages_of(graph))
    return " ".join(site_lang(graph.config, root, code).digest for code in codes)


class Contexts:
    """Builds the template context (and the Markdown to render) of any RenderJob of a plan."""

    def __init__(self, graph: SiteGraph, root: Path, assets: dict[str, str]) -> None:
        self._articles = _Recorded(graph.articles)
        self.graph = dataclasses.replace(graph, articles=self._articles)
        graph = self.graph
        self.root = root
        self.lang: Lang = site_lang(graph.config, root)
        """The site's language: words, dates and digits of every page but the articles written
        in another language (front matter ``language:``), which show the interface in theirs."""
        codes = interface_languages(self.lang.code, _languages_of(graph))
        self.langs = {code: site_lang(graph.config, root, code) for code in codes}
        """Every interface language by code (the template environment picks one per page)."""
        self.langs[self.lang.code] = self.lang
        self._versions = counterparts(graph)
        """Listing path -> its versions by language (hreflang and switcher of listings)."""
        self.logo = syndication.publisher_logo(graph, root)
        feeds = syndication.feed_links(graph, graph.home) if graph.config.feeds.formats else []
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
        self._feeds = {id(listing) for listing in syndication.feed_listings(graph)}
        self._site_feeds: dict[str, list[View]] = {}
        self._sitemaps: dict[str, View] | None = None

    def data(self, job: DataJob) -> View:
        """The data of a DataJob; a sitemap planned from the memo without it is built here.

        The memo reuses a sitemap only while everything it lists is as it was, so building it
        again from this graph gives the data its key was made from.
        """
        if job.data is not None:
            return job.data
        if self._sitemaps is None:
            planned = syndication.plan_sitemaps(self.graph)
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
        return body_of(self.root, body) if isinstance(body, Article) else body

    def resolve(self, job: RenderJob) -> tuple[View, str | None, str]:
        """The context of ``job``, the Markdown rendered into its ``body_html``, its dateline."""
        context, body, dateline = self._resolve(job)
        return context, self.markdown(body), dateline

    def _resolve(self, job: RenderJob) -> tuple[View, Body, str]:
        kind, *args = job.view
        if kind == "article":
            return self._article(str(args[0]))
        if kind == "page":
            return self._page(int(args[0]))
        if kind == "home":
            return self._home(int(args[0])), None, ""
        if kind == "front":
            return self._home(int(args[1]), self.graph.fronts[int(args[0])]), None, ""
        if kind == "listing":
            return self._listing(str(args[0]), int(args[1]), int(args[2])), None, ""
        if kind == "corrections":
            return self._corrections(), None, ""
        if kind == "redirect":
            return self._redirect(str(args[0])), None, ""
        if kind == "404":
            code = str(args[0]) if args else self.lang.code
            site = self._sites[code]
            title = self.langs[code].gettext("Page not found")
            path = f"{site['home']}404.html"
            page = meta(self.graph, title, "", path, site["title"], noindex=True)
            return {"site": site, "page": self._head(page, [], False, code)}, None, ""
        if kind == "search":
            title = self.lang.gettext("Search")
            page = meta(self.graph, title, "", urls.SEARCH_PATH, noindex=True)
            head = self._head(page, [], front=False)
            return (
                {"site": self.site, "page": head, "shards": list(search_shards(self.graph))},
                None,
                "",
            )
        raise ValueError(f"unknown view {job.view!r}")

    def _site_feed_links(self, code: str = "") -> list[View]:
        """The feeds of the front page of language ``code`` (default: the site's)."""
        code = code or self.lang.code
        if code not in self._site_feeds:
            home = front_of(self.graph, code) if self.graph.config.languages else self.graph.home
            has = bool(self._feeds)
            self._site_feeds[code] = syndication.feed_links(self.graph, home) if has else []
        return self._site_feeds[code]

    def _head(self, page: View, feeds: list[View], front: bool, code: str = "") -> View:
        """Feed links, social tags and JSON-LD of a page that is not an article; the language
        switcher and hreflang links of a multilingual site's page in ``code``."""
        page["feeds"] = self._site_feed_links(code) + feeds
        page["social"] = structured.social_tags(
            self.graph, page["heading"], page["description"], page["canonical"], self.logo
        )
        page["jsonld"] = structured.front_page_ld(self.graph, self.logo) if front else []
        if self.graph.config.languages:
            code = code or self.lang.code
            versions = self._versions.get(page["path"], {})
            page["switcher"] = switcher(self.graph, code, versions)
            if versions:
                page["alternates"] = hreflang(self.graph, versions)
            if code != self.lang.code:
                page["social"] = _in_language(page["social"], code, self._sites[code]["title"])
                page["jsonld"] = []  # WebSite describes the site once, on the default front page
        return page

    def _article(self, slug: str) -> tuple[View, Body, str]:
        graph = self.graph
        article = graph.articles[slug]
        language = article.language or self.lang.code
        view = views.article_view(graph, slug, self._cards[language])
        site = self._sites[language]
        path = graph.paths[slug]
        page = meta(graph, article.title, article.summary, path, site["title"], type="article")
        page["feeds"] = self._site_feed_links(language)
        page["canonical"] = article.canonical or page["canonical"]
        page["alternates"] = views.alternates(graph, slug)
        page["social"] = structured.article_social(graph, slug, page["canonical"], self.logo)
        page["jsonld"] = structured.article_ld(graph, slug, page["canonical"], self.logo)
        if graph.config.languages:
            versions = {language: path}
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
        context = {"site": self.site, "page": self._head(page, [], front=False), "doc": view}
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
        page = self._head(page, [], pager.path == front.path, code)
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
        feeds = syndication.feed_links(graph, listing) if id(listing) in self._feeds else []
        head = self._head(page, feeds, False, code)
        if listing.kind == "author":
            head["jsonld"] = structured.profile_ld(graph, listing.title)
        return {"site": site, "page": head, "listing": view}

    def _corrections(self) -> View:
        title = self.lang.gettext("Corrections")
        about = self.lang.gettext("Every correction %(publisher)s made, newest first.") % {
            "publisher": self.graph.config.publisher_name
        }
        page = meta(self.graph, title, about, newsroom.CORRECTIONS_PATH, type="website")
        view = newsroom.corrections_view(self.graph, self.lang)
        return {"site": self.site, "page": self._head(page, [], front=False), "corrections": view}

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


def _in_language(tags: list[View], code: str, site_title: str) -> list[View]:
    """Open Graph tags of a page of a multilingual site's other language: its locale and the
    site's name in it."""
    values = {"og:locale": code.replace("-", "_"), "og:site_name": site_title}
    return [{**tag, "content": values.get(tag["key"], tag["content"])} for tag in tags]
