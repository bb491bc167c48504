"""Helpers shared by test files: parse what sitegen wrote, and make small pictures to feed it."""

from __future__ import annotations

import io
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

from sitegen.content.markdown import MarkdownRenderer


def html_file(path: Path) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def markdown_soup(body: str) -> BeautifulSoup:
    """A Markdown body as sitegen renders it, parsed."""
    return BeautifulSoup(MarkdownRenderer().to_html(body), "html.parser")


def srcset_entries(srcset: str) -> list[tuple[str, int]]:
    """A ``srcset`` attribute's value as (URL, width) pairs, in order."""
    entries = [part.strip().rsplit(" ", 1) for part in srcset.split(",")]
    return [(url, int(width.rstrip("w"))) for url, width in entries]


def png_bytes(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), "grey").save(out, "PNG")
    return out.getvalue()
