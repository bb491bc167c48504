"""Sorani and Arabic sites: the theme's words, dates and numbers in the site's language."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest
from bs4 import BeautifulSoup

ENGLISH = re.compile(r"\b(Related|Previous|Next|Published|Latest|Older|Newer|Page|Skip|Home)\b")
EASTERN_DIGITS = re.compile(r"[٠-٩]")


def _build(kit: Any, tmp_path: Path, name: str, **replace: str) -> Path:
    root = kit.copy_fixture_site(name, tmp_path / name)
    config = root / "sitegen.yaml"
    text = config.read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    result = kit.run_cli("build", "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    return root / "public"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def sorani(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Path:
    return _build(kit, tmp_path_factory.mktemp("ckb"), "lang-ckb")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Path:
    return _build(kit, tmp_path_factory.mktemp("ar"), "lang-ar")


def test_a_sorani_article_speaks_sorani(sorani: Path) -> None:
    page = _soup(sorani / "2021" / "01" / "pompeo-iran" / "index.html")
    assert page.html is not None and page.html["lang"] == "ckb" and page.html["dir"] == "rtl"
    assert page.select_one(".skip-link").get_text() == "بازدان بۆ ناوەڕۆک"
    assert page.select_one("nav.breadcrumbs")["aria-label"] == "ڕێڕەوی پەڕە"
    assert page.select_one(".breadcrumbs li a").get_text() == "سەرەکی"
    assert page.select_one("#related-heading").get_text() == "بابەتی پەیوەندیدار"
    assert page.select_one(".authors").get_text() == "نووسینی ئاڤا کەریم، ESTA"
    times = page.select(".times time")
    assert [t.get_text() for t in times] == [
        "١٤ی کانوونی دووەمی ٢٠٢١ ١١:٢٠ ب.ن",
        "١٤ی کانوونی دووەمی ٢٠٢١ ١:٠٥ د.ن",
    ]
    assert all(t.parent.name == "bdi" for t in times)  # isolated from the words around
    assert page.select_one(".authors bdi").get_text() == "ئاڤا کەریم"
    assert page.select_one("h1")["dir"] == "auto"
    assert not ENGLISH.search(page.get_text(" "))


def test_sorani_listings_number_their_pages_in_sorani(sorani: Path) -> None:
    page = _soup(sorani / "tag" / "عێراق" / "page" / "2" / "index.html")
    assert page.title is not None
    assert page.title.get_text() == "عێراق، پەڕەی ٢ | هەواڵی نموونەیی سلێمانی"
    assert page.select_one(".page-number").get_text() == "(پەڕەی ٢ لە ٢)"
    assert page.select_one("nav.pagination")["aria-label"] == "پەڕەکان"
    numbers = [a.get_text() for a in page.select(".pagination li a")]
    assert numbers == ["نوێتر", "١", "٢"]
    assert page.select_one(".listing-header .kicker").get_text() == "بابەت"
    archive = _soup(sorani / "2021" / "01" / "index.html")
    assert archive.select_one("h1 bdi").get_text() == "٢٠٢١ کانوونی دووەم"
    assert all(EASTERN_DIGITS.search(t.get_text()) for t in archive.select(".card-meta time"))


def test_the_sorani_404_page(sorani: Path) -> None:
    page = _soup(sorani / "404.html")
    assert page.select_one("h1").get_text() == "پەڕەکە نەدۆزرایەوە"
    assert page.title is not None and page.title.get_text().startswith("پەڕەکە نەدۆزرایەوە |")
    assert not ENGLISH.search(page.get_text(" "))


def test_arabic_uses_iraqi_months_and_arabic_words(arabic: Path) -> None:
    page = _soup(arabic / "2021" / "01" / "pompeo-iran" / "index.html")
    assert page.html is not None and page.html["lang"] == "ar"
    assert page.select_one(".times").get_text().startswith("نُشر في ١٤ كانون الثاني ٢٠٢١")
    assert page.select_one(".authors").get_text() == "بقلم آفا كريم ولانا حسن، ESTA"
    assert page.select_one(".article-nav")["aria-label"] == "مزيد من المقالات"
    assert not ENGLISH.search(page.get_text(" "))
    front = _soup(arabic / "index.html")
    assert front.select_one("#latest-heading").get_text() == "الأحدث"
    assert front.select_one(".pagination a[rel=next]").get_text() == "أقدم"


@pytest.mark.parametrize(("fixture", "language"), [("sorani", "ckb"), ("arabic", "ar")])
def test_feeds_carry_the_language(
    request: pytest.FixtureRequest, fixture: str, language: str
) -> None:
    public: Path = request.getfixturevalue(fixture)
    rss = feedparser.parse((public / "feed.xml").read_bytes())
    assert not rss.bozo and rss.feed.language == language
    atom = feedparser.parse((public / "atom.xml").read_bytes())
    assert not atom.bozo and atom.feed.language == language
    assert json.loads((public / "feed.json").read_text(encoding="utf-8"))["language"] == language


def test_labels_replace_a_word_of_the_theme(tmp_path: Path, kit: Any) -> None:
    public = _build(
        kit,
        tmp_path,
        "lang-ckb",
        **{"page_size: 2\n": "page_size: 2\nlabels:\n  Related Posts: هەواڵی تر\n"},
    )
    page = _soup(public / "2021" / "01" / "pompeo-iran" / "index.html")
    assert page.select_one("#related-heading").get_text() == "هەواڵی تر"


def test_check_lists_the_strings_shown_in_english(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_fixture_site("lang-ckb", tmp_path / "fa")
    config = root / "sitegen.yaml"
    text = config.read_text(encoding="utf-8").replace("language: ckb", "language: fa")
    config.write_text(text + "labels:\n  Related Posts: مطالب مرتبط\n  Relatd Posts: x\n", "utf-8")
    result = kit.run_cli("check", "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    assert "no fa translation of 'Previous Article': pages show it in English" in result.output
    assert "no fa translation of 'Related Posts'" not in result.output  # given by labels:
    assert re.search(
        r"sitegen\.yaml:\d+: labels\.Relatd Posts: 'Relatd Posts' is not", result.output
    )
    sorani = kit.copy_fixture_site("lang-ckb", tmp_path / "ckb")
    result = kit.run_cli("check", "--root", str(sorani), "--build-time", kit.build_time)
    assert "translation" not in result.output


@pytest.mark.parametrize(
    ("language", "heading"), [("ckb", "بابەتی پەیوەندیدار"), ("ar", "مقالات ذات صلة")]
)
def test_init_makes_a_site_in_the_language(
    tmp_path: Path, kit: Any, language: str, heading: str
) -> None:
    site = tmp_path / "new"
    assert kit.run_cli("init", "--language", language, str(site)).exit_code == 0
    check = kit.run_cli("check", "--root", str(site))
    assert check.exit_code == 0 and "translation" not in check.output
    assert kit.run_cli("build", "--root", str(site)).exit_code == 0
    front = _soup(site / "public" / "index.html")
    assert front.html is not None and front.html["lang"] == language
    assert front.html["dir"] == "rtl"
    assert not ENGLISH.search(front.get_text(" "))
    articles = list((site / "public").glob("20*/*/*/index.html"))
    assert len(articles) == 1 and not re.search(r"[a-z]", articles[0].parent.name)


def test_new_takes_a_sorani_headline(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_fixture_site("lang-ckb", tmp_path / "site")
    headline = "پۆمپیۆ: ئێران هێشتا هەڕەشەیە بۆ سەر عێراق"
    made = kit.run_cli("new", "--root", str(root), headline, "--section", "politics")
    assert made.exit_code == 0, made.output
    path = Path(made.output.strip().splitlines()[-1])
    assert path.name == "پۆمپیۆ-ئێران-هێشتا-هەڕەشەیە-بۆ-سەر-عێراق.md"
    assert headline in path.read_text(encoding="utf-8")
    result = kit.run_cli("build", "--root", str(root), "--drafts", "--future")
    assert result.exit_code == 0, result.output


PAIR_EN = "2021/01/pompeo-says-iran-still-poses-threat-to-iraq/"
PAIR_CKB = "2021/01/پۆمپیۆ-ئێران-هەڕەشەیە/"
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, kit: Any) -> Path:
    """An English site with one story also in Sorani, built the day after (news sitemap)."""
    root = kit.copy_fixture_site("lang-pair", tmp_path_factory.mktemp("pair") / "site")
    build = kit.run_cli("build", "--root", str(root), "--build-time", "2021-01-15T00:00:00Z")
    assert build.exit_code == 0, build.output
    return root / "public"


def _alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.select("link[hreflang]")}


def test_translations_link_each_other_reciprocally(pair: Path) -> None:
    english = _alternates(_soup(pair / PAIR_EN / "index.html"))
    assert english == {
        "en": BASE + PAIR_EN,
        "ckb": BASE + PAIR_CKB,
        "x-default": BASE + PAIR_EN,
    }
    for url in english.values():  # every alternate resolves and names the same set
        path = pair / url.removeprefix(BASE) / "index.html"
        assert path.is_file() and _alternates(_soup(path)) == english
    kdp = _soup(pair / "2021" / "01" / "kdp-delegation" / "index.html")
    assert _alternates(kdp) == {}  # a story in one language has no alternates


def test_the_sorani_version_speaks_sorani_on_an_english_site(pair: Path) -> None:
    page = _soup(pair / PAIR_CKB / "index.html")
    assert page.html is not None and page.html["lang"] == "ckb" and page.html["dir"] == "rtl"
    assert page.select_one(".times").get_text().startswith("کاتی بڵاوکردنەوە: ١٤ی")
    switcher = page.select_one("nav.translations a")
    assert switcher["href"] == "/" + PAIR_EN and switcher.get_text() == "English"
    assert switcher["hreflang"] == "en"
    ld = [json.loads(s.get_text()) for s in page.select("script[type='application/ld+json']")]
    assert [d["inLanguage"] for d in ld if d["@type"] == "NewsArticle"] == ["ckb"]
    assert page.select_one(".article-nav") is None  # no other Sorani story to go to
    english = _soup(pair / PAIR_EN / "index.html")
    assert english.select_one("nav.translations a").get_text() == "کوردیی ناوەندی"
    nav = [a["href"] for a in english.select(".article-nav a")]
    assert nav == ["/2021/01/kdp-delegation/"]  # Previous/Next stay in English
    related = [a["href"] for a in english.select(".related .card-title a")]
    assert "/" + PAIR_CKB not in related


def test_sitemaps_carry_the_languages(pair: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    root = ET.parse(pair / "sitemap.xml").getroot()
    links = {
        url.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
        }
        for url in root.findall("s:url", ns)
    }
    assert (
        links[BASE + PAIR_EN]
        == links[BASE + PAIR_CKB]
        == {
            "en": BASE + PAIR_EN,
            "ckb": BASE + PAIR_CKB,
            "x-default": BASE + PAIR_EN,
        }
    )
    assert links[BASE + "2021/01/kdp-delegation/"] == {}
    news = ET.parse(pair / "news-sitemap.xml").getroot()
    languages = {
        url.findtext("s:loc", namespaces=ns): url.findtext(".//n:language", namespaces=ns)
        for url in news.findall("s:url", ns)
    }
    assert languages[BASE + PAIR_CKB] == "ckb" and languages[BASE + PAIR_EN] == "en"


def test_a_one_language_sitemap_has_no_alternates(sorani: Path) -> None:
    text = (sorani / "sitemap.xml").read_text(encoding="utf-8")
    assert "xhtml" not in text and "hreflang" not in text


def test_two_versions_in_one_language_are_a_problem(tmp_path: Path, kit: Any) -> None:
    root = kit.copy_fixture_site("lang-pair", tmp_path / "site")
    article = root / "content" / "articles" / "2021" / "pompeo-iran-ckb.md"
    article.write_text(article.read_text(encoding="utf-8").replace("language: ckb\n", ""), "utf-8")
    result = kit.run_cli("check", "--root", str(root))
    assert result.exit_code == 1
    assert re.search(
        r"\.md:\d+: translation: content/\S+\.md is already the en version of 'pompeo-iran'",
        result.output,
    ), result.output
