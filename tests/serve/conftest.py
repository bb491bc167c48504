"""Scratch copies of the example site and a real preview server on a free loopback port."""

from __future__ import annotations

import http.client
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from benchmarks.preview import copy_site
from sitegen.serve.server import PreviewServer, ServeOptions

EXAMPLE = Path(__file__).resolve().parents[2]
ARTICLE = "content/articles/2021/duhok-health-directorate-opens-vaccine-cold-store.md"
ARTICLE_URL = "/2021/01/duhok-health-directorate-opens-vaccine-cold-store/"


def save(path: Path, text: str) -> None:
    """Save a source as editors with atomic saves do: a temporary file renamed over it.

    Never half a file: ``write_text`` truncates first, and a test thread descheduled between
    truncating and writing (a loaded machine) gives the watcher an empty article, a failed
    build and its fix instead of one edit.
    """
    temporary = path.with_name(path.name + ".tmp")  # ignored by the watcher, as editors' are
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example site's sources; the repository's own content is never edited."""
    return copy_site(EXAMPLE, tmp_path / "site")


def _running(site: Path) -> Iterator[PreviewServer]:
    preview = PreviewServer(ServeOptions(site, port=0, debounce=0.05), Console(file=io.StringIO()))
    preview.start()
    try:
        yield preview
    finally:
        preview.stop()


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    """A started preview server on a free loopback port, stopped after the test."""
    yield from _running(site)


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    """One server for a module's read-only tests (the tests must not edit its site)."""
    yield from _running(copy_site(EXAMPLE, tmp_path_factory.mktemp("shared") / "site"))


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(server: PreviewServer, path: str, method: str = "GET") -> Reply:
    """One real HTTP request over a socket (the path is sent exactly as given)."""
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Reply(response.status, headers, response.read())
    finally:
        conn.close()


class Elements(HTMLParser):
    """Collects elements by tag with their attributes and text (a real HTML parser)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str], str]] = []
        self._open: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}, ""))
        if tag not in ("meta", "link", "img", "br", "hr", "input", "source"):
            self._open.append(len(self.found) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            index = self._open.pop()
            if self.found[index][0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for index in self._open:
            tag, attrs, text = self.found[index]
            self.found[index] = (tag, attrs, text + data)

    def by_id(self, element_id: str) -> tuple[str, dict[str, str], str] | None:
        return next((e for e in self.found if e[1].get("id") == element_id), None)

    def texts(self, tag: str) -> list[str]:
        return [text for t, _, text in self.found if t == tag]
