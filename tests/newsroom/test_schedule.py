"""Scheduling: ``expires:`` takes an article out of the site, and ``build``, ``check`` and
``next-change`` say when the output next changes by the clock alone."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import feedparser

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _site(newsroom: Any) -> Any:
    newsroom.write("old-story", date="2026-03-01T09:00:00+03:00", section="politics")
    newsroom.write(
        "wire-copy",
        date="2026-03-02T09:00:00+03:00",
        expires="2026-03-05T12:00:00+03:00",
        section="politics",
    )
    newsroom.write("embargoed", date="2026-03-06T08:00:00+03:00", section="economy")
    return newsroom


def _listed(newsroom: Any) -> dict[str, bool]:
    """Where ``wire-copy`` appears in the built output."""
    home = newsroom.page("")
    section = newsroom.page("politics")
    feed = feedparser.parse((newsroom.out / "feed.xml").read_bytes())
    sitemap = ET.parse(newsroom.out / "sitemap.xml").getroot()
    locs = [loc.text or "" for loc in sitemap.iter(f"{SM}loc")]
    return {
        "home": any("wire-copy" in a["href"] for a in home.select("a[href]")),
        "section": any("wire-copy" in a["href"] for a in section.select("a[href]")),
        "feed": any("wire-copy" in e.link for e in feed.entries),
        "sitemap": any("wire-copy" in loc for loc in locs),
        "page": newsroom.exists("2026/03/wire-copy"),
    }


def test_an_expired_article_leaves_listings_feeds_sitemaps_and_its_page(newsroom: Any) -> None:
    site = _site(newsroom)
    site.build("2026-03-05T08:00:00+03:00")
    assert set(_listed(site).values()) == {True}
    site.build("2026-03-05T12:00:00+03:00")  # the expiry instant itself: gone
    assert set(_listed(site).values()) == {False}
    feed = feedparser.parse((site.out / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Old Story"]


def test_build_and_check_print_the_next_change(newsroom: Any) -> None:
    site = _site(newsroom)
    built = site.build("2026-03-05T08:00:00+03:00")
    line = "Next change 2026-03-05 12:00 +03:00: 1 expiring."
    assert line in built.output.splitlines()
    checked = site.run("check", at="2026-03-05T08:00:00+03:00")
    assert checked.exit_code == 0 and line in checked.output.splitlines()
    # a no-op rebuild (nothing changed, same window) says the same
    again = site.build("2026-03-05T09:00:00+03:00")
    assert "0 rendered, 0 written" in again.output and line in again.output.splitlines()
    later = site.build("2026-03-05T13:00:00+03:00")
    assert "Next change 2026-03-06 08:00 +03:00: 1 article due." in later.output.splitlines()


def test_due_and_expiring_at_one_instant_are_counted_together(newsroom: Any) -> None:
    newsroom.write("a", date="2026-03-01T09:00:00+03:00", expires="2026-03-04T09:00:00+03:00")
    newsroom.write("b", date="2026-03-04T09:00:00+03:00")
    result = newsroom.run("next-change", at="2026-03-03T12:00:00+03:00")
    assert result.output == "Next change 2026-03-04 09:00 +03:00: 1 article due, 1 expiring.\n"


def test_next_change_json_at_a_build_time(newsroom: Any) -> None:
    site = _site(newsroom)
    result = site.run("next-change", "--json", at="2026-03-05T08:00:00+03:00")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["build_time"] == "2026-03-05T08:00:00+03:00"
    assert data["next_change"] == "2026-03-05T12:00:00+03:00"
    assert data["next_change_utc"] == "2026-03-05T09:00:00Z"
    assert data["in_seconds"] == 4 * 3600
    assert data["summary"] == "1 expiring"
    assert data["events"] == [
        {
            "at": "2026-03-05T12:00:00+03:00",
            "kind": "expiring",
            "file": "content/articles/wire-copy.md",
        }
    ]
    kinds = [(e["kind"], e["file"].rsplit("/", 1)[1]) for e in data["upcoming"]]
    assert kinds == [
        ("expiring", "wire-copy.md"),
        ("due", "embargoed.md"),
        ("news-sitemap", "embargoed.md"),
    ]
    calendar = site.run("next-change", "--calendar", at="2026-03-05T08:00:00+03:00")
    assert calendar.output == "2026-03-05 09:00:00 UTC\n"
    assert not (site.root / "public").exists()  # next-change writes nothing


def test_nothing_scheduled(newsroom: Any) -> None:
    newsroom.write("a", date="2020-03-01T09:00:00+03:00")
    result = newsroom.run("next-change", "--json", at="2026-01-01T00:00:00Z")
    data = json.loads(result.output)
    assert data["next_change"] is None and data["upcoming"] == []
    assert newsroom.run("next-change", at="2026-01-01T00:00:00Z").output == "No change scheduled.\n"
    assert newsroom.run("next-change", "--calendar", at="2026-01-01").output == "\n"


def test_a_pin_to_an_expired_article_is_a_warning_not_a_failure(newsroom: Any) -> None:
    site = _site(newsroom)
    site.write(
        "follow-up",
        date="2026-03-03T09:00:00+03:00",
        related=["wire-copy"],
        previous="wire-copy",
    )
    result = site.build("2026-03-06T00:00:00+03:00")
    assert "follow-up.md" in result.output and "'wire-copy' has expired" in result.output
    page = site.page("2026/03/follow-up")
    assert not [a for a in page.select("a[href]") if "wire-copy" in a["href"]]


def test_drafts_coming_due_change_nothing_unless_built(newsroom: Any) -> None:
    newsroom.write("draft", date="2026-03-04T09:00:00+03:00", draft=True)
    at = "2026-03-01T00:00:00+03:00"
    assert newsroom.run("next-change", at=at).output == "No change scheduled.\n"
    with_drafts = newsroom.run("next-change", "--drafts", at=at).output
    assert with_drafts.startswith("Next change 2026-03-04 09:00 +03:00: 1 article due")
