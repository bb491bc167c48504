"""URL policy: every internal URL is a site-relative POSIX path ('' is the front page).

Paths never start with '/', always end with '/' for pages, and are made only from slugs and
numbers, so they cannot climb out of the output folder.
"""

from __future__ import annotations

from sitegen.content.models import Article
from sitegen.permalinks import compiled, fill

HOME = ""


def article_path(pattern: str, article: Article) -> str:
    """Site-relative path of an article from the configured permalink pattern."""
    local = article.date
    values = {
        "year": f"{local.year:04d}",
        "month": f"{local.month:02d}",
        "day": f"{local.day:02d}",
        "slug": article.slug,
        "section": article.section or "news",
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
