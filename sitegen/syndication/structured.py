"""Structured data: the schema.org JSON-LD of a page's head, and the publisher's logo it names.

Everything here is plain data computed from the SiteGraph with each page's view (the page head
is put together in :mod:`sitegen.syndication.head`); the theme prints the JSON-LD through the
``json_script`` filter, so no value can close the ``<script>`` element.
"""

from __future__ import annotations

from typing import Any

from sitegen.content.models import Article
from sitegen.content.newsroom import AUTHOR_ROLES, SCHEMA_TYPES
from sitegen.graph import urls
from sitegen.graph.languages import prefix_of, section_link
from sitegen.graph.site import SiteGraph
from sitegen.render import dates
from sitegen.render.newsroom import correction_ld, live_ld
from sitegen.render.pictures import pictures_of
from sitegen.render.views import dateline

View = dict[str, Any]
SCHEMA = "https://schema.org"


def absolute(graph: SiteGraph, path: str) -> str:
    """Absolute URL of a site-relative path or an image URL (external URLs pass through)."""
    if path.startswith(("http://", "https://")):
        return path
    return graph.config.base_url + path


def organization(graph: SiteGraph, logo: View | None) -> View:
    """The publisher as a schema.org Organization (with its logo when configured)."""
    org: View = {"@type": "Organization", "name": graph.config.publisher_name}
    org["url"] = graph.config.base_url
    if logo:
        org["logo"] = {"@type": "ImageObject", **logo}
    if graph.config.social:
        org["sameAs"] = list(graph.config.social.values())
    return org


def publisher_logo(graph: SiteGraph, size: tuple[int, int] | None) -> View | None:
    """The configured logo as an absolute URL, with its pixel ``size`` when it could be read
    (:attr:`sitegen.content.sitefiles.SiteFiles.logo_size`)."""
    publisher = graph.config.publisher
    if publisher is None or not publisher.logo:
        return None
    logo: View = {"url": absolute(graph, publisher.logo.lstrip("/"))}
    if size:
        logo["width"], logo["height"] = size
    return logo


def person(graph: SiteGraph, name: str, prefix: str = "") -> View:
    """A byline's Person: the author page as ``url``; job title, portrait and the profiles of
    ``sitegen.yaml``'s ``authors:`` (``sameAs``) when given."""
    found: View = {
        "@type": "Person",
        "name": name,
        "url": absolute(graph, prefix + urls.author_path(graph.author_slugs[name])),
    }
    profile = graph.config.authors.get(name)
    if profile is None:
        return found
    if profile.title:
        found["jobTitle"] = profile.title
    if profile.photo:
        found["image"] = absolute(graph, profile.photo.lstrip("/"))
    same = [profile.url] if profile.url and profile.url.startswith(("http://", "https://")) else []
    same += list(profile.social.values())
    if same:
        found["sameAs"] = list(dict.fromkeys(same))
    return found


def _people(graph: SiteGraph, article: Article) -> View:
    """``author`` (a Person per writer or reporter, else the wire or agency, else the
    publisher), with ``editor`` and ``contributor`` (photos, video...) when the byline has
    them."""
    roles = article.roles or ("",) * len(article.authors)
    prefix = prefix_of(article, graph.config)  # the author page in the article's language
    by_property: dict[str, list[View]] = {}
    for name, role in zip(article.authors, roles, strict=True):
        key = "author" if role in AUTHOR_ROLES else "editor" if role == "editing" else "contributor"
        by_property.setdefault(key, []).append(person(graph, name, prefix))
    if "author" not in by_property:
        name = article.source or graph.config.publisher_name
        by_property["author"] = [{"@type": "Organization", "name": name}]
    return {
        key: by_property[key] for key in ("author", "editor", "contributor") if key in by_property
    }


def _breadcrumbs(graph: SiteGraph, article: Article, path: str) -> View:
    crumbs = [("Home", prefix_of(article, graph.config))]
    section = section_link(graph.config, article)
    if section:
        crumbs.append(section)
    crumbs.append((article.title, path))
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(graph, where)}
            for i, (name, where) in enumerate(crumbs, 1)
        ],
    }


def article_ld(graph: SiteGraph, slug: str, canonical: str, logo: View | None) -> list[View]:
    """``NewsArticle`` (or the schema.org type of the article's ``type:``) and
    ``BreadcrumbList`` for one article page."""
    article = graph.articles[slug]
    path = graph.paths[slug]
    section = graph.config.section(article.section) if article.section else None
    news: View = {
        "@context": SCHEMA,
        "@type": SCHEMA_TYPES[article.type],
        "headline": article.title,
        "description": article.summary,
        "url": absolute(graph, path),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": dates.iso(article.date),
        "dateModified": dates.iso(article.modified),
        **_people(graph, article),
        "publisher": organization(graph, logo),
        "inLanguage": article.language or graph.config.language,
    }
    if article.id:
        news["identifier"] = f"urn:uuid:{article.id}"
    if article.image:
        pictures = pictures_of(article.image, graph.config.images)
        shapes = [v.url for v in pictures.shapes] if pictures else [article.image.url]
        news["image"] = [absolute(graph, url) for url in dict.fromkeys(shapes)]
    place = dateline(article).removesuffix("—").strip()
    if place:
        news["dateline"] = place
    if section:
        news["articleSection"] = section.name
    if article.tags:
        news["keywords"] = list(article.tags)
    if article.corrections:
        news["correction"] = correction_ld(article.corrections)
    if article.type == "live":
        news.update(live_ld(article, absolute(graph, path)))
    return [news, _breadcrumbs(graph, article, path)]


def front_page_ld(graph: SiteGraph, logo: View | None) -> list[View]:
    """``WebSite`` and ``Organization`` for the front page."""
    site: View = {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": graph.config.title,
        "url": graph.config.base_url,
        "inLanguage": graph.config.language,
        "publisher": {"@type": "Organization", "name": graph.config.publisher_name},
    }
    if graph.config.description:
        site["description"] = graph.config.description
    return [site, {"@context": SCHEMA, **organization(graph, logo)}]


def profile_ld(graph: SiteGraph, name: str) -> list[View]:
    """``ProfilePage`` of an author page, its ``mainEntity`` the author's Person."""
    return [{"@context": SCHEMA, "@type": "ProfilePage", "mainEntity": person(graph, name)}]
