"""The front page's furniture: logo and today's date in the masthead, bylines and times on
cards, the second column (editor's picks, else the newest of each section), the footer's feeds,
social links and copyright line, and share links on articles."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


AT = "2026-03-10T10:00:00+03:00"


def _site(newsroom: Any, **config: Any) -> Any:
    newsroom.config(**config)
    newsroom.write("p1", date="2026-03-01T09:00:00+03:00", section="politics", author="Ava Karim")
    newsroom.write("p2", date="2026-03-02T09:00:00+03:00", section="politics", pick=True)
    newsroom.write("e1", date="2026-03-03T09:00:00+03:00", section="economy", source="ESTA")
    newsroom.write("e2", date="2026-03-04T09:00:00+03:00", section="economy", author="Lana Hassan")
    newsroom.write("lead", date="2026-03-05T09:00:00+03:00", section="politics", featured=True)
    return newsroom


def _picks(site: Any) -> tuple[str, list[str]]:
    aside = site.page("").select_one("aside.picks")
    heading = aside.h2.get_text()
    return heading, [a["href"].strip("/").rsplit("/", 1)[-1] for a in aside.select("h3 a")]


def test_masthead_logo_and_todays_date(newsroom: Any) -> None:
    site = _site(newsroom, front_page={"date": True})
    site.build(AT)
    front = site.page("")
    logo = front.select_one(".masthead .site-title img.site-logo")
    assert logo["src"] == "/images/logo.png" and (logo["width"], logo["height"]) == ("600", "60")
    date = front.select_one(".masthead .masthead-date")
    assert date.get_text() == "Tuesday, 10 March 2026"  # CLDR en_GB, full date
    assert site.page("2026/03/p1").select_one(".masthead-date") is None


def test_the_date_changes_at_midnight(newsroom: Any) -> None:
    site = _site(newsroom, front_page={"date": True})
    built = site.build("2026-03-10T23:00:00+03:00")
    assert "Next change 2026-03-11 00:00 +03:00: 1 new date on the front page." in built.output
    article = (site.out / "2026/03/p1/index.html").stat().st_mtime_ns
    site.build("2026-03-11T00:00:00+03:00")
    assert site.page("").select_one(".masthead-date").get_text() == "Wednesday, 11 March 2026"
    assert (site.out / "2026/03/p1/index.html").stat().st_mtime_ns == article  # not re-rendered
    off = site.run("next-change", "--json", at="2026-03-10T23:00:00+03:00")
    assert json.loads(off.output)["events"][0]["kind"] == "front-page-date"
    site.config(front_page={"date": False})
    site.build("2026-03-11T01:00:00+03:00")
    assert site.page("").select_one(".masthead-date") is None
    later = json.loads(site.run("next-change", "--json", at="2026-03-11T01:00:00+03:00").output)
    assert "front-page-date" not in {e["kind"] for e in later["upcoming"]}


def test_cards_show_byline_and_time(newsroom: Any) -> None:
    site = _site(newsroom)
    site.build(AT)
    front = site.page("")
    card = front.find("a", href="/2026/03/e2/").find_parent("article")
    meta = card.select_one(".card-meta")
    assert meta.select_one(".card-byline").get_text() == "By Lana Hassan"
    assert meta.time.get_text() == "4 March 2026, 09:00"
    wire = front.find("a", href="/2026/03/e1/").find_parent("article")
    assert wire.select_one(".card-byline").get_text() == "ESTA"


def test_second_column_picks_then_newest_per_section(newsroom: Any) -> None:
    site = _site(newsroom, front_page={"picks": ["e1", "lead"]})
    site.build(AT)
    # configured picks in order, then pick: true; the lead story is already at the top
    assert _picks(site) == ("Editor's picks", ["e1", "p2"])
    site.config(front_page={"picks_count": 1, "picks": ["e2"]})
    site.build(AT)
    assert _picks(site) == ("Editor's picks", ["e2"])
    site.config()
    site.write("p2", date="2026-03-02T09:00:00+03:00", section="politics")  # no longer a pick
    site.build(AT)
    assert _picks(site) == ("From the sections", ["p2", "e2"])


def test_footer_feeds_social_and_copyright(newsroom: Any) -> None:
    site = _site(newsroom, social={"Mastodon": "https://mastodon.social/@news"})
    site.build(AT)
    footer = site.page("2026/03/p1").select_one("footer.site-footer")
    feeds = {a.get_text(): a["href"] for a in footer.select(".footer-feeds a")}
    assert feeds == {
        "RSS": "https://news.example.org/feed.xml",
        "Atom": "https://news.example.org/atom.xml",
        "JSON Feed": "https://news.example.org/feed.json",
    }
    for href in feeds.values():
        assert (site.out / urlsplit(href).path.lstrip("/")).is_file()
    social = footer.select_one(".footer-social a")
    assert (social.get_text(), social["href"]) == ("Mastodon", "https://mastodon.social/@news")
    assert footer.select_one(".copyright").get_text() == "© 2026 Test Agency"
    org = next(x for x in json_ld(site.page("")) if x["@type"] == "Organization")
    assert org["sameAs"] == ["https://mastodon.social/@news"]
    site.config(copyright="© Test Agency and its reporters")
    site.build(AT)
    assert site.page("").select_one(".copyright").get_text() == "© Test Agency and its reporters"


def test_share_links_are_plain_urls(newsroom: Any) -> None:
    site = _site(newsroom)
    site.build(AT)
    page = site.page("2026/03/p1")
    links = {a.get_text(): a["href"] for a in page.select("section.share a")}
    assert list(links) == ["Email", "X", "Facebook", "WhatsApp", "Telegram", "LinkedIn"]
    url = "https://news.example.org/2026/03/p1/"
    x = urlsplit(links["X"])
    assert x.netloc == "x.com" and parse_qs(x.query) == {"text": ["P1"], "url": [url]}
    assert parse_qs(urlsplit(links["Facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["Email"]).query) == {"subject": ["P1"], "body": [url]}
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"] * 2
    assert not page.find_all("iframe")
