#!/usr/bin/env python3
"""Write the deterministic placeholder PNGs used by the bundled example site.

Rerun from the repository root (no dependencies beyond the Python 3.11 standard library):

    python3 scripts/make_placeholders.py            # writes into ./static/images/
    python3 scripts/make_placeholders.py OUT_DIR     # writes into OUT_DIR/ instead

Every image is listed in ``IMAGES`` below (path under ``static/images/`` -> section colour,
pattern, variant). Each picture is a flat muted colour for its section with one simple lighter
shape on top, so it is obviously a placeholder and not a photograph. The PNGs are built from
that table alone (zlib + struct, fixed compression level, no timestamps or text chunks), so a
rerun reproduces byte-identical files with the same zlib build. Article front matter describes
these pictures in ``image.alt``; if you change a colour or pattern here, update the alt text too.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 675  # 16:9 lead images
LOGO_WIDTH, LOGO_HEIGHT = 600, 60

Colour = tuple[int, int, int]
Span = tuple[Colour, int]  # (colour, run length in pixels)

# Muted background colour per section; the pattern is drawn in a lighter tint of it.
SECTION_COLOURS: dict[str, Colour] = {
    "politics": (92, 108, 136),  # slate blue
    "economy": (104, 128, 100),  # sage green
    "health": (88, 128, 132),  # muted teal
    "culture": (128, 100, 124),  # dusty plum
    "sport": (150, 128, 88),  # ochre
}

# path under static/images/ -> (section, pattern, variant)
# pattern: "bands" = three diagonal bands, "rect" = centred rectangle, "frame" = inset frame.
# variant (0-2) shifts the bands / resizes the rectangle or frame so pictures differ slightly.
IMAGES: dict[str, tuple[str, str, int]] = {
    "2020/salary-talks.png": ("economy", "bands", 0),
    "2020/testing-lab.png": ("health", "rect", 0),
    "2020/halabja-library.png": ("culture", "frame", 0),
    "2020/budget-talks.png": ("politics", "rect", 0),
    "2021/vaccine-cold-store.png": ("health", "bands", 1),
    "2021/new-coach.png": ("sport", "bands", 0),
    "2021/kirkuk-market.png": ("economy", "rect", 1),
    "2021/book-fair.png": ("culture", "bands", 0),
    "2021/kdp-puk-meeting.png": ("politics", "frame", 0),
    "2021/pompeo-kadhimi.png": ("politics", "bands", 0),
    "2021/sanctions.png": ("politics", "bands", 2),
    "2021/pomegranates.png": ("economy", "frame", 1),
    "2021/theatre-season.png": ("culture", "rect", 1),
    "2021/kirkuk-council.png": ("politics", "rect", 2),
    "2021/oil-revenue.png": ("economy", "bands", 2),
    "2021/citadel-photos.png": ("culture", "frame", 2),
    "2021/futsal-league.png": ("sport", "rect", 1),
    "2021/mobile-clinics.png": ("health", "frame", 1),
    "2021/voter-registration.png": ("politics", "frame", 1),
    "2021/vaccine-deliveries.png": ("health", "rect", 2),
    "2021/craft-market.png": ("culture", "bands", 1),
}


def tint(colour: Colour, amount: float) -> Colour:
    """Blend ``colour`` towards white by ``amount`` (0..1)."""
    r, g, b = (round(c + (255 - c) * amount) for c in colour)
    return (r, g, b)


def spans_from_intervals(width: int, bg: Colour, fg: Colour,
                         intervals: list[tuple[int, int]]) -> list[Span]:
    """Row as runs: ``fg`` over the sorted, non-overlapping [start, end) intervals, else ``bg``."""
    spans: list[Span] = []
    x = 0
    for start, end in intervals:
        start, end = max(start, x), min(end, width)
        if start >= end:
            continue
        if start > x:
            spans.append((bg, start - x))
        spans.append((fg, end - start))
        x = end
    if x < width:
        spans.append((bg, width - x))
    return spans


def row_bands(y: int, bg: Colour, fg: Colour, variant: int) -> list[Span]:
    """Three diagonal bands running from bottom-left to top-right."""
    period, thickness = 640, 130
    offset = 90 + 170 * variant
    intervals = []
    # pixel x is in a band when (x + y - offset) mod period < thickness
    for k in range(-1, 5):
        start = offset + k * period - y
        intervals.append((start, start + thickness))
    intervals.sort()
    return spans_from_intervals(WIDTH, bg, fg, intervals)


def row_rect(y: int, bg: Colour, fg: Colour, variant: int) -> list[Span]:
    """A lighter rectangle centred in the picture."""
    half_w = (300, 360, 420)[variant]
    half_h = (150, 190, 230)[variant]
    cx, cy = WIDTH // 2, HEIGHT // 2
    if cy - half_h <= y < cy + half_h:
        return spans_from_intervals(WIDTH, bg, fg, [(cx - half_w, cx + half_w)])
    return [(bg, WIDTH)]


def row_frame(y: int, bg: Colour, fg: Colour, variant: int) -> list[Span]:
    """A lighter rectangular frame inset from the edges."""
    margin = (60, 90, 120)[variant]
    thick = 28
    top, bottom = margin, HEIGHT - margin
    left, right = margin, WIDTH - margin
    if top <= y < top + thick or bottom - thick <= y < bottom:
        return spans_from_intervals(WIDTH, bg, fg, [(left, right)])
    if top + thick <= y < bottom - thick:
        return spans_from_intervals(WIDTH, bg, fg, [(left, left + thick), (right - thick, right)])
    return [(bg, WIDTH)]


PATTERNS = {"bands": row_bands, "rect": row_rect, "frame": row_frame}


def filtered_row(spans: list[Span]) -> bytes:
    """One scanline with PNG filter type 1 (Sub): only colour changes are non-zero."""
    out = bytearray(b"\x01")
    prev: Colour = (0, 0, 0)
    for colour, length in spans:
        out += bytes((c - p) & 0xFF for c, p in zip(colour, prev))
        out += bytes(3 * (length - 1))
        prev = colour
    return bytes(out)


def png_bytes(width: int, height: int, rows: list[list[Span]]) -> bytes:
    """Encode an 8-bit RGB PNG from run-length rows."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"".join(filtered_row(spans) for spans in rows)
    assert len(raw) == height * (1 + 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def placeholder(section: str, pattern: str, variant: int) -> bytes:
    bg = SECTION_COLOURS[section]
    fg = tint(bg, 0.28)
    make_row = PATTERNS[pattern]
    return png_bytes(WIDTH, HEIGHT, [make_row(y, bg, fg, variant) for y in range(HEIGHT)])


def logo() -> bytes:
    """Publisher logo: a dark slate bar with a muted red block at the left, no lettering."""
    bar, accent, rule = (44, 54, 70), (168, 76, 64), (120, 132, 150)
    rows = []
    for y in range(LOGO_HEIGHT):
        if y >= LOGO_HEIGHT - 4:
            rows.append([(rule, LOGO_WIDTH)])
        else:
            rows.append([(accent, 60), (bar, LOGO_WIDTH - 60)])
    return png_bytes(LOGO_WIDTH, LOGO_HEIGHT, rows)


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    out_dir = root / "static" / "images" if len(argv) <= 1 else root
    files = {"logo.png": logo()}
    files.update({path: placeholder(*spec) for path, spec in IMAGES.items()})
    for rel, data in files.items():
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"{target} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
