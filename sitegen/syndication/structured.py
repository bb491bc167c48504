"""Structured data and social cards: schema.org JSON-LD, Open Graph and Twitter/X tags.

Everything here is plain data computed at plan time from the SiteGraph; the theme prints the
JSON-LD through the ``json_script`` filter (so no value can close the ``<script>`` element) and
the meta tags through autoescaped attributes.
"""

from __future__ import annotations

from typing import Any

from sitegen.content.models import Article, Image
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


def profile_ld(graph: SiteGraph, name: str) -> list[View]:
    """``ProfilePage`` of an author page, its ``mainEntity`` the author's Person."""
    return [{"@context": SCHEMA, "@type": "ProfilePage", "mainEntity": person(graph, name)}]
