"""JSON-LD, Open Graph and Twitter cards extracted from built pages, checked against the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from syndication_site import ARTICLES, BASE_URL, NASTY_TITLE, build_site, parse_page, write_site

from sitegen.errors import ProblemsFound

ARTICLE = "2026/11/budget-deal/index.html"


def _ld(head: Any, kind: str) -> dict[str, Any]:
    found = [json.loads(text) for text in head.jsonld]
    matches = [x for x in found if x["@type"] == kind]
    assert len(matches) == 1, found
    return matches[0]


def _meta(head: Any, key: str) -> list[str]:
    return [m["content"] for m in head.meta if key in (m.get("property"), m.get("name"))]


def _canonical(head: Any) -> str:
    found = [x["href"] for x in head.links if x.get("rel") == "canonical"]
    assert len(found) == 1
    return found[0]


def test_news_article_agrees_with_the_visible_page(site: Path) -> None:
    head = parse_page(site / ARTICLE)
    news = _ld(head, "NewsArticle")
    assert head.h1 == NASTY_TITLE
    assert news["headline"] == head.h1
    assert news["datePublished"] == head.times[0]
    assert news["dateModified"] == head.times[1]
    assert news["mainEntityOfPage"]["@id"] == _canonical(head) == BASE_URL + "2026/11/budget-deal/"
    # the 16:9, 4:3 and 1:1 crops Google asks for, made from the lead image
    crops = [url.removeprefix(BASE_URL + "images/lead-").split(".")[0] for url in news["image"]]
    assert crops == ["1200x675", "900x675", "675x675"]
    assert news["dateline"] == "ERBIL (ESTA)"
    assert news["articleSection"] == "Politics"
    assert news["keywords"] == ["Budget", "Parliament"]
    assert news["identifier"] == f"urn:uuid:{ARTICLES['budget-deal'][0]['id']}"


def test_authors_are_people_with_their_pages(site: Path) -> None:
    news = _ld(parse_page(site / ARTICLE), "NewsArticle")
    assert news["author"] == [
        {"@type": "Person", "name": "Ava Karim", "url": BASE_URL + "author/ava-karim/"},
        {"@type": "Person", "name": "Lana Hassan", "url": BASE_URL + "author/lana-hassan/"},
    ]
    for person in news["author"]:
        assert (site / person["url"].removeprefix(BASE_URL) / "index.html").is_file()


def test_wire_copy_is_credited_to_the_agency(site: Path) -> None:
    news = _ld(parse_page(site / "2026/11/oil-report/index.html"), "NewsArticle")
    assert news["author"] == [{"@type": "Organization", "name": "ESTA"}]


def test_publisher_has_name_and_logo(site: Path) -> None:
    publisher = _ld(parse_page(site / ARTICLE), "NewsArticle")["publisher"]
    assert publisher["name"] == "Example Agency"
    assert publisher["logo"]["url"] == BASE_URL + "images/logo.png"
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (600, 60)
    assert (site / "images" / "logo.png").is_file()


def test_script_content_cannot_be_closed_by_a_title(site: Path) -> None:
    html = (site / ARTICLE).read_text(encoding="utf-8")
    head_html = html.split("</head>")[0]
    # Only our own script elements open and close: the title's "</script>" stays escaped.
    assert head_html.count("<script") == head_html.count("</script>") == 2
    assert "alert(1)" in head_html and "<script>alert" not in head_html


def test_breadcrumbs_link_home_section_and_article(site: Path) -> None:
    crumbs = _ld(parse_page(site / ARTICLE), "BreadcrumbList")["itemListElement"]
    assert [(c["position"], c["item"]) for c in crumbs] == [
        (1, BASE_URL),
        (2, BASE_URL + "politics/"),
        (3, BASE_URL + "2026/11/budget-deal/"),
    ]
    assert crumbs[2]["name"] == NASTY_TITLE


def test_front_page_has_website_and_organization(site: Path) -> None:
    head = parse_page(site / "index.html")
    assert _ld(head, "WebSite")["url"] == BASE_URL
    assert _ld(head, "Organization")["name"] == "Example Agency"
    assert parse_page(site / "page" / "2" / "index.html").jsonld == []


def test_open_graph_and_twitter_cards(site: Path) -> None:
    head = parse_page(site / ARTICLE)
    news = _ld(head, "NewsArticle")
    assert _meta(head, "og:type") == ["article"]
    assert _meta(head, "og:title") == [head.h1]
    assert _meta(head, "og:url") == [_canonical(head)]
    [og_image] = _meta(head, "og:image")
    assert og_image.startswith(BASE_URL + "images/lead-1200x630.")  # the social crop
    assert _meta(head, "og:image:width") == ["1200"]
    assert _meta(head, "og:image:height") == ["630"]
    assert _meta(head, "og:image:alt") == ['A "lead" picture']
    assert _meta(head, "article:published_time") == [news["datePublished"]]
    assert _meta(head, "article:modified_time") == [news["dateModified"]]
    assert _meta(head, "article:section") == ["Politics"]
    assert _meta(head, "article:tag") == ["Budget", "Parliament"]
    assert _meta(head, "twitter:card") == ["summary_large_image"]
    assert _meta(head, "twitter:title") == [head.h1]


def test_every_page_has_one_absolute_canonical_link(site: Path) -> None:
    for page in site.rglob("*.html"):
        canonical = _canonical(parse_page(page))
        if "reprinted-column" not in page.as_posix():
            rel = page.relative_to(site).as_posix()
            assert canonical == BASE_URL + rel.removesuffix("index.html")


def test_front_matter_canonical_overrides_for_syndicated_copy(site: Path) -> None:
    head = parse_page(site / "2026/11/reprinted-column/index.html")
    original = "https://other.example/columns/original/"
    assert _canonical(head) == original
    assert _meta(head, "og:url") == [original]
    assert _ld(head, "NewsArticle")["mainEntityOfPage"]["@id"] == original


def test_listing_pages_are_websites_with_cards(site: Path) -> None:
    head = parse_page(site / "politics" / "index.html")
    assert _meta(head, "og:type") == ["website"]
    assert _meta(head, "og:url") == [BASE_URL + "politics/"]
    assert _meta(head, "og:image") == [BASE_URL + "images/logo.png"]
    assert _meta(head, "twitter:card") == ["summary"]


def test_canonical_must_be_an_absolute_url(tmp_path: Path) -> None:
    meta = {"title": "Copy", "date": "2026-11-01", "canonical": "/elsewhere/"}
    root = write_site(tmp_path / "site", {"copy": (meta, "Body.\n")})
    with pytest.raises(ProblemsFound) as caught:
        build_site(root)
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == ("content/articles/copy.md", "canonical")
    assert "not an absolute http(s) URL" in problem.message
