"""Edit-to-reload time: how long after saving an article an open tab is told to reload.

Used by the benchmark: it starts a real preview server on a free loopback port over a *copy* of
the site (the original is never edited), listens to the Server-Sent Events stream as a browser
would, appends a paragraph to an article body and times the arrival of the ``reload`` event that
makes a tab showing that article reload (one that names its page, or every page).
"""

from __future__ import annotations

import http.client
import io
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rich.console import Console

from sitegen.config import load_config
from sitegen.content.discover import ARTICLES_DIR, discover
from sitegen.content.loader import load_article
from sitegen.graph.urls import article_path
from sitegen.serve.inject import EVENTS_PATH
from sitegen.serve.server import PreviewServer, ServeOptions
from sitegen.serve.watcher import CONFIG_FILE, WATCHED_DIRS


class ReloadStream:
    """A plain HTTP client reading the preview's event stream."""

    def __init__(self, url: str, timeout: float, since: str | None = None) -> None:
        host_port = url.split("//", 1)[1].rstrip("/")
        host, _, port = host_port.rpartition(":")
        self._conn = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=timeout)
        path = EVENTS_PATH + (f"?since={quote(since)}" if since else "")
        self._conn.request("GET", path, headers={"Accept": "text/event-stream"})
        self._response = self._conn.getresponse()
        self.pages: list[str] | None = None
        """The pages the last event named (None: every page)."""
        self.generation = self.next_reload()

    def next_reload(self, page: str | None = None) -> str:
        """Block until the next ``reload`` event (naming ``page`` or every page, when a page is
        given); return its generation."""
        while True:
            data = self._next_event()
            pages = data["pages"]
            self.pages = None if pages == "*" else list(pages)
            if page is None or self.pages is None or page in self.pages:
                return str(data["generation"])

    def _next_event(self) -> dict[str, Any]:
        event = ""
        while True:
            line = self._response.fp.readline()
            if not line:
                raise ConnectionError("the event stream ended")
            text = line.decode().rstrip("\n")
            if text.startswith("event:"):
                event = text[6:].strip()
            elif text.startswith("data:") and event == "reload":
                data: dict[str, Any] = json.loads(text[5:])
                return data

    def close(self) -> None:
        self._conn.close()


def copy_site(root: Path, target: Path) -> Path:
    """Copy the site's sources (not its output) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in WATCHED_DIRS:
        if (root / name).is_dir():
            shutil.copytree(root / name, target / name, symlinks=True)
    shutil.copy2(root / CONFIG_FILE, target / CONFIG_FILE)
    return target


def measure_edit_to_reload(
    root: Path, runs: int = 3, timeout: float = 600.0, scratch: Path | None = None
) -> float:
    """Median seconds from saving an edited article body to the reload event, on a copy of root."""
    # the benchmark passes its tmpfs folder as ``scratch``, so disk noise stays out of the figure
    with tempfile.TemporaryDirectory(prefix="sitegen-reload-", dir=scratch) as tmp:
        site = copy_site(root, Path(tmp) / "site")
        server = PreviewServer(ServeOptions(site, port=0), Console(file=io.StringIO()))
        server.start()
        try:
            if server.state.current().problems:
                raise RuntimeError(f"the site at {root} does not build")
            return statistics.median(_timed_edits(server, site, runs, timeout))
        finally:
            server.stop()


def _timed_edits(server: PreviewServer, site: Path, runs: int, timeout: float) -> list[float]:
    article = discover(site, ARTICLES_DIR)[0]
    config = load_config(site)
    loaded, _ = load_article(site, article, config)
    assert loaded is not None, f"{article} does not load"
    page = "/" + article_path(config.permalink, loaded)
    stream = ReloadStream(server.url, timeout)
    times = []
    try:
        for run in range(runs):
            text = article.read_text(encoding="utf-8")
            started = time.perf_counter()
            article.write_text(text + f"\nEdited paragraph {run + 1}.\n", encoding="utf-8")
            stream.next_reload(page)
            times.append(time.perf_counter() - started)
            if server.state.current().problems:
                raise RuntimeError("the edited site failed to build")
    finally:
        stream.close()
    return times


def main() -> None:
    """``python -m benchmarks.preview [SITE] [RUNS]``: print the median edit-to-reload time."""
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    seconds = measure_edit_to_reload(root, runs)
    print(f"edit-to-reload: {seconds * 1000:.0f} ms (median of {runs}) for {root}")


if __name__ == "__main__":
    main()
