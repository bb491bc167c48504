"""A site in English, Sorani and Arabic (``languages:``): each language's listings, feeds and
front page under its prefix, reciprocal hreflang on listings, a switcher on every page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

BASE = "http://127.0.0.1:8000/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Path:
    root = kit.copy_fixture_site("lang-multi", tmp_path_factory.mktemp("multi") / "site")
    result = kit.run_cli("build", "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    return root / "public"


def _soup(public: Path, path: str) -> BeautifulSoup:
    file = public / unquote(path) / "index.html" if not path.endswith(".html") else public / path
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def _card_links(soup: BeautifulSoup) -> set[str]:
    main = soup.find("main")
    assert main is not None
    return {unquote(str(a["href"])) for a in main.select("article a[href]")}


def _hreflang(soup: BeautifulSoup) -> dict[str, str]:
    return {
        str(link["hreflang"]): str(link["href"])
        for link in soup.find_all("link", rel="alternate")
        if link.get("hreflang")
    }


def test_each_language_has_its_front_page_with_only_its_articles(site: Path) -> None:
    english, sorani, arabic = (_soup(site, p) for p in ("", "ckb/", "ar/"))
    assert [s.html["lang"] for s in (english, sorani, arabic)] == ["en", "ckb", "ar"]
    assert [s.html["dir"] for s in (english, sorani, arabic)] == ["ltr", "rtl", "rtl"]
    assert all(link.startswith("/ckb/") for link in _card_links(sorani) if "/20" in link)
    assert "/ckb/2021/01/شاندی-پارتی/" in _card_links(sorani)
    assert not any(link.startswith(("/ckb/", "/ar/")) for link in _card_links(english))
    assert {link for link in _card_links(arabic) if "/20" in link} == {
        "/ar/2021/01/بومبيو-إيران-تهديد/"
    }
    title = sorani.find("a", class_="site-title")
    assert title is not None and title.get_text() == "هەواڵی نموونەیی سلێمانی"
    assert title["href"] == "/ckb/"


def test_article_language_comes_from_its_folder(site: Path) -> None:
    page = _soup(site, "ckb/2021/01/شاندی-پارتی/")
    assert page.html["lang"] == "ckb"
    crumbs = [a["href"] for a in page.select("nav.breadcrumbs a, .breadcrumb a")]
    assert "/ckb/politics/" in [unquote(str(c)) for c in crumbs]


def test_listings_are_per_language_with_translated_section_names(site: Path) -> None:
    politics = _soup(site, "ckb/politics/")
    assert politics.find("h1").get_text(strip=True) == "سیاسەت"
    assert _card_links(politics) >= {"/ckb/2021/01/پۆمپیۆ-ئێران-هەڕەشەیە/"}
    assert not any("pompeo-iran" in link for link in _card_links(politics))
    nav = [a.get_text() for a in politics.select("nav.sections a")]
    assert nav == ["سیاسەت", "ئابووری"]
    arabic_nav = [a.get_text() for a in _soup(site, "ar/").select("nav.sections a")]
    assert arabic_nav == ["سياسة", "Economy"]  # no Arabic name configured: the default name
    tag = _soup(site, "ckb/tag/عێراق/page/2/")
    assert tag.html["lang"] == "ckb" and len(_card_links(tag)) >= 1
    assert (site / "ckb/author/ava-karim/index.html").is_file()
    assert not (site / "ar/author/ava-karim/index.html").exists()
    assert (site / "ckb/2021/01/index.html").is_file()


def test_switcher_leads_to_the_translation_else_the_front_page(site: Path) -> None:
    def switcher(path: str) -> dict[str, str]:
        soup = _soup(site, path)
        nav = soup.find("nav", class_="translations")
        assert nav is not None, path
        return {str(a["hreflang"]): unquote(str(a["href"])) for a in nav.find_all("a")}

    assert switcher("ckb/2021/01/پۆمپیۆ-ئێران-هەڕەشەیە/") == {
        "en": "/2021/01/pompeo-iran/",
        "ar": "/ar/2021/01/بومبيو-إيران-تهديد/",
    }
    assert switcher("ckb/2021/01/شاندی-پارتی/") == {"en": "/", "ar": "/ar/"}
    assert switcher("ckb/politics/") == {"en": "/politics/", "ar": "/ar/politics/"}
    assert switcher("ckb/tag/عێراق/") == {"en": "/", "ar": "/ar/"}
    assert switcher("2021/01/kdp-delegation/") == {"ckb": "/ckb/", "ar": "/ar/"}


def test_listing_hreflang_is_reciprocal_with_x_default(site: Path) -> None:
    sets = [_hreflang(_soup(site, p)) for p in ("", "ckb/", "ar/")]
    assert (
        sets[0]
        == sets[1]
        == sets[2]
        == {
            "en": BASE,
            "ckb": BASE + "ckb/",
            "ar": BASE + "ar/",
            "x-default": BASE,
        }
    )
    assert _hreflang(_soup(site, "ckb/economy/")) == _hreflang(_soup(site, "economy/"))
    assert "ckb" in _hreflang(_soup(site, "ckb/economy/"))
    assert _hreflang(_soup(site, "ckb/tag/عێراق/")) == {}


def test_feeds_per_language(site: Path) -> None:
    for prefix, language in (("", "en"), ("ckb/", "ckb"), ("ar/", "ar")):
        feed = feedparser.parse((site / prefix / "feed.xml").read_bytes())
        assert feed.feed.language == language
        links = {unquote(urlsplit(e.link).path) for e in feed.entries}
        assert links and all(link.startswith(f"/{prefix}") for link in links)
        if prefix:
            assert all(link.startswith(f"/{prefix}") for link in links)
        else:
            assert not any(link.startswith(("/ckb/", "/ar/")) for link in links)
    politics = feedparser.parse((site / "ckb/politics/feed.xml").read_bytes())
    assert politics.feed.title.startswith("سیاسەت | ")


def _sitemap(public: Path, prefix: str) -> dict[str, dict[str | None, str | None]]:
    tree = ET.parse(public / prefix / "sitemap.xml")
    return {
        unquote(url.findtext(f"{SM}loc") or ""): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in tree.getroot()
    }


def test_a_sitemap_per_language_under_its_prefix(site: Path) -> None:
    maps = {prefix: _sitemap(site, prefix) for prefix in ("", "ckb/", "ar/")}
    for prefix, entries in maps.items():
        assert BASE + prefix in entries
        others = [p for p in ("ckb/", "ar/") if p != prefix]
        assert all(loc.startswith(BASE + prefix) for loc in entries)
        assert not any(loc.startswith(BASE + other) for loc in entries for other in others)
    assert BASE + "ckb/tag/عێراق/page/2/" in maps["ckb/"]
    assert maps["ar/"][BASE + "ar/politics/"]["ckb"] == BASE + "ckb/politics/"
    assert maps["ar/"][BASE + "ar/politics/"]["x-default"] == BASE + "politics/"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    named = [line.split(": ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")]
    assert set(named) >= {BASE + "sitemap.xml", BASE + "ckb/sitemap.xml", BASE + "ar/sitemap.xml"}


def test_404_in_each_language(site: Path) -> None:
    page = _soup(site, "ar/404.html")
    assert page.html["lang"] == "ar"
    assert page.find("h1").get_text(strip=True) != "Page not found"
