"""Search figures of the benchmark: the index's size, the time to make it, one query's bytes.

The bytes a reader downloads for one query are counted in a real browser (Debian's Chromium,
driven by Playwright, against a loopback static server), as the sum of the response bodies the
search page fetches; without the browser tools that figure is reported as skipped.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

from benchmarks.measure import Figures, run

CHROMIUM = Path("/usr/bin/chromium")


def index_size(public: Path) -> tuple[int, int, int]:
    """Bytes and files of the published index, and its number of shards."""
    bundle = public / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    shards = sum(1 for p in bundle.iterdir() if p.is_dir()) if bundle.is_dir() else 0
    return sum(p.stat().st_size for p in files), len(files), shards


def index_from_scratch(site: Path, build: list[str]) -> Figures:
    """A build whose pages are up to date but whose index is gone: every shard is indexed."""
    shutil.rmtree(site / "public" / "pagefind", ignore_errors=True)
    for members in (site / ".sitegen").glob("search-shards-*.json"):
        members.unlink()
    return run(build)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - library signature
        """Callers print their own lines."""


@contextmanager
def served_folder(folder: Path) -> Iterator[str]:
    """``with served_folder(folder) as base:`` serves ``folder`` on 127.0.0.1 at URL ``base``
    (a plain static server, as a host would; also used by the browser tests)."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def query_bytes(public: Path, query: str) -> str:
    """What one query on the search page downloads: requests and bytes, search page excluded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped (playwright is not installed)"
    if not CHROMIUM.exists():
        return f"skipped ({CHROMIUM} is not installed)"
    sizes: list[int] = []
    with served_folder(public) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()

        def count(response: Any) -> None:
            if "/pagefind/" in response.url:
                sizes.append(len(response.body()))

        page.on("response", count)
        page.goto(f"{base}search/?q={quote(query)}")
        page.wait_for_function(
            "document.getElementById('search-status').textContent.includes('match')"
        )
        status = page.locator("#search-status").inner_text()
        browser.close()
    return f"{sum(sizes) / 1024:.0f} KiB in {len(sizes)} requests ({status})"
