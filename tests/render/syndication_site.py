"""A small news site written into tmp_path, built for real, and parsers for what it outputs.

Imported by the syndication tests (``tests/render`` is on ``sys.path`` under pytest's default
import mode); the ``site`` fixture lives in conftest.py.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from sitegen.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]
BUILD_TIME = datetime.fromisoformat("2026-11-28T12:00:00+03:00")
BASE_URL = "https://example.org/news/"
NASTY_TITLE = 'Budget "deal" </script><script>alert(1)</script> & <!-- more'

CONFIG: dict[str, Any] = {
    "title": "Example Wire",
    "base_url": BASE_URL,
    "description": "Test site for syndication.",
    "language": "en-GB",
    "timezone": "Asia/Baghdad",
    "page_size": 2,
    "publisher": {"name": "Example Agency", "logo": "images/logo.png"},
    "sections": [
        {"slug": "politics", "name": "Politics"},
        {"slug": "economy", "name": "Economy"},
    ],
}


def _when(hours_before_build: float) -> str:
    return (BUILD_TIME - timedelta(hours=hours_before_build)).isoformat()


ARTICLES: dict[str, tuple[dict[str, Any], str]] = {
    "budget-deal": (
        {
            "id": "3f0e7a56-5a43-4c1e-9f53-6a2b3c5d7e01",
            "title": NASTY_TITLE,
            "date": _when(1),
            "updated": _when(0.5),
            "authors": ["Ava Karim", "Lana Hassan"],
            "location": "ERBIL",
            "source": "ESTA",
            "section": "politics",
            "tags": ["Budget", "Parliament"],
            "image": {"src": "/images/lead.png", "alt": 'A "lead" picture', "caption": "C"},
        },
        "Talks went on late. See [the oil report](/2026/11/oil-report/) and "
        "[the about page](/about/).\n\n![Chart](/images/lead.png)\n",
    ),
    "oil-report": (
        {
            "title": "Oil report published",
            "date": _when(50),
            "updated": _when(3),
            "source": "ESTA",
            "section": "economy",
            "tags": ["Oil"],
        },
        "Exports rose, [relative link](../budget-deal/).\n",
    ),
    "reprinted-column": (
        {
            "id": "9b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d",
            "title": "A reprinted column",
            "date": _when(2),
            "author": "Daroon Aziz",
            "section": "economy",
            "canonical": "https://other.example/columns/original/",
        },
        "First published elsewhere.\n",
    ),
    "last-year": (
        {
            "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "title": "Last year's story",
            "date": "2025-06-01T09:00:00+03:00",
            "author": "Ava Karim",
            "section": "politics",
            "tags": ["Parliament"],
        },
        "Old news.\n",
    ),
}


def write_site(
    root: Path,
    articles: dict[str, tuple[dict[str, Any], str]] | None = None,
    **config: Any,
) -> Path:
    """Write sitegen.yaml, the articles, an about page and two images into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sitegen.yaml").write_text(yaml.safe_dump({**CONFIG, **config}), encoding="utf-8")
    folder = root / "content" / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for name, (meta, body) in (ARTICLES if articles is None else articles).items():
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "about.md").write_text("---\ntitle: About\n---\n\nWho we are.\n", encoding="utf-8")
    images = root / "static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "static" / "images" / "logo.png", images / "logo.png")
    shutil.copy(REPO / "static" / "images" / "2021" / "book-fair.png", images / "lead.png")
    return root


def build_site(root: Path, base_url: str | None = None, **options: Any) -> Path:
    """Build for real with the fixed build time; return the output folder."""
    result = build(BuildOptions(root, base_url=base_url, build_time=BUILD_TIME, **options))
    return result.output


@dataclass
class Head:
    """What a built HTML page says about itself."""

    links: list[dict[str, str]] = field(default_factory=list)
    meta: list[dict[str, str]] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    h1: str = ""
    times: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    """Every href/src in the document."""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head = Head()
        self._in_h1 = False
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.head.urls += [values[k] for k in ("href", "src") if k in values]
        if tag == "link":
            self.head.links.append(values)
        elif tag == "meta":
            self.head.meta.append(values)
        elif tag == "h1":
            self._in_h1 = True
        elif tag == "time":
            self.head.times.append(values["datetime"])
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False
        elif tag == "script" and self._script is not None:
            self.head.jsonld.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.head.h1 += data
        if self._script is not None:
            self._script.append(data)


def parse_page(path: Path) -> Head:
    """Parse one built HTML file with the standard library's HTML parser."""
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.head
