"""Which resized copies and crops of a lead image are published, and under which names.

A pure function of the picture (its digest, pixel size and format) and the ``images:`` settings,
shared by the plan (one job per copy) and the views (``srcset``, ``og:image``, JSON-LD), so the
two can never disagree. Names carry a digest of the source's bytes and of everything that shapes
the encoding: a changed picture or setting gets new names (caches never serve a stale copy), and
an unchanged one keeps its names, so its copies are never made again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitegen.digests import combine, digest

if TYPE_CHECKING:  # kept light: the job definitions import this module
    from sitegen.config import ImagesConfig
    from sitegen.content.models import Image

VERSION = 1
"""Bumped when the encoding changes (new settings, a new resampling filter): every copy gets a
new name."""

SOURCE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
"""Pictures that are resized and cleaned, by suffix; others (SVG, GIF, AVIF...) are published
as they are."""
SUFFIXES = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "AVIF": "image/avif"}
SOCIAL = (1200, 630)
"""Open Graph and Twitter/X card size (1.91:1)."""
SHAPES = ((16, 9), (4, 3), (1, 1))
"""The aspect ratios Google asks for in NewsArticle ``image``, at most 1200 pixels wide."""
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")

Box = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Recipe:
    """How one published picture is made from its source: plain data, so it crosses to the
    render workers and its ``repr`` is a stable part of the job's key."""

    width: int
    """Width in pixels; 0 (with ``height``) keeps the source's size."""
    height: int
    format: str
    """Pillow format name: ``JPEG``, ``PNG``, ``WEBP`` or ``AVIF``."""
    quality: int
    keep_metadata: bool
    box: Box | None = None
    """Crop (left, top, right, bottom) in pixels of the upright source; None: all of it."""


@dataclass(frozen=True, slots=True)
class Variant:
    """One published copy: where it goes and how it is made."""

    url: str
    """Site-relative path (``images/2021/x-640.1a2b3c4d5e.webp``)."""
    recipe: Recipe
    key: str
    """Digest of the source's bytes and the recipe (see ``PictureJob.cache_key``)."""


@dataclass(frozen=True)
class Pictures:
    """Every copy of one lead image."""

    widths: dict[str, tuple[Variant, ...]]
    """Resized copies by format (``AVIF``, ``WEBP`` and the fallback), narrowest first."""
    fallback: str
    """The format every browser shows: the source's own."""
    social: Variant
    """The 1200x630 crop (smaller when the picture is)."""
    shapes: tuple[Variant, ...]
    """The 16:9, 4:3 and 1:1 crops."""

    def variants(self, crops: bool = True) -> list[Variant]:
        """Every copy (the crops only with ``crops``: a lead image's), each once."""
        found = [v for group in self.widths.values() for v in group]
        return [*found, self.social, *self.shapes] if crops else found


ORIGINAL_QUALITY = 90
"""JPEG and WebP quality of a picture published at its own path (re-encoded to clean it): high,
since it is the full-size picture a reader may open."""


def original_recipe(path: str, keep_metadata: bool) -> Recipe | None:
    """How a picture published at its own path is cleaned (None: published as it is)."""
    fmt = SOURCE_FORMATS.get(_suffix(path))
    if fmt is None or keep_metadata:
        return None
    return Recipe(0, 0, fmt, ORIGINAL_QUALITY, False)


@functools.cache
def avif_supported() -> bool:
    """Whether the installed Pillow writes AVIF: whether it has its AVIF module, as
    ``PIL.features.check("avif")`` asks, without importing ``PIL.features`` and ``PIL.Image``
    (a rebuild that encodes nothing need not pay for them)."""
    import importlib

    try:
        importlib.import_module("PIL._avif")
    except ImportError:
        return False
    return True


def pictures_of(image: Image | None, settings: ImagesConfig) -> Pictures | None:
    """The copies of ``image`` (None for an external, vector or unreadable picture).

    Every rebuild names the copies of every picture (the plan declares each one), so this is
    kept cheap: the recipes depend only on the picture's size, focus and format and on the
    settings, which many pictures share (one camera, one size), and are worked out once per
    such shape; a copy then costs one short digest of its source's and its recipe's digests.
    """
    if image is None or not (image.file and image.digest and image.width and image.height):
        return None
    source = SOURCE_FORMATS.get(_suffix(image.file))
    if source is None:
        return None
    folder, _, name = image.url.rpartition("/")
    stem = _UNSAFE_NAME.sub("-", name.rsplit(".", 1)[0]).strip("-") or "image"
    path = f"{folder}/{stem}" if folder else stem
    avif = settings.avif and avif_supported()
    shape = _Shape((image.width, image.height), image.focus or (0.5, 0.5), source, avif)
    layout = _layout(shape, tuple(settings.widths), settings.quality, settings.keep_metadata)
    source_key = digest(VERSION, image.digest)

    def named(step: _Step) -> Variant:
        key = combine(source_key, step.digest)
        return Variant(
            f"{path}-{step.label}.{key[:10]}.{SUFFIXES[step.recipe.format]}", step.recipe, key
        )

    widths = {fmt: tuple(map(named, steps)) for fmt, steps in layout.widths.items()}
    return Pictures(widths, source, named(layout.social), tuple(map(named, layout.shapes)))


