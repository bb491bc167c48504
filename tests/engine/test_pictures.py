"""Pictures: published without metadata, resized for each place, cropped for social cards."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageCms

from tests.engine.conftest import build_site, stats, tree
from tests.parsing import srcset_entries

PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif")
MAKE, MODEL, ORIENTATION, GPS_IFD, EXIF_IFD, BODY_SERIAL = (
    0x010F,
    0x0110,
    0x0112,
    0x8825,
    0x8769,
    0xA431,
)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>photographer-location</x:xmpmeta>'


_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
"""Made once: a profile carries the time it was made, and a test comparing two sites built
from the same pictures needs the same bytes."""


def photo(path: Path, size: tuple[int, int], orientation: int = 1, fmt: str = "JPEG") -> None:
    """A picture as a camera leaves it: GPS position, camera make, model and serial, XMP, a
    comment and an ICC profile."""
    width, height = size
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient))
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Canon", "EOS 5D Mark IV", orientation
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "012345678901"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (36.0, 11.0, 24.0), "E", (44.0, 0.0, 36.0)
    icc = _ICC
    path.parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, object] = {"exif": exif, "icc_profile": icc, "xmp": XMP}
    if fmt == "JPEG":
        options["comment"] = b"shot at the safe house"
    image.save(path, fmt, **options)


ARTICLE = """---
title: Photographers document the citadel
date: 2021-02-01T10:00:00+03:00
image:
  src: {src}
  alt: The citadel wall at dusk
  caption: The citadel
  credit: A photographer
{extra}---

The exhibition opened on Monday.

