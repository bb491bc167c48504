"""Scratch newsroom sites written from dicts, built with a given build time, and their output
parsed (BeautifulSoup, feedparser, ElementTree, JSON-LD)."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from sitegen.commands.cli import main

REPO = Path(__file__).resolve().parents[2]
CONFIG = {
    "title": "Newsroom Test",
    "base_url": "https://news.example.org/",
    "language": "en",
    "timezone": "Asia/Baghdad",
    "publisher": {"name": "Test Agency", "logo": "images/logo.png"},
    "sections": [
        {"slug": "politics", "name": "Politics"},
        {"slug": "economy", "name": "Economy"},
    ],
    # the front page's date adds a clock event every midnight; tests that want it set it
    "front_page": {"date": False},
}


class Newsroom:
    """A scratch site: ``write`` articles, ``run`` the command line, ``page`` parsed output."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "public"
        (root / "content" / "articles").mkdir(parents=True)
        (root / "static" / "images").mkdir(parents=True)
        shutil.copy2(REPO / "static" / "images" / "logo.png", root / "static/images/logo.png")
        self.config()

    def config(self, **values: Any) -> None:
        """Write ``sitegen.yaml`` (JSON is YAML): the test config with ``values`` set."""
        data = {**CONFIG, **values}
        (self.root / "sitegen.yaml").write_text(json.dumps(data, indent=1), "utf-8")

    def write(self, slug: str, body: str = "Body text of the article.", **front: Any) -> str:
        """An article at ``content/articles/<slug>.md``; returns its path relative to the root."""
        front.setdefault("title", slug.replace("-", " ").title())
        front.setdefault("id", str(uuid.uuid5(uuid.NAMESPACE_URL, slug)))
        rel = f"content/articles/{slug}.md"
        text = "---\n" + json.dumps(front, indent=1, default=str) + "\n---\n\n" + body + "\n"
        (self.root / rel).write_text(text, "utf-8")
        return rel

    def run(self, *args: str, at: str | None = None) -> Result:
        """``sitegen ARGS --root ROOT [--build-time AT]`` in-process."""
        extra = ["--root", str(self.root)] + (["--build-time", at] if at else [])
        return CliRunner().invoke(main, [*args, *extra], catch_exceptions=False)

    def build(self, at: str) -> Result:
        """Build at ``at``; the build must succeed."""
        result = self.run("build", "--jobs", "1", at=at)
        assert result.exit_code == 0, result.output
        return result

    def page(self, path: str) -> BeautifulSoup:
        """The parsed HTML of an output page (``""`` is the front page)."""
        file = self.out / path / "index.html" if not path.endswith(".html") else self.out / path
        return BeautifulSoup(file.read_text("utf-8"), "html.parser")

    def exists(self, path: str) -> bool:
        return (self.out / path / "index.html").is_file()


def json_ld(soup: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD object of a page, parsed."""
    found = []
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        found += data if isinstance(data, list) else [data]
    return found


@pytest.fixture
def newsroom(tmp_path: Path) -> Newsroom:
    """A fresh scratch newsroom site."""
    return Newsroom(tmp_path / "site")


@pytest.fixture
def ld() -> Callable[[BeautifulSoup], list[dict[str, Any]]]:
    """:func:`json_ld`."""
    return json_ld
