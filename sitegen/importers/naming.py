"""Slugs, sections and old URLs the way a newsroom expects them after a move.

- A slug is the source's own when it is already clean, else made from it (or the headline);
  the oldest article keeps it and later ones get ``-2``, ``-3``... (the report says which).
- An article's URL must not be a listing's (section, tag, author, archive) or another page's.
- An old URL is kept as an alias unless it is the new URL, belongs to something else on the site,
  or cannot be a static path (a query string, an extension other than ``.html``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, tzinfo
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from sitegen.config import SiteConfig
from sitegen.content.models import ArticleMeta
from sitegen.graph import urls
from sitegen.text.slugs import is_valid_slug, slugify

SECTION_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NO_SECTION = frozenset({"uncategorized", "uncategorised", "general", "unsorted"})
"""WordPress's default category and its usual renames: no section rather than a fake one."""
ROOT_FILES = frozenset(
    "feed.xml atom.xml feed.json sitemap.xml news-sitemap.xml robots.txt 404.html _redirects "
    "_headers index.html".split()
)
RESERVED_PREFIXES = ("assets/", "media/")
_PAGINATION = re.compile(r"^(?P<listing>(?:.*/)?)page/\d+/$")


def clean_slug(hint: str, title: str) -> str:
    """The source's slug if clean, else one made from it, else from the headline ("" if none)."""
    text = unquote(hint.strip())
    if is_valid_slug(text):
        return text
    return slugify(text) or slugify(title)


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... the first not in ``taken``."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def section_slug(slug: str, name: str, used: set[str]) -> str:
    """A slug valid for ``sitegen.yaml``'s sections (ASCII letters, digits, hyphens)."""
    for candidate in (slug.casefold(), slugify(slug), slugify(name)):
        if candidate and SECTION_SLUG.match(candidate) and not candidate.isdigit():
            return candidate
    return unique("section", used | {"section"})


def listing_paths(
    config: SiteConfig,
    sections: Iterable[str],
    tags: Iterable[str],
    authors: Iterable[str],
    dates: Iterable[datetime],
) -> set[str]:
    """Every listing path the site will have (front page, sections, tags, authors, archives)."""
    found = {urls.HOME}
    found |= {urls.section_path(s) for s in sections}
    found |= {urls.tag_path(slugify(t)) for t in tags if slugify(t)}
    found |= {urls.author_path(slugify(a)) for a in authors if slugify(a)}
    for when in dates:
        local = when.astimezone(config.tz)
        found |= {urls.year_path(local.year), urls.month_path(local.year, local.month)}
    return found


def article_path(config: SiteConfig, when: datetime, slug: str, section: str | None) -> str:
    return urls.permalink_path(config.permalink, when.astimezone(config.tz), slug, section)


def alias_candidate(raw: str, base_path: str) -> tuple[str | None, str]:
    """An old URL as an alias path (``/x/``), or None with the reason it cannot be one."""
    parts = urlsplit(raw.strip())
    if parts.query:
        return None, "has a query string, which a static host cannot redirect"
    path = unquote(parts.path)
    if not path.startswith("/"):
        return None, "is not a path"
    if base_path != "/" and path.startswith(base_path):
        path = "/" + path[len(base_path) :]
    last = path.rsplit("/", 1)[-1]
    if last and "." in last and not last.endswith(".html"):
        return None, "is a file other than .html"
    if last and not last.endswith(".html"):
        path += "/"
    if path == "/" or not _valid_alias(path):
        return None, "is not a path sitegen can publish"
    return path, ""


def _valid_alias(path: str) -> bool:
    """Whether sitegen's own front-matter rules accept ``path`` as an alias."""
    try:
        ArticleMeta.model_validate({"title": "t", "date": "2000-01-01", "aliases": [path]})
    except ValidationError:
        return False
    return True


def alias_output(alias: str) -> str:
    """The file an alias is written to (as :func:`sitegen.syndication.hosting.alias_file` does)."""
    rel = alias.lstrip("/")
    return rel if rel.endswith(".html") else f"{rel}index.html"


def clashes(output: str, listings: set[str], taken: set[str]) -> str | None:
    """Why an alias writing ``output`` cannot be kept, or None if it can."""
    if output in taken:
        return "is already the URL of something else on the site"
    if output in ROOT_FILES or output.startswith(RESERVED_PREFIXES):
        return "is a file sitegen writes itself"
    folder = output.removesuffix("index.html")
    if folder in listings:
        return "is a listing page (section, tag, author or archive)"
    pagination = _PAGINATION.match(folder)
    if pagination and pagination["listing"] in listings:
        return "is a page of a listing"
    return None


def local_year(when: datetime, tz: tzinfo) -> int:
    return when.astimezone(tz).year
