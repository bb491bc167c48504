"""The page head: what a page's ``<head>`` tells browsers, feed readers, search engines and
social networks, built with each page's view.

Each page's head data is its full title, description and canonical URL (:func:`meta`), the
autodiscovery links of its feeds, the hreflang alternates of a page in several languages, the
Open Graph and Twitter/X tags, and its JSON-LD (:mod:`sitegen.syndication.structured`). The theme
prints it in ``partials/head_meta.html``: the meta tags through autoescaped attributes, the
JSON-LD through the ``json_script`` filter (so no value can close the ``<script>`` element).
"""

from __future__ import annotations

from typing import Any

from sitegen.content.models import Image
from sitegen.graph import urls
from sitegen.graph.languages import (
    counterparts,
    front_of,
    hreflang,
    prefix_of,
    section_link,
    switcher,
)
from sitegen.graph.site import SiteGraph
from sitegen.graph.structure import Listing
from sitegen.render import dates
from sitegen.render.pictures import pictures_of
from sitegen.syndication import structured
from sitegen.syndication.feeds import feed_links, feed_listings
from sitegen.syndication.structured import absolute

View = dict[str, Any]


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


class Heads:
    """The head data of every page of one site; what pages share is worked out once."""

    def __init__(
        self, graph: SiteGraph, logo: View | None, code: str, sites: dict[str, View]
    ) -> None:
        self.graph = graph
        self.logo = logo
        """The publisher's logo (:func:`~sitegen.syndication.structured.publisher_logo`)."""
        self.code = code
        """The site's language."""
        self._sites = sites
        """The site view in each interface language, by code (the site's name in it)."""
        self._versions = counterparts(graph)
        """Listing path -> its versions by language (hreflang and switcher of listings)."""
        self._feeds = {id(listing) for listing in feed_listings(graph)}
        self._site_feeds: dict[str, list[View]] = {}

    def site_feed_links(self, code: str = "") -> list[View]:
        """The feeds of the front page of language ``code`` (default: the site's)."""
        code = code or self.code
        if code not in self._site_feeds:
            home = front_of(self.graph, code) if self.graph.config.languages else self.graph.home
            has = bool(self._feeds)
            self._site_feeds[code] = feed_links(self.graph, home) if has else []
        return self._site_feeds[code]

    def page(self, page: View, feeds: list[View], front: bool, code: str = "") -> View:
        """Feed links, social tags and JSON-LD of a page that is not an article; the language
        switcher and hreflang links of a multilingual site's page in ``code``."""
        page["feeds"] = self.site_feed_links(code) + feeds
        page["social"] = social_tags(
            self.graph, page["heading"], page["description"], page["canonical"], self.logo
        )
        page["jsonld"] = structured.front_page_ld(self.graph, self.logo) if front else []
        if self.graph.config.languages:
            code = code or self.code
            versions = self._versions.get(page["path"], {})
            page["switcher"] = switcher(self.graph, code, versions)
            if versions:
                page["alternates"] = hreflang(self.graph, versions)
            if code != self.code:
                page["social"] = _in_language(page["social"], code, self._sites[code]["title"])
                page["jsonld"] = []  # WebSite describes the site once, on the default front page
        return page

    def listing(self, page: View, listing: Listing, code: str) -> View:
        """The head of a listing page: its own feeds too; an author's page is a ProfilePage."""
        graph = self.graph
        feeds = feed_links(graph, listing) if id(listing) in self._feeds else []
        head = self.page(page, feeds, False, code)
        if listing.kind == "author":
            head["jsonld"] = structured.profile_ld(graph, listing.title)
        return head

    def article(self, slug: str, language: str, site: str) -> View:
        """The head of an article page in ``language``; ``site``: the site's name in it."""
        graph = self.graph
        article = graph.articles[slug]
        path = graph.paths[slug]
        page = meta(graph, article.title, article.summary, path, site, type="article")
        page["feeds"] = self.site_feed_links(language)
        page["canonical"] = article.canonical or page["canonical"]
        page["alternates"] = alternates(graph, slug)
        page["social"] = article_social(graph, slug, page["canonical"], self.logo)
        page["jsonld"] = structured.article_ld(graph, slug, page["canonical"], self.logo)
        return page


