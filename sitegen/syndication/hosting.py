"""Files static hosts read: redirect pages for old URLs, ``_redirects`` and ``_headers``.

``_redirects`` and ``_headers`` use the format Netlify and Cloudflare Pages share. Hosts that do
not read them (GitHub Pages, S3) still get a redirect page at every old URL.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sitegen.config.deploy import default_cache_rules
from sitegen.engine.jobs import DataJob, RenderJob, ViewRef
from sitegen.graph.site import SiteGraph
from sitegen.syndication.headers import cache_control, is_fingerprinted

SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


def alias_file(alias: str) -> str:
    """Output file of an old URL: ``old/path/`` and ``old/path`` -> ``old/path/index.html``."""
    if alias.endswith("/"):
        return f"{alias}index.html"
    if PurePosixPath(alias).suffix.lower() in (".html", ".htm"):
        return alias
    return f"{alias}/index.html"


def redirect_jobs(graph: SiteGraph) -> list[RenderJob]:
    """A small HTML page at every alias that sends readers (and crawlers) to the article."""
    return [job for slug in graph.newest_first for job in redirect_jobs_of(graph, slug)]


def redirect_jobs_of(graph: SiteGraph, slug: str) -> list[RenderJob]:
    """The redirect pages of the article ``slug``'s aliases."""
    article = graph.articles[slug]
    view = ViewRef("redirect", slug)
    return [
        RenderJob(alias_file(alias), "redirect.html", view, None, (article.file,))
        for alias in article.aliases
    ]


def redirects_file(graph: SiteGraph) -> DataJob:
    """``_redirects``: one permanent (301) rule per alias, sorted."""
    base = graph.config.base_path
    rules = sorted(
        f"{base}{alias} {base}{graph.paths[slug]} 301"
        for slug in graph.newest_first
        for alias in graph.articles[slug].aliases
    )
    return _text_job("_redirects", rules)


def headers_file(outputs: list[str]) -> DataJob:
    """``_headers``: security headers for every path, long-lived caching for hashed assets.

    HTML, feeds and sitemaps get no Cache-Control here: these hosts revalidate by default, and a
    second matching rule would be merged into the first rather than replace it.
    """
    lines = ["/*", *(f"  {name}: {value}" for name, value in SECURITY_HEADERS)]
    rules = default_cache_rules()
    for path in sorted(p for p in outputs if is_fingerprinted(p)):
        lines += [f"/{path}", f"  Cache-Control: {cache_control(path, rules)}"]
    return _text_job("_headers", lines)


def _text_job(output: str, lines: list[str]) -> DataJob:
    return DataJob(output, "lines", {"lines": lines})
