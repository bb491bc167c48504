"""The bundled example in English, Sorani and Arabic: every hreflang set is the same on each
version it names and every alternate resolves to a built page, feeds say their language, and
the seed story's Sorani version is linked to the English one."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

BASE = "http://127.0.0.1:8000/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SEED = "2021/01/pompeo-says-iran-still-poses-threat-to-iraq/"
SEED_CKB = "ckb/2021/01/پۆمپیۆ-ئێران-هێشتا-هەڕەشەیە-بۆ-سەر-عێراق/"

Alternates = frozenset[tuple[str, str]]


def _file(public: Path, url: str) -> Path:
    """The built file a URL of the site is served from."""
    assert url.startswith(BASE), url
    path = unquote(url[len(BASE) :])
    return public / (path + "index.html" if path == "" or path.endswith("/") else path)


def _head_alternates(page: Path) -> tuple[str, Alternates]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    canonical = soup.find("link", rel="canonical")
    links = soup.find_all("link", rel="alternate", hreflang=True)
    found = frozenset((str(link["hreflang"]), str(link["href"])) for link in links)
    return str(canonical["href"]) if canonical else "", found


@pytest.fixture(scope="module")
def head_sets(built_example: Path) -> dict[str, Alternates]:
    """Canonical URL -> its hreflang set, for every page of the example that has one."""
    found = {}
    for page in sorted(built_example.rglob("*.html")):
        canonical, links = _head_alternates(page)
        if links:
            found[canonical] = links
    return found


def test_every_hreflang_set_is_reciprocal_and_resolves(
    built_example: Path, head_sets: dict[str, Alternates]
) -> None:
    assert len(head_sets) >= 20  # fronts, sections, archives, authors... and the translations
    for canonical, links in head_sets.items():
        languages = dict(links)
        assert "x-default" in languages and languages["en"] == languages["x-default"], canonical
        assert canonical in languages.values(), f"{canonical} is not among its own alternates"
        for language, href in links:
            assert _file(built_example, href).is_file(), f"{canonical}: {href} does not resolve"
            assert head_sets.get(href) == links, f"{href} does not list {canonical}'s set"
            if language != "x-default":
                lang = BeautifulSoup(_file(built_example, href).read_bytes(), "html.parser")
                assert lang.html is not None and lang.html["lang"] == language, href


def test_sitemaps_carry_the_same_sets(
    built_example: Path, head_sets: dict[str, Alternates]
) -> None:
    seen = {}
    for prefix in ("", "ckb/", "ar/"):
        for url in ET.parse(built_example / prefix / "sitemap.xml").getroot():
            loc = url.findtext(f"{SM}loc") or ""
            assert loc.startswith(BASE + prefix), loc
            links = url.findall(f"{XHTML}link")
            if links:
                seen[loc] = frozenset((str(x.get("hreflang")), str(x.get("href"))) for x in links)
    assert seen == head_sets


def test_the_seed_story_in_sorani_is_linked_to_the_english_one(
    head_sets: dict[str, Alternates],
) -> None:
    versions = dict(head_sets[BASE + SEED])
    assert unquote(versions["ckb"]) == BASE + SEED_CKB
    assert set(versions) == {"en", "ckb", "ar", "x-default"}


@pytest.mark.parametrize("language", ["en", "ckb", "ar"])
def test_feeds_parse_with_their_language(built_example: Path, language: str) -> None:
    prefix = "" if language == "en" else f"{language}/"
    for name in ("feed.xml", "atom.xml", "politics/feed.xml"):
        feed = feedparser.parse((built_example / prefix / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.feed.language == language, name
        paths = [unquote(urlsplit(entry.link).path) for entry in feed.entries]
        assert paths and all(p.startswith(f"/{prefix}") for p in paths), name
        if language == "en":
            assert not any(p.startswith(("/ckb/", "/ar/")) for p in paths), name
    json_feed = json.loads((built_example / prefix / "feed.json").read_text(encoding="utf-8"))
    assert json_feed["language"] == language


@pytest.mark.parametrize(("language", "tag"), [("ckb", "عێراق"), ("ar", "العراق")])
def test_a_tag_has_two_pages_in_sorani_and_arabic(
    built_example: Path, language: str, tag: str
) -> None:
    second = built_example / language / "tag" / tag / "page" / "2" / "index.html"
    soup = BeautifulSoup(second.read_text(encoding="utf-8"), "html.parser")
    assert soup.html is not None and soup.html["lang"] == language
    assert soup.select("main article")
