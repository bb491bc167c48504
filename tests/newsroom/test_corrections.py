"""Corrections and updates: at the end of the article, flagged under the headline, in JSON-LD
(``correction``, ``dateModified``), in feeds and sitemaps (the modified time), on the corrections
page newest first; updates of a developing story newest first above the body."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import feedparser

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
AT = "2026-03-10T00:00:00+03:00"


def _site(newsroom: Any) -> Any:
    newsroom.write(
        "minister-visit",
        date="2026-03-01T09:00:00+03:00",
        section="politics",
        corrections=[
            {"date": "2026-03-02T10:00:00+03:00", "text": "An earlier version misspelt the name."},
            {"date": "2026-03-04", "text": "The visit was on *Monday*, not Tuesday."},
        ],
    )
    newsroom.write(
        "budget-vote",
        date="2026-03-03T09:00:00+03:00",
        section="economy",
        corrections=[{"date": "2026-03-03T18:00:00+03:00", "text": "The total is 12 billion."}],
        updates=[
            {"date": "2026-03-03T12:00:00+03:00", "text": "Parliament adjourned."},
            {"date": "2026-03-03T15:30:00+03:00", "text": "The vote passed."},
        ],
    )
    newsroom.write("clean-story", date="2026-03-05T09:00:00+03:00", section="economy")
    newsroom.build(AT)
    return newsroom


def test_corrections_at_the_end_and_flagged_under_the_headline(newsroom: Any, ld: Any) -> None:
    site = _site(newsroom)
    page = site.page("2026/03/minister-visit")
    flag = page.select_one(".article-header .corrected-flag")
    assert flag is not None and flag.get_text(" ", strip=True) == "Corrected 4 March 2026"
    assert flag.a["href"] == "#corrections"
    section = page.select_one("section#corrections")
    assert section is not None
    items = [li.get_text(" ", strip=True) for li in section.select("ol > li")]
    assert items == [
        "2 March 2026, 10:00 : An earlier version misspelt the name.",
        "4 March 2026, 00:00 : The visit was on Monday , not Tuesday.",
    ]
    assert section.select_one("li em").get_text() == "Monday"  # inline Markdown
    # after the body
    body = page.select_one(".article-body")
    assert body in section.find_all_previous("div")
    news = next(x for x in ld(page) if x["@type"] == "NewsArticle")
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "An earlier version misspelt the name.",
            "datePublished": "2026-03-02T10:00:00+03:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "The visit was on Monday, not Tuesday.",
            "datePublished": "2026-03-04T00:00:00+03:00",
        },
    ]
    assert news["datePublished"] == "2026-03-01T09:00:00+03:00"
    assert news["dateModified"] == "2026-03-04T00:00:00+03:00"
    clean = site.page("2026/03/clean-story")
    assert clean.select_one(".corrected-flag") is None and clean.select_one("#corrections") is None
    assert "correction" not in next(x for x in ld(clean) if x["@type"] == "NewsArticle")


def test_modified_time_moves_in_feeds_and_sitemaps(newsroom: Any) -> None:
    site = _site(newsroom)
    feed = feedparser.parse((site.out / "atom.xml").read_bytes())
    updated = {e.link.rsplit("/", 2)[-2]: e.updated for e in feed.entries}
    assert updated["minister-visit"] == "2026-03-04T00:00:00+03:00"
    assert updated["budget-vote"] == "2026-03-03T18:00:00+03:00"
    root = ET.parse(site.out / "sitemap.xml").getroot()
    lastmod = {
        u.findtext(f"{SM}loc", "").rsplit("/", 2)[-2]: u.findtext(f"{SM}lastmod")
        for u in root.iter(f"{SM}url")
    }
    assert lastmod["minister-visit"].startswith("2026-03-04T00:00:00")


def test_corrections_page_lists_every_correction_newest_first(newsroom: Any) -> None:
    site = _site(newsroom)
    page = site.page("corrections")
    assert page.h1.get_text() == "Corrections"
    rows = [
        (li.time["datetime"], li.a["href"], li.select_one(".correction-text").get_text())
        for li in page.select(".corrections-list > li")
    ]
    assert rows == [
        (
            "2026-03-04T00:00:00+03:00",
            "/2026/03/minister-visit/#corrections",
            "The visit was on Monday, not Tuesday.",
        ),
        (
            "2026-03-03T18:00:00+03:00",
            "/2026/03/budget-vote/#corrections",
            "The total is 12 billion.",
        ),
        (
            "2026-03-02T10:00:00+03:00",
            "/2026/03/minister-visit/#corrections",
            "An earlier version misspelt the name.",
        ),
    ]
    footer = site.page("").select_one(".site-footer")
    assert footer.find("a", string="Corrections")["href"] == "/corrections/"


def test_no_corrections_no_page(newsroom: Any) -> None:
    newsroom.write("clean-story", date="2026-03-05T09:00:00+03:00")
    newsroom.build(AT)
    assert not newsroom.exists("corrections")
    assert newsroom.page("").find("a", string="Corrections") is None


def test_updates_newest_first_above_the_body(newsroom: Any, ld: Any) -> None:
    site = _site(newsroom)
    page = site.page("2026/03/budget-vote")
    updates = page.select_one("section#updates")
    assert updates is not None
    assert [li.time["datetime"] for li in updates.select("li")] == [
        "2026-03-03T15:30:00+03:00",
        "2026-03-03T12:00:00+03:00",
    ]
    assert updates.find_next("div", class_="article-body") is not None
    times = page.select_one(".times .updated time")
    assert times["datetime"] == "2026-03-03T15:30:00+03:00"
    news = next(x for x in ld(page) if x["@type"] == "NewsArticle")
    assert news["dateModified"] == "2026-03-03T18:00:00+03:00"  # the later correction


def test_a_correction_rerenders_the_article_and_the_corrections_page(newsroom: Any) -> None:
    site = _site(newsroom)
    site.write(
        "clean-story",
        date="2026-03-05T09:00:00+03:00",
        section="economy",
        corrections=[{"date": "2026-03-06", "text": "A figure was wrong."}],
    )
    site.build(AT)
    assert site.page("2026/03/clean-story").select_one("#corrections") is not None
    items = site.page("corrections").select(".corrections-list > li")
    assert items[0].a["href"] == "/2026/03/clean-story/#corrections"
