"""Pictures in article bodies and galleries: resized copies, width and height, lazy loading."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag
from PIL import Image

from tests.build.conftest import build_site, tree
from tests.build.test_pictures import GPS_IFD, MAKE, photo
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
    assert (img["width"], img["height"], img["loading"]) == ("640", "480", "lazy")
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