def alternates(graph: SiteGraph, slug: str) -> list[View]:
    """``hreflang`` links of an article with versions in other languages (for its head and the
    sitemap): every version, this one too, by language, then ``x-default``: the version in the
    site's language, else the first. None for an article in one language only."""
    others = graph.translations.get(slug, ())
    if not others:
        return []
    default = graph.config.language
    base = graph.config.base_url
    versions = sorted(
        (graph.articles[s].language or default, base + graph.paths[s]) for s in (slug, *others)
    )
    fallback = next((href for code, href in versions if code == default), versions[0][1])
    links = [{"hreflang": code, "href": href} for code, href in versions]
    return [*links, {"hreflang": "x-default", "href": fallback}]


def _meta(attr: str, key: str, content: object) -> View:
    return {"attr": attr, "key": key, "content": str(content)}


def _image_tags(graph: SiteGraph, image: Image | None, logo: View | None) -> list[View]:
    pictures = pictures_of(image, graph.config.images)
    width: int | None
    height: int | None
    if pictures is not None and image is not None:
        social = pictures.social
        src, alt, width, height = social.url, image.alt, social.recipe.width, social.recipe.height
    elif image is not None:
        src, alt, width, height = image.url, image.alt, image.width, image.height
    elif logo is not None:
        src, alt = logo["url"], graph.config.publisher_name
        width, height = logo.get("width"), logo.get("height")
    else:
        return []
    tags = [_meta("property", "og:image", absolute(graph, src))]
    if width and height:
        tags += [_meta("property", "og:image:width", width)]
        tags += [_meta("property", "og:image:height", height)]
    tags += [_meta("property", "og:image:alt", alt)]
    tags += [_meta("name", "twitter:image", absolute(graph, src))]
    tags += [_meta("name", "twitter:image:alt", alt)]
    return tags


def social_tags(
    graph: SiteGraph, title: str, description: str, canonical: str, logo: View | None
) -> list[View]:
    """Open Graph and Twitter/X tags of a non-article page (``og:type=website``)."""
    return _common(graph, "website", title, description, canonical, None, logo)


def _common(
    graph: SiteGraph,
    kind: str,
    title: str,
    description: str,
    canonical: str,
    image: Image | None,
    logo: View | None,
) -> list[View]:
    large = image is not None
    tags = [
        _meta("property", "og:type", kind),
        _meta("property", "og:site_name", graph.config.title),
        _meta("property", "og:title", title),
        _meta("property", "og:url", canonical),
        _meta("property", "og:locale", graph.config.language.replace("-", "_")),
    ]
    if description:
        tags.append(_meta("property", "og:description", description))
    tags += _image_tags(graph, image, logo)
    tags.append(_meta("name", "twitter:card", "summary_large_image" if large else "summary"))
    tags.append(_meta("name", "twitter:title", title))
    if description:
        tags.append(_meta("name", "twitter:description", description))
    return tags


def article_social(graph: SiteGraph, slug: str, canonical: str, logo: View | None) -> list[View]:
    """Open Graph ``article`` and Twitter/X ``summary_large_image`` tags of an article."""
    article = graph.articles[slug]
    tags = _common(graph, "article", article.title, article.summary, canonical, article.image, logo)
    tags.append(_meta("property", "article:published_time", dates.iso(article.date)))
    tags.append(_meta("property", "article:modified_time", dates.iso(article.modified)))
    section = section_link(graph.config, article)
    if section:
        tags.append(_meta("property", "article:section", section[0]))
    prefix = prefix_of(article, graph.config)
    for name in article.authors:
        author_url = absolute(graph, prefix + urls.author_path(graph.author_slugs[name]))
        tags.append(_meta("property", "article:author", author_url))
    tags += [_meta("property", "article:tag", tag) for tag in article.tags]
    return tags


def _in_language(tags: list[View], code: str, site_title: str) -> list[View]:
    """Open Graph tags of a page of a multilingual site's other language: its locale and the
    site's name in it."""
    values = {"og:locale": code.replace("-", "_"), "og:site_name": site_title}
    return [{**tag, "content": values.get(tag["key"], tag["content"])} for tag in tags]
