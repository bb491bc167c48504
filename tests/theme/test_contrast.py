"""The theme's colour pairs meet WCAG AA (4.5:1) for text, including states axe cannot see on
the sampled pages (draft notice, current page in pagination, the footer's wash)."""

from __future__ import annotations

import re

import pytest

from sitegen.render.environment import THEME_DIR

CSS = (THEME_DIR / "static" / "style.css").read_text(encoding="utf-8")
_VAR = r"--([a-z]+):\s*(#[0-9a-fA-F]{6})"
_DARK_BLOCK = CSS[CSS.index("@media (prefers-color-scheme: dark)") :].split("\n}\n", 1)[0]
VARS = dict(re.findall(_VAR, CSS[CSS.index(":root {") : CSS.index("}", CSS.index(":root {"))]))
"""The light palette (the first ``:root`` block)."""
DARK = {**VARS, **dict(re.findall(_VAR, _DARK_BLOCK))}
"""The dark palette: the light one with the ``prefers-color-scheme: dark`` block's values."""
PALETTES = {"light": VARS, "dark": DARK}


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ink", "paper"),
        ("muted", "paper"),  # captions, credits, bylines' times, card meta
        ("accent", "paper"),  # datelines, kickers, card locations
        ("ink", "wash"),
        ("muted", "wash"),  # colophon in the footer
        ("accent", "wash"),
        ("paper", "ink"),  # skip link, badge, current page in pagination
    ],
)
def test_theme_palette_pairs(text: str, background: str, scheme: str) -> None:
    palette = PALETTES[scheme]
    assert contrast(palette[text], palette[background]) >= 4.5


def test_dark_palette_differs() -> None:
    assert DARK["paper"] != VARS["paper"] and DARK["ink"] != VARS["ink"]


def test_dark_draft_notice_and_breaking_banner() -> None:
    notice = re.search(r"\.notice \{ background: (#[0-9a-f]{6})", _DARK_BLOCK)
    assert notice is not None
    assert contrast(DARK["ink"], notice.group(1)) >= 4.5
    banner = re.search(r"\.breaking \{ background: (#[0-9a-f]{6})", _DARK_BLOCK)
    assert banner is not None and contrast("#ffffff", banner.group(1)) >= 4.5
    assert contrast("#ffffff", VARS["accent"]) >= 4.5  # the banner in the light scheme


def test_draft_notice() -> None:
    notice = re.search(r"\.notice \{ background: (#[0-9a-f]{6})", CSS)
    assert notice is not None
    assert contrast(VARS["ink"], notice.group(1)) >= 4.5
