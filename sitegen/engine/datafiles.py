"""Plan hook for the site's feeds, sitemaps and robots.txt.

:func:`syndication_jobs` declares the feed, sitemap and robots.txt files from the SiteGraph,
the sitemaps from the plan memo while it still holds them; nothing is rendered here. What each
format holds and its bytes are in :mod:`sitegen.syndication`.
"""

from __future__ import annotations

from sitegen.content.bodies import Bodies
from sitegen.content.discover import STATIC_DIR
from sitegen.content.sitefiles import SiteFiles
from sitegen.engine.jobs import DataJob, Job
from sitegen.engine.planmemo import PageMemo
from sitegen.graph.site import SiteGraph
from sitegen.syndication import structured
from sitegen.syndication.feeds import feed_jobs, feed_listings
from sitegen.syndication.sitemaps import news_data, plan_sitemaps, sitemap_facts, sitemap_prefixes


def syndication_jobs(
    graph: SiteGraph, files: SiteFiles, bodies: Bodies, known: PageMemo | None = None
) -> list[Job]:
    """The feed, sitemap and robots.txt files of the site (a ``robots.txt`` of ``static/``
    replaces the one made here)."""
    out: list[Job] = []
    for listing in feed_listings(graph):
        out += feed_jobs(graph, files, bodies, listing)
    out += _sitemap_jobs(graph, known)
    if graph.config.sitemaps.news:
        out.append(DataJob("news-sitemap.xml", "news-sitemap", news_data(graph)))
    if graph.config.sitemaps.robots and f"{STATIC_DIR}/robots.txt" not in files.stamps:
        names = [f"{prefix}sitemap.xml" for prefix in sorted(sitemap_prefixes(graph))]
        names += ["news-sitemap.xml"] if graph.config.sitemaps.news else []
        urls = [structured.absolute(graph, name) for name in names]
        out.append(DataJob("robots.txt", "robots", {"sitemaps": urls}))
    return out


def _sitemap_jobs(graph: SiteGraph, known: PageMemo | None) -> list[DataJob]:
    """The sitemap files: from the plan memo while no article's lastmod or canonical changed."""
    found = known.sitemaps(sitemap_facts) if known else None
    if found is None:
        found = plan_sitemaps(graph)
    if known:
        known.keep_sitemaps(found, sitemap_facts)
    return found
