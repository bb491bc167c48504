"""Parse the built example site and check the elements a reader and a crawler rely on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from tests.parsing import html_file

SEED = "2021/01/pompeo-says-iran-still-poses-threat-to-iraq/index.html"
BASE = "http://127.0.0.1:8000/"


def _one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, f"{selector}: {len(found)} matches"
    return found[0]


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


@pytest.fixture(scope="module")
def seed(built_example: Path) -> BeautifulSoup:
    return html_file(built_example / SEED)


def test_seed_headline_is_the_only_h1(seed: BeautifulSoup) -> None:
    assert _text(_one(seed, "h1")) == "Pompeo says Iran still poses threat to Iraq"
    assert _text(_one(seed, "title")).startswith("Pompeo says Iran still poses threat to Iraq | ")


def test_seed_times(seed: BeautifulSoup) -> None:
    times = [(t["datetime"], _text(t)) for t in seed.select(".byline time")]
    assert times == [
        ("2021-01-14T11:20:00+03:00", "14 January 2021, 11:20"),
        ("2021-01-14T13:05:00+03:00", "14 January 2021, 13:05"),
    ]


def test_seed_figure_has_alt_caption_and_separate_credit(seed: BeautifulSoup) -> None:
    figure = _one(seed, "article figure.lead-image")
    img = _one(figure, "img")
    assert str(img["src"]).startswith("/images/2021/pompeo-kadhimi-")  # a resized copy
    assert str(img["alt"]).startswith("Placeholder graphic")
    assert img.get("width") and img.get("height")
    caption = _one(figure, "figcaption")
    assert figure.find_all(recursive=False)[-1] is caption
    text = _text(_one(caption, ".caption"))
    assert text.startswith("U.S. Secretary of State Mike Pompeo shakes hands")
    assert "Twitter of Pompeo" not in text
    assert "Twitter of Pompeo" in _text(_one(caption, ".credit"))


def test_seed_dateline_leads_the_first_paragraph(seed: BeautifulSoup) -> None:
    first = _one(seed, ".article-body").find("p")
    assert isinstance(first, Tag)
    lead = first.contents[0]
    assert isinstance(lead, Tag) and lead.name == "span" and lead["class"] == ["dateline"]
    assert _text(lead) == "SULAIMANI (ESTA) —"
    assert _text(first).startswith("SULAIMANI (ESTA) — U.S. Secretary of State Mike Pompeo said")
    assert len(seed.select(".dateline")) == 1


def test_seed_previous_and_next(seed: BeautifulSoup) -> None:
    nav = _one(seed, "nav.article-nav")
    prev, nxt = _one(nav, 'a[rel="prev"]'), _one(nav, 'a[rel="next"]')
    assert prev["href"] == "/2021/01/kdp-delegation-meets-puk-officials-in-erbil/"
    assert _text(_one(prev, ".headline")) == "KDP delegation meets PUK officials in Erbil"
    assert nxt["href"] == "/2021/01/us-imposes-sanctions-on-deputy-of-iraqi-paramilitaries/"
    assert (
        _text(_one(nxt, ".headline")) == "U.S. imposes sanctions on deputy of Iraqi paramilitaries"
    )


def test_seed_related_and_breadcrumbs(seed: BeautifulSoup) -> None:
    related = seed.select("section.related .card-title a")
    assert 3 <= len(related) <= 4
    hrefs = [a["href"] for a in related]
    assert len(set(hrefs)) == len(hrefs)
    assert "/2021/01/pompeo-says-iran-still-poses-threat-to-iraq/" not in hrefs
    crumbs = [(_text(a), a["href"]) for a in seed.select("nav.breadcrumbs a")]
    assert crumbs == [
        ("Home", "/"),
        ("Politics", "/politics/"),
        (
            "Pompeo says Iran still poses threat to Iraq",
            "/2021/01/pompeo-says-iran-still-poses-threat-to-iraq/",
        ),
    ]
    assert seed.select("nav.breadcrumbs a")[-1]["aria-current"] == "page"


@pytest.mark.parametrize(
    ("rel", "prev", "next_", "current"),
    [
        ("tag/iraq/index.html", None, "tag/iraq/page/2/", "1"),
        ("tag/iraq/page/2/index.html", "tag/iraq/", "tag/iraq/page/3/", "2"),
        ("tag/iraq/page/3/index.html", "tag/iraq/page/2/", None, "3"),
        ("index.html", None, "page/2/", None),
        ("page/2/index.html", "", "page/3/", "2"),
    ],
)
def test_listing_pagination(
    built_example: Path, rel: str, prev: str | None, next_: str | None, current: str | None
) -> None:
    soup = html_file(built_example / rel)
    head = {link["rel"][0]: link["href"] for link in soup.select("head link[rel]")}
    assert head.get("prev") == (None if prev is None else BASE + prev)
    assert head.get("next") == (None if next_ is None else BASE + next_)
    pages = _one(soup, 'nav.pagination[aria-label="Pages"]')
    body_prev, body_next = pages.select('a[rel="prev"]'), pages.select('a[rel="next"]')
    assert [a["href"] for a in body_prev] == ([] if prev is None else ["/" + prev])
    assert [a["href"] for a in body_next] == ([] if next_ is None else ["/" + next_])
    numbers = [int(_text(a)) for a in pages.select("a:not([rel])")]
    assert numbers[0] == 1 and len(numbers) >= 2 and numbers == sorted(set(numbers))
    gaps = sum(b - a > 1 for a, b in zip(numbers, numbers[1:], strict=False))
    assert len(pages.select('li.gap[aria-hidden="true"]')) == gaps
    marked = [_text(a) for a in pages.select('a[aria-current="page"]')]
    assert marked == ([current] if current else ["1"])


def test_tag_page_two_continues_page_one(built_example: Path) -> None:
    one = html_file(built_example / "tag/iraq/index.html").select(".card-title a")
    two = html_file(built_example / "tag/iraq/page/2/index.html").select(".card-title a")
    assert len(one) == 5 and 1 <= len(two) <= 5
    assert not {a["href"] for a in one} & {a["href"] for a in two}


def _pages(public: Path) -> list[str]:
    return sorted(p.relative_to(public).as_posix() for p in public.rglob("*.html"))


def test_every_page_has_one_h1_valid_times_and_working_links(built_example: Path) -> None:
    for rel in _pages(built_example):
        soup = html_file(built_example / rel)
        assert len(soup.select("h1")) == 1, rel
        # the example's Sorani and Arabic pages live under /ckb/ and /ar/, English everywhere else
        language = rel.split("/")[0] if rel.startswith(("ckb/", "ar/")) else "en"
        assert soup.html is not None and soup.html["lang"] == language, rel
        for time in soup.select("time"):
            assert datetime.fromisoformat(str(time["datetime"])).tzinfo is not None, rel
        for tag in soup.select("a[href], link[href], img[src]"):
            url = str(tag.get("href") or tag.get("src"))
            path = urlsplit(url).path
            if url.startswith("#") or (url.startswith("http") and not url.startswith(BASE)):
                continue
            path = path.removeprefix(urlsplit(BASE).path)
            target = built_example / path
            assert (
                target / "index.html" if path.endswith("/") or not path else target
            ).is_file(), f"{rel}: broken link {url}"
