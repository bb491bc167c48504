"""Make one published picture from its source with Pillow: upright, sRGB, without metadata.

Every copy is made from the same prepared source: the EXIF orientation applied, the embedded
ICC profile converted to sRGB, the pixels in RGB or RGBA. The metadata (EXIF with its GPS
position and camera serial, XMP, IPTC, comments, the ICC profile) is never carried over unless
``images.keep_metadata`` says so. Encoder settings are fixed and single-threaded, and nothing
time-dependent is written, so the same source and recipe give the same bytes on every run.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sitegen.content.imagesize import MAX_SIDE, pillow
from sitegen.render.pictures import Recipe

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


class PictureError(ValueError):
    """The picture cannot be decoded or encoded; the message says why."""


@dataclass
class _Prepared:
    """A source decoded, upright and in sRGB, with its EXIF and XMP and its resized versions."""

    key: tuple[str, int, int]
    """Path, size and modification time of the source file."""
    image: PILImage
    exif: bytes
    xmp: bytes
    sizes: dict[tuple[tuple[int, int], Any], PILImage] = field(default_factory=dict)


_last: list[_Prepared] = []
"""The source prepared last in this process: the jobs of one picture run one after the other
(see ``sitegen.engine.executor``), so it is decoded once, and resized once per size, for all its
copies."""


def make_picture(source: str, recipe: Recipe) -> bytes:
    """The bytes of the picture ``recipe`` describes, made from the file ``source``."""
    from PIL import Image

    prepared = _prepared(source)
    image, exif, xmp = prepared.image, prepared.exif, prepared.xmp
    resized = recipe.width and (recipe.width, recipe.height) != image.size
    if recipe.box is not None or resized:
        size = (recipe.width, recipe.height)
        key = (size, recipe.box)
        if key not in prepared.sizes:  # one resize serves every format of that size
            prepared.sizes[key] = image.resize(
                size, Image.Resampling.LANCZOS, box=recipe.box, reducing_gap=3.0
            )
        image = prepared.sizes[key]
    if recipe.format == "JPEG" and image.mode != "RGB":
        image = _flattened(image)
    out = io.BytesIO()
    options = _OPTIONS[recipe.format](recipe.quality)
    if recipe.keep_metadata:
        options.update(_metadata(recipe.format, exif, xmp))
    try:
        image.save(out, recipe.format, **options)
    except (OSError, ValueError) as exc:
        raise PictureError(f"cannot be written as {recipe.format} ({exc})") from None
    return out.getvalue()


_OPTIONS: dict[str, Any] = {
    "JPEG": lambda q: {"quality": q, "optimize": True, "progressive": True, "subsampling": 2},
    "WEBP": lambda q: {"quality": q, "method": 4},
    "AVIF": lambda q: {"quality": q, "speed": 8, "max_threads": 1, "subsampling": "4:2:0"},
    "PNG": lambda q: {"optimize": False, "compress_level": 6},
}
"""Fixed encoder settings by format (``q``: the configured quality)."""


def _metadata(fmt: str, exif: bytes, xmp: bytes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if exif:
        found["exif"] = exif
    if xmp and fmt in ("JPEG", "WEBP", "PNG", "AVIF"):
        found["xmp"] = xmp
    return found


def _prepared(source: str) -> _Prepared:
    st = os.stat(source)
    key = (source, st.st_size, st.st_mtime_ns)
    if _last and _last[0].key == key:
        return _last[0]
    _last.clear()
    prepared = _Prepared(key, *_decode(source))
    _last.append(prepared)
    return prepared


def _decode(source: str) -> tuple[PILImage, bytes, bytes]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as opened:
                if max(opened.size) > MAX_SIDE:
                    raise PictureError(f"{opened.size[0]}x{opened.size[1]} pixels is absurd")
                opened.load()
                upright = ImageOps.exif_transpose(opened)
    except UnidentifiedImageError:
        raise PictureError("not a picture format Pillow reads") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PictureError(f"a decompression bomb ({exc})") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or damaged data
        raise PictureError(f"damaged ({exc})") from None
    exif = upright.getexif().tobytes() if upright.getexif() else b""
    xmp = upright.info.get("xmp", b"")
    clean = _in_srgb(upright)
    clean.info = {}  # nothing of the source's metadata may ride along into an encoder
    return clean, exif, xmp if isinstance(xmp, bytes) else xmp.encode()


def _in_srgb(image: PILImage) -> PILImage:
    """The picture in RGB or RGBA, its colours converted from its ICC profile to sRGB."""
    from PIL import ImageCms

    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            converted = ImageCms.profileToProfile(
                image, profile, _srgb(), outputMode=mode if image.mode != "L" else "RGB"
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unusable profile: the pixels are taken as sRGB, as browsers would
    if image.mode != mode:
        image = image.convert(mode)
    return image


def _srgb() -> Any:
    from PIL import ImageCms

    return ImageCms.createProfile("sRGB")


def _flattened(image: PILImage) -> PILImage:
    """An RGBA picture on white, for JPEG (which has no transparency)."""
    from PIL import Image

    if image.mode != "RGBA":
        return image.convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background
