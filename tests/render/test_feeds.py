"""Feeds parsed with feedparser: valid, complete, absolute, stable ids, lead images."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner
from syndication_site import ARTICLES, BASE_URL, BUILD_TIME, build_site, parse_page, write_site

from sitegen.commands.cli import main

FEED_FILES = ("feed.xml", "atom.xml", "feed.json")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def _parse(path: Path) -> Any:
    """feedparser for RSS and Atom; JSON Feed (which feedparser 6.0 does not read) is checked
    against the JSON Feed 1.1 spec's required fields and returned in feedparser's shape."""
    if path.suffix == ".json":
        return _json_feed(path)
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def _json_feed(path: Path) -> Any:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(doc["title"], str) and isinstance(doc["items"], list)
    entries = []
    for item in doc["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        published = datetime.fromisoformat(item["date_published"])
        assert published.tzinfo is not None
        assert published <= datetime.fromisoformat(item["date_modified"])
        entries.append(
            feedparser.FeedParserDict(
                id=item["id"],
                title=item["title"],
                link=item["url"],
                published_parsed=published.utctimetuple(),
                content=[feedparser.FeedParserDict(value=item["content_html"])],
            )
        )
    feed = feedparser.FeedParserDict(title=doc["title"], link=doc["home_page_url"])
    return feedparser.FeedParserDict(version="json11", feed=feed, entries=entries)


def _built_file(out: Path, url: str) -> Path:
    assert url.startswith(BASE_URL), url
    rel = url[len(BASE_URL) :].split("#")[0]
    target = out / rel
    return target / "index.html" if rel == "" or rel.endswith("/") else target


@pytest.mark.parametrize("folder", ["", "politics/", "economy/"])
@pytest.mark.parametrize("name", FEED_FILES)
def test_every_feed_parses_with_complete_entries(site: Path, folder: str, name: str) -> None:
    parsed = _parse(site / folder / name)
    assert (
        parsed.version == {"feed.xml": "rss20", "atom.xml": "atom10", "feed.json": "json11"}[name]
    )
    assert parsed.feed.title
    assert parsed.feed.link == BASE_URL + folder
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.title and entry.id and entry.published_parsed
        assert entry.link.startswith(BASE_URL)
        assert _built_file(site, entry.link).is_file()


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feed_names_itself(site: Path, name: str) -> None:
    parsed = _parse(site / name)
    selves = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert selves == [BASE_URL + name]


def test_json_feed_is_version_1_1_with_its_own_url(site: Path) -> None:
    doc = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == BASE_URL + "feed.json"
    assert all(item["id"] and item["url"].startswith(BASE_URL) for item in doc["items"])


def test_rss_dates_are_rfc_822(site: Path) -> None:
    text = (site / "feed.xml").read_text(encoding="utf-8")
    dates = re.findall(r"<pubDate>([^<]+)</pubDate>", text)
    dates += re.findall(r"<lastBuildDate>([^<]+)</lastBuildDate>", text)
    assert len(dates) == 5
    assert all(RFC822.match(d) for d in dates), dates


def test_atom_published_is_not_after_updated_and_matches_front_matter(site: Path) -> None:
    entries = {e.link: e for e in _parse(site / "atom.xml").entries}
    meta = ARTICLES["oil-report"][0]
    entry = entries[BASE_URL + "2026/11/oil-report/"]
    assert entry.published == meta["date"]
    assert entry.updated == meta["updated"]
    for entry in entries.values():
        assert datetime.fromisoformat(entry.published) <= datetime.fromisoformat(entry.updated)


def test_ids_come_from_front_matter_and_fall_back_to_a_tag_uri(site: Path) -> None:
    ids = {e.link: e.id for e in _parse(site / "feed.xml").entries}
    budget = ARTICLES["budget-deal"][0]["id"]
    assert ids[BASE_URL + "2026/11/budget-deal/"] == f"urn:uuid:{budget}"
    assert ids[BASE_URL + "2026/11/oil-report/"].startswith("tag:example.org,2026-11-26:")


def test_ids_survive_a_slug_change(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    before = {
        name: {e.id: e.link for e in _parse(build_site(root) / name).entries} for name in FEED_FILES
    }
    article = root / "content" / "articles" / "budget-deal.md"
    text = article.read_text(encoding="utf-8").replace("---\n", "---\nslug: budget-agreed\n", 1)
    article.write_text(text, encoding="utf-8")
    after = {
        name: {e.id: e.link for e in _parse(build_site(root) / name).entries} for name in FEED_FILES
    }
    budget = f"urn:uuid:{ARTICLES['budget-deal'][0]['id']}"
    for name in FEED_FILES:
        assert set(before[name]) == set(after[name])
        assert before[name][budget].endswith("/budget-deal/")
        assert after[name][budget].endswith("/budget-agreed/")


def test_lead_image_enclosure_has_the_real_length_and_type(site: Path, tmp_path: Path) -> None:
    entry = next(e for e in _parse(site / "feed.xml").entries if "budget-deal" in e.link)
    size = (tmp_path / "site" / "static" / "images" / "lead.png").stat().st_size
    assert [(x.href, int(x.length), x.type) for x in entry.enclosures] == [
        (BASE_URL + "images/lead.png", size, "image/png")
    ]
    media = entry.media_content[0]
    assert (media["url"], media["type"], media["width"]) == (
        BASE_URL + "images/lead.png",
        "image/png",
        "1200",
    )
    atom_entry = next(e for e in _parse(site / "atom.xml").entries if "budget-deal" in e.link)
    assert [int(x.length) for x in atom_entry.enclosures] == [size]


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [v or "" for k, v in attrs if k in ("href", "src")]


@pytest.mark.parametrize("name", FEED_FILES)
def test_entry_content_has_only_absolute_links(site: Path, name: str) -> None:
    entry = next(e for e in _parse(site / name).entries if "budget-deal" in e.link)
    content = entry.content[0].value
    assert "ERBIL (ESTA)" in content
    parser = _Urls()
    parser.feed(content)
    assert BASE_URL + "2026/11/oil-report/" in parser.urls
    assert BASE_URL + "about/" in parser.urls
    for url in parser.urls:
        assert _built_file(site, url).is_file(), url


def test_relative_body_links_resolve_against_the_article(site: Path) -> None:
    entry = next(e for e in _parse(site / "feed.xml").entries if "oil-report" in e.link)
    assert f'href="{BASE_URL}2026/11/budget-deal/"' in entry.content[0].value


def test_section_feeds_hold_only_their_section(site: Path) -> None:
    links = {e.link for e in _parse(site / "economy" / "feed.xml").entries}
    assert links == {
        BASE_URL + "2026/11/oil-report/",
        BASE_URL + "2026/11/reprinted-column/",
    }


def test_feed_size_and_taxonomy_feeds_are_configurable(tmp_path: Path) -> None:
    feeds = {"size": 1, "tags": True, "authors": True, "sections": False, "formats": ["atom"]}
    out = build_site(write_site(tmp_path / "site", feeds=feeds))
    assert len(_parse(out / "atom.xml").entries) == 1
    assert len(_parse(out / "tag" / "parliament" / "atom.xml").entries) == 1
    assert _parse(out / "author" / "ava-karim" / "atom.xml").entries
    assert not (out / "feed.xml").exists()
    assert not (out / "politics" / "atom.xml").exists()
    head = parse_page(out / "tag" / "parliament" / "index.html")
    alternates = [x["href"] for x in head.links if x.get("rel") == "alternate"]
    assert alternates == [BASE_URL + "atom.xml", BASE_URL + "tag/parliament/atom.xml"]


def test_every_page_links_the_site_feeds(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        alternates = [x for x in parse_page(page).links if x.get("rel") == "alternate"]
        types = [x["type"] for x in alternates[:3]]
        assert types == ["application/rss+xml", "application/atom+xml", "application/feed+json"]
        for link in alternates:
            assert _built_file(site, link["href"]).is_file()
    section = parse_page(site / "politics" / "index.html")
    hrefs = [x["href"] for x in section.links if x.get("rel") == "alternate"]
    assert BASE_URL + "politics/feed.xml" in hrefs


def test_check_lists_articles_without_id_and_still_passes(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    when = BUILD_TIME.isoformat()
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--build-time", when])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning")]
    assert len(warnings) == 1
    assert "content/articles/oil-report.md:1: id: has no permanent id" in warnings[0]
