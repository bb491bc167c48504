"""The search index's shards: months of the newest year, older years whole or by quarter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sitegen.config import SiteConfig
from sitegen.content.loader import Loaded
from sitegen.graph.site import YEAR_SHARD_MAX, SiteGraph, link, search_shards

CONFIG = SiteConfig.model_validate({"title": "Shards", "base_url": "https://news.example/"})
NOW = datetime(2021, 12, 31, tzinfo=UTC)


def _graph(make_article: Callable[..., Any], per_year: dict[int, int]) -> SiteGraph:
    articles = []
    for year, count in per_year.items():
        start = datetime(year, 1, 1, tzinfo=UTC)
        step = timedelta(days=364) / count
        for n in range(count):
            articles.append(make_article(f"a-{year}-{n}", date=start + step * n))
    graph, problems = link(Loaded(tuple(articles), (), ()), CONFIG, NOW, False, False)
    assert graph is not None, problems
    return graph


def test_a_small_older_year_is_one_shard(make_article: Callable[..., Any]) -> None:
    shards = search_shards(_graph(make_article, {2019: 30, 2021: 24}))
    assert [k for k in shards if k.startswith("2019")] == ["2019"]
    assert len([k for k in shards if k.startswith("2021-")]) == 12  # months of the newest year
    assert sum(map(len, shards.values())) == 54


def test_a_year_too_large_for_one_pagefind_run_is_split_into_quarters(
    make_article: Callable[..., Any],
) -> None:
    count = YEAR_SHARD_MAX + 1
    shards = search_shards(_graph(make_article, {2019: count, 2020: 10, 2021: 12}))
    assert list(shards)[-5:] == ["2020", "2019-q4", "2019-q3", "2019-q2", "2019-q1"]
    assert sum(len(shards[f"2019-q{q}"]) for q in range(1, 5)) == count
    assert max(len(shards[f"2019-q{q}"]) for q in range(1, 5)) <= YEAR_SHARD_MAX
    # each article is in the quarter of its own date
    assert all(slug.startswith("a-2019-") for slug in shards["2019-q1"])
