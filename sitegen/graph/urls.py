"""URL policy: every internal URL is a site-relative POSIX path ('' is the front page).

Paths never start with '/', always end with '/' for pages, and are made only from slugs and
numbers, so they cannot climb out of the output folder.
"""

from __future__ import annotations

from datetime import datetime

from sitegen.content.models import Article
from sitegen.text.permalinks import compiled, fill

HOME = ""
SEARCH_PATH = "search/"
"""The search page (when ``search`` is on)."""
CORRECTIONS_PATH = "corrections/"
"""The corrections page (when an article has ``corrections:``)."""
SEARCH_BUNDLE = "pagefind/"
"""The folder of the Pagefind index: sitegen replaces it whole after each build that changed an
article page, so nothing else may be published there."""


def article_path(pattern: str, article: Article) -> str:
    """Site-relative path of an article from the configured permalink pattern."""
    return permalink_path(pattern, article.date, article.slug, article.section)


def permalink_path(pattern: str, local: datetime, slug: str, section: str | None) -> str:
    """The permalink pattern filled in; ``local`` is the date in the site's timezone."""
    values = {
        "year": f"{local.year:04d}",
        "month": f"{local.month:02d}",
        "day": f"{local.day:02d}",
        "slug": slug,
        "section": section or "news",
    }
    return fill(compiled(pattern), values).lstrip("/")


def page_path(slug: str) -> str:
    """Site-relative path of a standalone page."""
    return f"{slug}/"


def section_path(slug: str) -> str:
    return f"{slug}/"


def tag_path(slug: str) -> str:
    return f"tag/{slug}/"


def author_path(slug: str) -> str:
    return f"author/{slug}/"


def year_path(year: int) -> str:
    return f"{year:04d}/"


def month_path(year: int, month: int) -> str:
    return f"{year:04d}/{month:02d}/"


def output_file(path: str) -> str:
    """The file a page path is written to: ``a/b/`` -> ``a/b/index.html``."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path