![A street](/images/street.png)
"""


def make_site(root: Path, src: str = "/images/2021/citadel.jpg", extra: str = "") -> Path:
    (root / "content" / "articles" / "2021").mkdir(parents=True)
    (root / "sitegen.yaml").write_text(
        "title: Picture News\nbase_url: https://news.example/\n"
        "images:\n  widths: [320, 640, 1280]\n",
        encoding="utf-8",
    )
    article = root / "content" / "articles" / "2021" / "citadel.md"
    article.write_text(ARTICLE.format(src=src, extra=extra), encoding="utf-8")
    (root / "content" / "articles" / "2021" / "second.md").write_text(
        "---\ntitle: Second story\ndate: 2021-01-01T10:00:00+03:00\n"
        "image: {src: /images/2021/citadel.jpg, alt: The wall}\n---\n\nText.\n",
        encoding="utf-8",
    )
    # landscape as seen, stored on its side with EXIF orientation 6 (turn a quarter right)
    photo(root / "static" / "images" / "2021" / "citadel.jpg", (1200, 1600), orientation=6)
    photo(root / "static" / "images" / "street.png", (400, 300), fmt="PNG")
    photo(root / "content" / "articles" / "2021" / "local.jpg", (800, 600))
    return root


@pytest.fixture
def picture_site(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "site")
    build_site(root)
    return root


def published_pictures(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix.lower() in PICTURE_SUFFIXES)


def test_no_published_picture_carries_gps_or_camera_metadata(picture_site: Path) -> None:
    pictures = published_pictures(picture_site / "public")
    assert len(pictures) >= 15  # the originals and every copy
    for path in pictures:
        with Image.open(path) as image:
            exif = image.getexif()
            assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD), path
            assert MAKE not in exif and MODEL not in exif, path
            assert not exif.get_ifd(EXIF_IFD).get(BODY_SERIAL), path
            for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
                assert key not in image.info, (path, key)
        assert b"012345678901" not in path.read_bytes(), path
        assert b"photographer-location" not in path.read_bytes(), path


def test_orientation_is_applied_before_anything(picture_site: Path) -> None:
    out = picture_site / "public"
    with Image.open(out / "images" / "2021" / "citadel.jpg") as original:
        assert original.size == (1600, 1200)
    for path in (out / "images" / "2021").glob("citadel-*"):
        with Image.open(path) as image:
            width, height = image.size
            assert width >= height, path  # every copy is landscape, as the reader sees it


def test_keep_metadata_publishes_originals_as_they_are(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site")
    config = root / "sitegen.yaml"
    config.write_text(config.read_text() + "  keep_metadata: true\n", encoding="utf-8")
    build_site(root)
    source = root / "static" / "images" / "street.png"
    assert (root / "public" / "images" / "street.png").read_bytes() == source.read_bytes()


def _page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "public" / path).read_text(encoding="utf-8"), "html.parser")


def test_lead_image_has_every_size_and_format_never_upscaled(picture_site: Path) -> None:
    page = _page(picture_site, "2021/02/citadel/index.html")
    picture = page.select_one("figure.lead-image picture")
    assert picture is not None
    types = [s["type"] for s in picture.find_all("source")]
    assert "image/webp" in types
    img = picture.find("img")
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"
    assert (img["width"], img["height"]) == ("1280", "960")
    widths = [w for _, w in srcset_entries(str(img["srcset"]))]
    assert widths == [320, 640, 1280]
    for source in picture.find_all("source"):
        for url, width in srcset_entries(str(source["srcset"])):
            with Image.open(picture_site / "public" / url.lstrip("/")) as image:
                assert image.width == width
                assert image.format == {"image/webp": "WEBP", "image/avif": "AVIF"}[source["type"]]
    assert "42rem" in img["sizes"]


def test_small_picture_is_not_upscaled(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", src="local.jpg")
    build_site(root)
    img = _page(root, "2021/02/citadel/index.html").select_one("figure.lead-image img")
    assert img is not None
    assert [w for _, w in srcset_entries(str(img["srcset"]))] == [320, 640, 800]
    with Image.open(
        root / "public" / srcset_entries(str(img["srcset"]))[-1][0].lstrip("/")
    ) as image:
        assert image.size == (800, 600)


def test_every_image_has_a_size_and_only_the_first_loads_eagerly(picture_site: Path) -> None:
    for path in ("index.html", "2021/02/citadel/index.html", "2021/index.html"):
        page = _page(picture_site, path)
        images = [img for img in page.find_all("img") if "/street.png" not in img["src"]]
        assert images, path
        assert all(img.get("width") and img.get("height") for img in images), path
        loading = [img.get("loading") for img in images]
        assert loading[0] == "eager" and images[0].get("fetchpriority") == "high", path
        assert set(loading[1:]) <= {"lazy"}, path


def test_social_card_and_structured_data_crops(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", extra="  focus: [0.1, 0.5]\n")
    build_site(root)
    page = _page(root, "2021/02/citadel/index.html")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.find_all("meta")}
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:image"] == meta["og:image"]
    local = root / "public" / meta["og:image"].removeprefix("https://news.example/")
    with Image.open(local) as image:
        assert image.size == (1200, 630)
    ld = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    news = next(item for item in ld if item["@type"] == "NewsArticle")
    ratios = []
    for url in news["image"]:
        with Image.open(root / "public" / url.removeprefix("https://news.example/")) as image:
            ratios.append(round(image.width / image.height, 2))
            assert image.width == 1200
    assert ratios == [round(16 / 9, 2), round(4 / 3, 2), 1.0]


def test_text_edit_never_encodes_a_picture(
    picture_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stats(picture_site / "public")

    def refuse(*_: object) -> bytes:
        raise AssertionError("a picture was encoded again")

    monkeypatch.setattr("sitegen.engine.picturecache.make_picture", refuse)
    article = picture_site / "content" / "articles" / "2021" / "citadel.md"
    article.write_text(article.read_text() + "\nAnother paragraph.\n", encoding="utf-8")
    shutil.rmtree(picture_site / ".sitegen" / "pictures", ignore_errors=True)
    build_site(picture_site)
    after = stats(picture_site / "public")
    for path in published_pictures(picture_site / "public"):
        rel = path.relative_to(picture_site / "public").as_posix()
        assert after[rel] == before[rel], rel


def test_a_replaced_picture_takes_its_copies_away(picture_site: Path) -> None:
    out = picture_site / "public"
    old = sorted(p.name for p in (out / "images" / "2021").glob("citadel-*"))
    for name in ("citadel.md", "second.md"):
        article = picture_site / "content" / "articles" / "2021" / name
        text = article.read_text().replace("/images/2021/citadel.jpg", "local.jpg")
        article.write_text(text, encoding="utf-8")
    build_site(picture_site)
    assert not any((out / "images" / "2021" / name).exists() for name in old)
    assert list((out / "media" / "articles" / "2021").glob("local-*"))
    assert (out / "images" / "2021" / "citadel.jpg").exists()  # still a file of static/


def test_pictures_are_byte_identical_whatever_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SITEGEN_PICTURE_CACHE")  # each build encodes its own
    first = make_site(tmp_path / "one")
    second = make_site(tmp_path / "two")
    build_site(first, jobs=1)
    build_site(second, jobs=2, clean=True)
    one, two = tree(first / "public"), tree(second / "public")
    assert one.keys() == two.keys()
    assert [k for k in one if one[k] != two[k]] == []


def _linear_rgb_profile() -> bytes:
    """An ICC v2 display profile with sRGB's primaries but a linear tone curve (gamma 1.0): a
    mid grey stored under it is much lighter in sRGB. Written out by hand because Pillow can
    only make sRGB, LAB and XYZ profiles."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    name = b"linear RGB\0"
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0100) + b"\0\0"
    tags = [
        (b"desc", b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + b"\0" * 78),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text\0\0\0\0none\0\0\0\0"),
    ]
    start = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", start + len(data), len(body))
        data += body
    header = struct.pack(">I4sI", start + len(data), b"", 0x02100000) + b"mntrRGB XYZ "
    header += b"\0" * 12 + b"acsp" + b"\0" * 28 + s15(0.9642) + s15(1.0) + s15(0.8249)
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


def test_colours_are_converted_to_srgb(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", src="/images/2021/grey.png")
    grey = Image.new("RGB", (800, 600), (128, 128, 128))
    grey.save(root / "static" / "images" / "2021" / "grey.png", icc_profile=_linear_rgb_profile())
    build_site(root)
    made = sorted((root / "public" / "images" / "2021").glob("grey*"))
    assert len(made) >= 10  # the original, copies in each format and the crops
    for path in made:
        with Image.open(path) as picture:
            assert "icc_profile" not in picture.info, path
            red, green, blue = picture.convert("RGB").getpixel((100, 100))  # type: ignore[misc]
            assert all(abs(value - 188) <= 3 for value in (red, green, blue)), (path, red)
