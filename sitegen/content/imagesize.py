"""Pixel size of a picture from its header: Pillow for raster formats, the root tag for SVG.

Width and height go into ``<img width height>`` (no layout shift) and ``og:image:width``.
``Image.open`` parses only the header, however much metadata (EXIF, ICC profiles, XMP) comes
before the frame, and decodes no pixels. A JPEG whose EXIF says it is rotated a quarter turn is
shown turned, so its displayed width and height are swapped.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

SVG_SUFFIXES = (".svg",)
_ROTATED = frozenset({5, 6, 7, 8})
"""EXIF orientations that turn the picture a quarter turn (width and height swap on screen)."""
_ORIENTATION = 0x0112
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px|pt|pc|mm|cm|in)?\s*")
_PER_UNIT = {
    None: 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
}
"""CSS pixels per unit (CSS Values 4: 1in = 96px)."""


MAX_PIXELS = 100_000_000
"""Pillow's decompression-bomb limit, set on purpose: 100 megapixels is more than any camera a
newsroom uses gives, and a small file claiming more would take gigabytes to decode."""
MAX_SIDE = 20_000
"""The longest side a published picture may have (a 1x50000 strip is not a photo)."""


class ImageSizeError(ValueError):
    """The picture's size cannot be read; the message says why."""


def image_size(path: str | Path) -> tuple[int, int] | None:
    """``(width, height)`` in pixels as displayed, or None when it cannot be read."""
    try:
        return read_image_size(path)
    except ImageSizeError:
        return None


def read_image_size(path: str | Path) -> tuple[int, int]:
    """``(width, height)`` in pixels as displayed; :class:`ImageSizeError` says why not."""
    if str(path).lower().endswith(SVG_SUFFIXES):
        return _svg_size(path)
    # Imported here: Pillow's import costs more than a rebuild that reads no picture.
    from PIL import Image, UnidentifiedImageError

    pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                # JPEG only: other formats' EXIF may lie past the header (PNG's would be decoded)
                if image.format in ("JPEG", "MPO"):
                    if image.getexif().get(_ORIENTATION) in _ROTATED:
                        width, height = height, width
    except UnidentifiedImageError:
        if os.path.getsize(path) == 0:
            raise ImageSizeError("the file is empty (0 bytes)") from None
        raise ImageSizeError("not a picture format Pillow reads") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageSizeError(_too_big(path)) from None
    except (OSError, SyntaxError, ValueError) as exc:  # Pillow's errors for damaged headers
        raise ImageSizeError(f"damaged header ({exc})") from None
    if width <= 0 or height <= 0:
        raise ImageSizeError(f"the header gives a size of {width}x{height}")
    if max(width, height) > MAX_SIDE:
        raise ImageSizeError(
            f"{width}x{height} pixels is absurd for a picture (at most {MAX_SIDE} a side)"
        )
    return width, height


def pillow() -> None:
    """Set Pillow's decompression-bomb limit (deliberately, not Pillow's default)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _too_big(path: str | Path) -> str:
    return (
        f"a decompression bomb: it claims more than {MAX_PIXELS // 1_000_000} megapixels "
        f"in a file of {os.path.getsize(path)} bytes"
    )


def _svg_size(path: str | Path) -> tuple[int, int]:
    """From the root ``<svg>``: ``width`` and ``height`` in absolute units, else ``viewBox``.

    defusedxml refuses entity expansion and external references; only the root element's start
    tag is read.
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    try:
        with open(path, "rb") as handle:
            root = next(iter(iterparse(handle, events=("start",))))[1]
    except (ParseError, DefusedXmlException, StopIteration, OSError) as exc:
        raise ImageSizeError(f"not readable as SVG ({exc or 'empty'})") from None
    if root.tag.rsplit("}", 1)[-1] != "svg":
        raise ImageSizeError(f"the root element is <{root.tag}>, not <svg>")
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if width and height:
        return round(width), round(height)
    if box:
        if width:  # one length given: the other follows the viewBox's proportions
            return round(width), round(width * box[1] / box[0])
        if height:
            return round(height * box[0] / box[1]), round(height)
        return round(box[0]), round(box[1])
    raise ImageSizeError("the <svg> element has neither width and height in units nor viewBox")


def _length(text: str | None) -> float | None:
    """A length in CSS pixels; None for a missing, relative (``%``, ``em``) or zero length."""
    match = _LENGTH.fullmatch(text or "")
    if not match:
        return None
    value = float(match.group(1)) * _PER_UNIT[match.group(2)]
    return value if value > 0 else None


def _view_box(text: str | None) -> tuple[float, float] | None:
    parts = (text or "").replace(",", " ").split()
    try:
        width, height = float(parts[2]), float(parts[3])
    except (IndexError, ValueError):
        return None
    return (width, height) if len(parts) == 4 and width > 0 and height > 0 else None
