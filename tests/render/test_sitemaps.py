"""sitemap.xml, its index, news-sitemap.xml and robots.txt, read with an XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from syndication_site import ARTICLES, BASE_URL, BUILD_TIME, build_site, write_site

from sitegen.pipeline import BuildOptions, build
from sitegen.syndication import sitemaps

NS = {"s": sitemaps.SITEMAP_NS, "news": sitemaps.NEWS_NS}


def _urls(path: Path) -> dict[str, str | None]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{sitemaps.SITEMAP_NS}}}urlset"
    return {
        url.findtext("s:loc", namespaces=NS) or "": url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def _page_url(out: Path, page: Path) -> str:
    rel = page.relative_to(out).as_posix()
    return BASE_URL + rel.removesuffix("index.html")


def test_sitemap_lists_every_public_page_once(site: Path) -> None:
    urls = _urls(site / "sitemap.xml")
    pages = {_page_url(site, p) for p in site.rglob("index.html")}
    syndicated = BASE_URL + "2026/11/reprinted-column/"
    search = BASE_URL + "search/"  # noindex, like the 404 page: no place in a sitemap
    assert search in pages
    assert set(urls) == pages - {syndicated, search}
    assert BASE_URL + "404.html" not in urls
    assert BASE_URL + "page/2/" in urls


def test_lastmod_is_the_content_time_never_the_build_time(site: Path) -> None:
    urls = _urls(site / "sitemap.xml")
    meta = ARTICLES["oil-report"][0]
    assert urls[BASE_URL + "2026/11/oil-report/"] == meta["updated"]
    old = ARTICLES["last-year"][0]
    assert urls[BASE_URL + "2025/06/last-year/"] == old["date"]
    assert urls[BASE_URL] == ARTICLES["budget-deal"][0]["updated"]
    assert urls[BASE_URL + "about/"] is None
    assert BUILD_TIME.isoformat() not in urls.values()


def test_many_urls_make_a_sitemap_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemaps, "MAX_URLS", 5)
    out = build_site(write_site(tmp_path / "site"))
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{{{sitemaps.SITEMAP_NS}}}sitemapindex"
    parts = [s.findtext("s:loc", namespaces=NS) or "" for s in index.findall("s:sitemap", NS)]
    assert len(parts) > 1
    seen: list[str] = []
    for loc in parts:
        part = _urls(out / loc.removeprefix(BASE_URL))
        assert 0 < len(part) <= 5
        seen += part
    pages = {_page_url(out, p) for p in out.rglob("index.html")}
    noindex = {BASE_URL + "2026/11/reprinted-column/", BASE_URL + "search/"}
    assert sorted(seen) == sorted(pages - noindex)


def test_split_respects_the_byte_limit() -> None:
    entries = [{"loc": f"https://example.org/{i:04d}/", "lastmod": None} for i in range(10)]
    parts = sitemaps.split(entries, max_urls=50_000, max_bytes=600)
    assert [e for p in parts for e in p] == entries
    for part in parts:
        size = len(sitemaps.sitemap({"urls": part}))
        assert size <= 600


def _news(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{sitemaps.SITEMAP_NS}}}urlset"
    return root.findall("s:url", NS)


def test_news_sitemap_has_the_last_48_hours(site: Path) -> None:
    urls = _news(site / "news-sitemap.xml")
    locs = [u.findtext("s:loc", namespaces=NS) for u in urls]
    # oil-report is 50 hours old; the reprinted column's canonical copy lives elsewhere.
    assert locs == [BASE_URL + "2026/11/budget-deal/"]
    news = urls[0].find("news:news", NS)
    assert news is not None
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Example Agency"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == ARTICLES["budget-deal"][0]["title"]
    published = news.findtext("news:publication_date", namespaces=NS) or ""
    assert published == ARTICLES["budget-deal"][0]["date"]


def _article(title: str, hours: float) -> tuple[dict[str, object], str]:
    when = (BUILD_TIME - timedelta(hours=hours)).isoformat()
    return {"title": title, "date": when}, "Body.\n"


def test_news_window_edges_and_future_articles(tmp_path: Path) -> None:
    articles = {
        "just-inside": _article("Inside", 48),
        "just-outside": _article("Outside", 48.01),
        "tomorrow": _article("Tomorrow", -24),
    }
    out = build_site(write_site(tmp_path / "site", articles), future=True)
    titles = [
        u.findtext("news:news/news:title", namespaces=NS) for u in _news(out / "news-sitemap.xml")
    ]
    assert titles == ["Inside"]


def test_news_sitemap_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemaps, "NEWS_MAX_URLS", 2)
    articles = {f"story-{i}": _article(f"Story {i}", i) for i in range(1, 5)}
    out = build_site(write_site(tmp_path / "site", articles))
    titles = [
        u.findtext("news:news/news:title", namespaces=NS) for u in _news(out / "news-sitemap.xml")
    ]
    assert titles == ["Story 1", "Story 2"]


def test_empty_news_sitemap_is_valid(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    out = build_site(root)
    build(BuildOptions(root, build_time=BUILD_TIME + timedelta(days=10)))
    assert _news(out / "news-sitemap.xml") == []


def test_news_sitemap_can_be_turned_off(tmp_path: Path) -> None:
    out = build_site(write_site(tmp_path / "site", sitemaps={"news": False}))
    assert not (out / "news-sitemap.xml").exists()
    assert "news-sitemap" not in (out / "robots.txt").read_text(encoding="utf-8")


def test_robots_names_the_sitemaps(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert [x for x in lines if x.startswith("Sitemap:")] == [
        f"Sitemap: {BASE_URL}sitemap.xml",
        f"Sitemap: {BASE_URL}news-sitemap.xml",
    ]


def test_a_static_robots_txt_wins(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    (root / "static" / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")
    out = build_site(root)
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow:\n"


def test_news_language_is_iso_639() -> None:
    assert sitemaps.news_language("en-GB") == "en"
    assert sitemaps.news_language("ckb") == "ckb"
    assert sitemaps.news_language("zh-TW") == "zh-tw"
