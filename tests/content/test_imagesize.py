"""Picture sizes are read from the whole header, with Pillow, and from the root tag of an SVG."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from sitegen.content.imagesize import ImageSizeError, image_size, read_image_size

PIXELS = (320, 180)


def _picture(fmt: str, size: tuple[int, int] = PIXELS, **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, fmt, **options)
    return out.getvalue()


def _frame_offset(jpeg: bytes) -> int:
    """Where the JPEG's start-of-frame marker (SOF0) is."""
    return jpeg.index(b"\xff\xc0")


def test_jpeg_with_more_than_64_kib_of_metadata_before_the_frame(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010E] = "x" * 60_000  # ImageDescription: one APP1 segment of ~60 KB
    icc = bytes(range(256)) * 400  # ~100 KB profile, split over several APP2 segments
    data = _picture("JPEG", exif=exif.tobytes(), icc_profile=icc)
    assert _frame_offset(data) > 128 * 1024  # the size comes after 128 KiB of metadata
    path = tmp_path / "big-exif.jpg"
    path.write_bytes(data)
    assert read_image_size(path) == PIXELS


def test_a_quarter_turned_jpeg_is_as_displayed(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    path = tmp_path / "turned.jpg"
    path.write_bytes(_picture("JPEG", exif=exif.tobytes()))
    assert read_image_size(path) == (180, 320)


@pytest.mark.parametrize("fmt", ["PNG", "GIF", "WEBP", "JPEG"])
def test_raster_formats(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"picture.{fmt.lower()}"
    path.write_bytes(_picture(fmt))
    assert read_image_size(path) == PIXELS


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ('width="120" height="60"', (120, 60)),
        ('width="120px" height="60px"', (120, 60)),
        ('width="1in" height="0.5in"', (96, 48)),
        ('viewBox="0 0 640 360"', (640, 360)),
        ('viewBox="-10,-10,640,360"', (640, 360)),
        ('width="100%" height="100%" viewBox="0 0 640 360"', (640, 360)),
        ('width="320" viewBox="0 0 640 360"', (320, 180)),
        ('height="90" viewBox="0 0 640 360"', (160, 90)),
    ],
)
def test_svg_sizes(tmp_path: Path, root: str, expected: tuple[int, int]) -> None:
    path = tmp_path / "picture.svg"
    path.write_text(
        f'<?xml version="1.0"?>\n<!-- a comment -->\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" {root}><rect width="1" height="1"/></svg>\n'
    )
    assert read_image_size(path) == expected


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>', "neither width and height"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 10"/>', "neither width"),
        ("<html><body/></html>", "not <svg>"),
        ("<svg", "not readable as SVG"),
        ("", "not readable as SVG"),
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">&b;</svg>',
            "not readable as SVG",
        ),
    ],
)
def test_svg_without_a_readable_size(tmp_path: Path, content: str, why: str) -> None:
    path = tmp_path / "picture.svg"
    path.write_text(content)
    with pytest.raises(ImageSizeError, match=why):
        read_image_size(path)
    assert image_size(path) is None


@pytest.mark.parametrize("data", [b"", b"GIF89a", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"plain text"])
def test_damaged_or_unknown_raster(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "picture.jpg"
    path.write_bytes(data)
    with pytest.raises(ImageSizeError):
        read_image_size(path)
