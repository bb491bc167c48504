"""A front-matter ``summary`` is inline Markdown: rendered where it is shown (standfirst, cards,
summary-only feed entries), plain text where text is needed (meta description, JSON-LD, feeds'
text fields)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import Tag

from tests.parsing import html_file

ARTICLE = "2021/01/wide-budget-tables/index.html"
PLAIN = "The ministry's spreadsheet — all twelve columns — and Donaudampf"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Path:
    root = kit.copy_fixture_site("wide-content", tmp_path_factory.mktemp("summaries") / "site")
    result = kit.run_cli("build", "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    return Path(root / "public")


def _rendered(element: Tag | None) -> None:
    assert element is not None
    em = element.find("em")
    assert em is not None and em.get_text() == "all twelve columns"
    text = element.get_text()
    assert text.startswith(PLAIN) and "*" not in text and "&mdash;" not in text


def test_standfirst_and_cards_render_the_markdown(public: Path) -> None:
    _rendered(html_file(public / ARTICLE).select_one("p.standfirst"))
    cards = [
        card
        for card in html_file(public / "technology/index.html").select("p.card-summary")
        if card.get_text().startswith("The ministry")
    ]
    assert len(cards) == 1
    _rendered(cards[0])
    ckb = html_file(public / "2021/01/budget-ckb/index.html").select_one("p.standfirst strong")
    assert ckb is not None and ckb.get_text() == "دوازدە ستوون"


def test_text_fields_get_the_plain_text(public: Path) -> None:
    page = html_file(public / ARTICLE)
    description = page.select_one('meta[name="description"]')
    assert description is not None and str(description["content"]).startswith(PLAIN)
    script = page.select_one('script[type="application/ld+json"]')
    assert script is not None
    graph = json.loads(script.get_text())
    items = graph.get("@graph", [graph])
    news = next(item for item in items if item.get("@type") == "NewsArticle")
    assert news["description"].startswith(PLAIN)
    feed = feedparser.parse((public / "feed.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title.startswith("Budget tables"))
    assert entry.summary.startswith(PLAIN)
    items = json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"]
    assert next(i for i in items if i["title"].startswith("Budget"))["summary"].startswith(PLAIN)