def _suffix(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the copies of a picture depend on besides its bytes and the settings."""

    size: tuple[int, int]
    focus: tuple[float, float]
    format: str
    """The source's format (its copies keep it as the fallback)."""
    avif: bool
    """Whether AVIF copies are made."""


@dataclass(frozen=True, slots=True)
class _Step:
    """One copy of any picture of a shape: its name's size label, its recipe and the recipe's
    digest (the part of the copy's key that does not depend on the source)."""

    label: str
    recipe: Recipe
    digest: str


@dataclass(frozen=True, slots=True)
class _Layout:
    widths: dict[str, tuple[_Step, ...]]
    social: _Step
    shapes: tuple[_Step, ...]


@functools.lru_cache(maxsize=1024)
def _layout(shape: _Shape, widths: tuple[int, ...], quality: int, keep: bool) -> _Layout:
    """The copies every picture of ``shape`` gets under these settings."""
    formats = (["AVIF"] if shape.avif else []) + ["WEBP"]
    if shape.format != "WEBP":
        formats.append(shape.format)
    resized = {fmt: _resized(shape.size, fmt, widths, quality, keep) for fmt in formats}
    crop_format = "JPEG" if shape.format == "JPEG" else "PNG"

    def crop(target: tuple[int, int]) -> _Step:
        """A crop of ``target``'s shape around the focus, at ``target``'s size or smaller."""
        box = crop_box(shape.size, target, shape.focus)
        width = min(target[0], box[2] - box[0])
        height = max(1, round(width * target[1] / target[0]))
        return _step(f"{width}x{height}", Recipe(width, height, crop_format, quality, keep, box))

    shapes = tuple(crop((1200, 1200 * h // w)) for w, h in SHAPES)
    return _Layout(resized, crop(SOCIAL), shapes)


def _step(label: str, recipe: Recipe) -> _Step:
    return _Step(label, recipe, digest(recipe))


def _resized(
    size: tuple[int, int], fmt: str, widths: tuple[int, ...], quality: int, keep: bool
) -> tuple[_Step, ...]:
    """Copies at each configured width below the original's, and one at the original's width
    (or the widest configured, when the original is wider): never upscaled."""
    width, height = size
    chosen = [w for w in widths if w < width]
    top = min(width, widths[-1])
    if top not in chosen:
        chosen.append(top)
    return tuple(
        _step(str(w), Recipe(w, max(1, round(height * w / width)), fmt, quality, keep))
        for w in chosen
    )


def crop_box(size: tuple[int, int], target: tuple[int, int], focus: tuple[float, float]) -> Box:
    """The largest box of ``target``'s aspect ratio inside ``size``, as centred on ``focus``
    (fractions of width and height) as the edges allow."""
    width, height = size
    if width * target[1] > height * target[0]:  # wider than the target: cut the sides
        cw, ch = max(1, round(height * target[0] / target[1])), height
    else:
        cw, ch = width, max(1, round(width * target[1] / target[0]))
    left = min(max(round(focus[0] * width - cw / 2), 0), width - cw)
    top = min(max(round(focus[1] * height - ch / 2), 0), height - ch)
    return (left, top, left + cw, top + ch)


def picture_view(pictures: Pictures) -> dict[str, Any]:
    """What templates need: ``sources`` (type and srcset entries, best format first), the
    fallback's ``srcset`` entries and its widest copy (``src``, ``width``, ``height``)."""
    fallback = pictures.widths[pictures.fallback]
    widest = fallback[-1]
    return {
        "sources": [
            {"type": MIME_TYPES[fmt], "srcset": [_entry(v) for v in group]}
            for fmt, group in pictures.widths.items()
            if fmt != pictures.fallback
        ],
        "srcset": [_entry(v) for v in fallback],
        "src": widest.url,
        "width": widest.recipe.width,
        "height": widest.recipe.height,
    }


def _entry(variant: Variant) -> dict[str, Any]:
    return {"url": variant.url, "width": variant.recipe.width}
