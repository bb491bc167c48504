"""No page built from the real content scrolls sideways at 320 px, in either direction.

Debian's Chromium loads a deterministic sample of pages of every kind from a loopback server:
every Arabic (right-to-left) page; every second Markdown-case article; every third 18F post with
wide content (``pre``, tables, iframes, words of 40 characters) and every twentieth other post;
the front page, section and archive listings, every 25th tag and author page. About 200 pages,
at some 0.15 s each (loading all 1,250 takes over two minutes). Page scripts are off and only the
loopback server is reachable (the posts embed third-party scripts and iframes).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.realdata.conftest import BuiltSite

WIDTH = 320
_WIDE = re.compile(rb"<(?:pre|table|iframe|video|embed|object)\b|>[^<]*?[^\s<>]{40}")
"""Wide content in an article body: a block that does not wrap, or a 40-character word."""
_ARTICLE = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")
_LISTINGS = (
    "index.html",
    "404.html",
    "blog/index.html",
    "markdown/index.html",
    "usage/index.html",
    "2015/index.html",
    "2016/03/index.html",
)
_FIND_CULPRITS = """() => {
  const width = window.innerWidth;
  const overflow = document.scrollingElement.scrollWidth - width;
  if (overflow <= 0) return null;
  const out = (el) => {
    const box = el.getBoundingClientRect();
    return box.right > width + 1 || box.left < -1;
  };
  const name = (el) => el.tagName.toLowerCase() +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    const parent = el.parentElement;
    const boxOut = out(el) && !(parent && out(parent));
    const textOut = !boxOut && !out(el) && el.children.length === 0 &&
      el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible';
    if (boxOut || textOut) {
      const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
      culprits.push(`${name(el)} [${Math.round(box.left)}, ${Math.round(box.right)}] "${text}"`);
    }
  }
  return {overflow, culprits: culprits.slice(0, 4)};
}"""


def sample(site: BuiltSite) -> list[str]:
    """Site-relative paths of the pages to load (see the module docstring)."""
    pages = [p for p in site.pages if b'http-equiv="refresh"' not in p.read_bytes()[:4000]]
    rels = [p.relative_to(site.public).as_posix() for p in pages]
    if site.name == "ar":
        return rels
    chosen = [rel for rel in rels if rel in _LISTINGS]
    cases = [rel for rel in rels if _ARTICLE.match(rel) and "/md-" in rel]
    wide: list[str] = []
    other: list[str] = []
    for page, rel in zip(pages, rels, strict=True):
        if _ARTICLE.match(rel) and "/md-" not in rel:
            (wide if _WIDE.search(_body(page.read_bytes())) else other).append(rel)
    tags = [r for r in rels if r.startswith("tag/") and "/page/" not in r]
    authors = [r for r in rels if r.startswith("author/") and "/page/" not in r]
    return chosen + cases[::2] + wide[::3] + other[::20] + tags[::25] + authors[::25]


def _body(html: bytes) -> bytes:
    start, end = html.find(b'<div class="article-body">'), html.find(b"</main>")
    return html[start:end] if start >= 0 else b""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - library signature
        """Keep the test output clean."""

    def handle(self) -> None:
        """Aborted loads (the page moved on) are not errors."""
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def servers(realdata_sites: dict[str, BuiltSite]) -> Iterator[dict[str, str]]:
    """Each site's public/ on its own 127.0.0.1 port: base URL by site name."""
    running = []
    urls = {}
    for name, site in realdata_sites.items():
        handler = functools.partial(_Quiet, directory=str(site.public))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}/"
    yield urls
    for server in running:
        server.shutdown()
        server.server_close()


def _only_from(base: str) -> Callable[[Any], None]:
    """A route handler that lets requests to ``base`` through and aborts all others."""

    def handle(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort()

    return handle


def test_no_horizontal_overflow_at_320px(
    browser: Any, realdata_sites: dict[str, BuiltSite], servers: dict[str, str]
) -> None:
    found: list[str] = []
    loaded = 0
    for name, site in realdata_sites.items():
        base = servers[name]
        context = browser.new_context(
            viewport={"width": WIDTH, "height": 640}, java_script_enabled=False
        )
        context.route("**/*", _only_from(base))
        try:
            tab = context.new_page()
            for rel in sample(site):
                tab.goto(base + rel.removesuffix("index.html"), wait_until="load")
                loaded += 1
                result = tab.evaluate(_FIND_CULPRITS)
                if result:
                    culprits = "; ".join(result["culprits"]) or "no single element"
                    found.append(f"{name}/{rel}: {result['overflow']}px too wide: {culprits}")
        finally:
            context.close()
    print(f"overflow at {WIDTH}px: {len(found)} of {loaded} pages")
    assert not found, f"{len(found)} of {loaded} pages overflow at {WIDTH}px:\n" + "\n".join(found)
