"""Pictures in article bodies and galleries: resized copies, width and height, lazy loading."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag
from PIL import Image

from tests.engine.conftest import build_site, tree
from tests.engine.test_pictures import GPS_IFD, MAKE, photo
from tests.parsing import srcset_entries

ARTICLE = """---
title: Scenes from the market
date: 2021-03-01T10:00:00+03:00
{front}---

The market opened on Monday.

![Stalls at dawn](/images/market.jpg "The north gate")

<p class="wide"><img src="/images/crowd.png" alt="The crowd" id="crowd"></p>

![A logo](/images/logo.svg) ![Elsewhere](https://example.org/x.jpg) ![Gone](/images/missing.jpg)

<picture><source srcset="/images/market.jpg"><img src="/images/market.jpg" alt="Authored"></picture>

```
![In code](/images/code-only.jpg)
```
"""

GALLERY = """gallery:
  - src: /images/market.jpg
    alt: Stalls at dawn
    caption: The north gate
    credit: A photographer
  - src: stall.jpg
    alt: A fruit stall
"""


def make_site(root: Path, front: str = "") -> Path:
    articles = root / "content" / "articles" / "2021"
    articles.mkdir(parents=True)
    (root / "sitegen.yaml").write_text(
        "title: Market News\nbase_url: https://news.example/\nimages:\n  widths: [320, 640]\n",
        encoding="utf-8",
    )
    (articles / "market.md").write_text(ARTICLE.format(front=front), encoding="utf-8")
    photo(root / "static" / "images" / "market.jpg", (1000, 750))
    photo(root / "static" / "images" / "crowd.png", (500, 250), fmt="PNG")
    photo(root / "static" / "images" / "code-only.jpg", (100, 100))
    photo(articles / "stall.jpg", (800, 600))
    (root / "static" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8"
    )
    return root


def _page(root: Path) -> BeautifulSoup:
    html = (root / "public" / "2021" / "03" / "market" / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def test_body_pictures_get_copies_size_and_lazy_loading(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    build_site(root)
    body = _page(root).select_one(".article-body")
    assert body is not None
    img = body.find("img", alt="Stalls at dawn")
    assert isinstance(img, Tag)
    assert img.parent is not None and img.parent.name == "picture"
    # no lead image: the body's first picture is the one seen first
    assert (img["width"], img["height"], img["loading"]) == ("640", "480", "eager")
    assert img["fetchpriority"] == "high"
    assert img["title"] == "The north gate"
    assert [w for _, w in srcset_entries(str(img["srcset"]))] == [320, 640]
    assert "42rem" in str(img["sizes"])
    assert "image/webp" in [s["type"] for s in img.parent.find_all("source")]
    for url, width in srcset_entries(str(img["srcset"])):
        with Image.open(root / "public" / url.lstrip("/")) as copy:
            assert copy.width == width and MAKE not in copy.getexif()
            assert not copy.getexif().get_ifd(GPS_IFD)
    crowd = body.find("img", id="crowd")
    assert isinstance(crowd, Tag)
    assert (crowd["width"], crowd["height"]) == ("500", "250")
    assert [w for _, w in srcset_entries(str(crowd["srcset"]))] == [320, 500]
    assert crowd["loading"] == "lazy" and not crowd.get("fetchpriority")
    assert crowd.find_parent("p", class_="wide") is not None


def test_other_body_images_are_left_as_written(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    build_site(root)
    body = _page(root).select_one(".article-body")
    assert body is not None
    for alt, src in (("A logo", "/images/logo.svg"), ("Elsewhere", "https://example.org/x.jpg")):
        img = body.find("img", alt=alt)
        assert isinstance(img, Tag) and img["src"] == src and not img.get("srcset"), alt
    authored = body.find("img", alt="Authored")
    assert isinstance(authored, Tag) and authored["src"] == "/images/market.jpg"
    assert authored.parent is not None and len(authored.parent.find_all("source")) == 1
    assert "code-only" in body.select_one("pre").get_text()  # type: ignore[union-attr]


def test_gallery_is_a_labelled_list_of_figures(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", GALLERY)
    build_site(root)
    page = _page(root)
    section = page.select_one("section.gallery")
    assert section is not None
    heading = page.find(id=section["aria-labelledby"])
    assert heading is not None and heading.name == "h2"
    figures = section.select("ul > li > figure")
    assert len(figures) == 2
    first, second = (figure.find("img") for figure in figures)
    assert isinstance(first, Tag) and isinstance(second, Tag)
    assert first["alt"] == "Stalls at dawn" and second["alt"] == "A fruit stall"
    assert first["loading"] == "lazy" and (second["width"], second["height"]) == ("640", "480")
    assert [w for _, w in srcset_entries(str(second["srcset"]))] == [320, 640]
    caption = figures[0].find("figcaption")
    assert caption is not None and "The north gate" in caption.text
    assert "A photographer" in caption.text
    link = figures[1].find("a")
    assert isinstance(link, Tag) and link["href"] == "/media/articles/2021/stall.jpg"
    assert (root / "public" / "media" / "articles" / "2021" / "stall.jpg").is_file()


def test_removed_gallery_takes_its_copies_away_and_equals_a_clean_build(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", GALLERY)
    build_site(root)
    assert list((root / "public" / "media").rglob("stall-*"))
    article = root / "content" / "articles" / "2021" / "market.md"
    article.write_text(ARTICLE.format(front=""), encoding="utf-8")
    build_site(root)
    assert not (root / "public" / "media").exists() or not list(
        (root / "public" / "media").rglob("stall*")
    )
    clean = make_site(tmp_path / "clean")
    build_site(clean)
    assert tree(root / "public") == tree(clean / "public")


def test_replaced_body_picture_rerenders_the_page(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    build_site(root)
    photo(root / "static" / "images" / "crowd.png", (600, 200), fmt="PNG")
    build_site(root)
    crowd = _page(root).find("img", id="crowd")
    assert isinstance(crowd, Tag) and (crowd["width"], crowd["height"]) == ("600", "200")


MORE = """---
title: Scenes from the market
date: 2021-03-01T10:00:00+03:00
{front}---

The market opened on Monday.

![Stalls at dawn][stalls] and ![Crowd] and ![Fruit][] beside the story.

![Beside](stall.jpg) ![In a folder](./pics/spice%20stall.jpg) ![Not here](../2020/x.jpg)

[stalls]: /images/market.jpg "The north gate"
[CROWD]: <pics/crowd.png>
[fruit]: stall.jpg
"""


def more_site(root: Path, front: str = "") -> Path:
    make_site(root)
    articles = root / "content" / "articles" / "2021"
    (articles / "market.md").write_text(MORE.format(front=front), encoding="utf-8")
    photo(articles / "pics" / "spice stall.jpg", (1200, 800))
    photo(articles / "pics" / "crowd.png", (500, 250), fmt="PNG")
    return root


def test_reference_and_article_relative_pictures_are_responsive(tmp_path: Path) -> None:
    root = more_site(tmp_path / "site")
    build_site(root)
    body = _page(root).select_one(".article-body")
    assert body is not None
    expected = {
        "Stalls at dawn": ("/images/market-", (640, 480)),
        "Crowd": ("/media/articles/2021/pics/crowd-", (500, 250)),
        "Fruit": ("/media/articles/2021/stall-", (640, 480)),
        "Beside": ("/media/articles/2021/stall-", (640, 480)),
        "In a folder": ("/media/articles/2021/pics/spice-stall-", (640, 427)),
    }
    for alt, (prefix, size) in expected.items():
        img = body.find("img", alt=alt)
        assert isinstance(img, Tag), alt
        assert img.parent is not None and img.parent.name == "picture", alt
        assert (int(img["width"]), int(img["height"])) == size, alt
        for url, width in srcset_entries(str(img["srcset"])):
            assert url.startswith(prefix), (alt, url)
            with Image.open(root / "public" / url.lstrip("/")) as copy:
                assert copy.width == width and MAKE not in copy.getexif()
    assert body.find("img", alt="Stalls at dawn")["title"] == "The north gate"  # type: ignore[index]
    loading = [img["loading"] for img in body.find_all("img", alt=list(expected))]
    assert loading == ["eager", "lazy", "lazy", "lazy", "lazy"]
    outside = body.find("img", alt="Not here")
    assert isinstance(outside, Tag) and outside["src"] == "../2020/x.jpg"
    with Image.open(root / "public" / "media/articles/2021/pics/spice stall.jpg") as original:
        assert original.size == (1200, 800) and MAKE not in original.getexif()


def test_with_a_lead_image_every_body_picture_is_lazy(tmp_path: Path) -> None:
    lead = "image:\n  src: /images/crowd.png\n  alt: The crowd\n"
    root = more_site(tmp_path / "site", lead)
    build_site(root)
    page = _page(root)
    lead_img = page.select_one(".lead-image img")
    assert lead_img is not None and lead_img["fetchpriority"] == "high"
    body = page.select_one(".article-body")
    assert body is not None
    pictures = body.select("picture img")
    assert len(pictures) == 5
    assert {img["loading"] for img in pictures} == {"lazy"}
    assert not any(img.get("fetchpriority") for img in pictures)
    assert page.select("[fetchpriority]") == [lead_img]


def test_feed_pictures_are_plain_absolute_images_with_their_size(tmp_path: Path) -> None:
    import feedparser

    lead = "image:\n  src: /images/crowd.png\n  alt: The crowd\n"
    root = more_site(tmp_path / "site", lead)
    build_site(root)
    feed = feedparser.parse((root / "public" / "feed.xml").read_bytes())
    html = BeautifulSoup(feed.entries[0].content[0].value, "html.parser")
    assert not html.find("picture") and not html.find(srcset=True)
    found = {img["alt"]: img for img in html.find_all("img")}
    expected = {
        "The crowd": ("https://news.example/images/crowd.png", ("500", "250")),
        "Stalls at dawn": ("https://news.example/images/market.jpg", ("1000", "750")),
        "Crowd": ("https://news.example/media/articles/2021/pics/crowd.png", ("500", "250")),
        "Fruit": ("https://news.example/media/articles/2021/stall.jpg", ("800", "600")),
        "Beside": ("https://news.example/media/articles/2021/stall.jpg", ("800", "600")),
        "In a folder": (
            "https://news.example/media/articles/2021/pics/spice%20stall.jpg",
            ("1200", "800"),
        ),
    }
    for alt, (url, size) in expected.items():
        img = found[alt]
        assert (img["src"], (img["width"], img["height"])) == (url, size), alt
        path = root / "public" / url.removeprefix("https://news.example/").replace("%20", " ")
        assert path.is_file(), alt
