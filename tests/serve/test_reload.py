"""Live reload and the error overlay, observed as a browser would: the event stream and pages."""

from __future__ import annotations

import http.client
import io
import threading
from pathlib import Path

from rich.console import Console

from benchmarks.preview import ReloadStream
from sitegen.serve.handler import PreviewHTTPServer
from sitegen.serve.inject import OVERLAY_ID
from sitegen.serve.server import PreviewServer, ServeOptions
from sitegen.serve.state import PreviewState

from .conftest import ARTICLE, ARTICLE_URL, Elements, get

GOOD_DATE = "date: 2021-01-03T11:00:00+03:00"
BAD_DATE = "date: 2021-13-03"


def test_edit_sends_a_reload_and_serves_the_new_text(site: Path, server: PreviewServer) -> None:
    stream = ReloadStream(server.url, timeout=30)
    try:
        first = stream.generation
        article = site / ARTICLE
        article.write_text(article.read_text("utf-8") + "\nA brand-new paragraph.\n", "utf-8")
        assert stream.next_reload() != first
    finally:
        stream.close()
    assert "A brand-new paragraph." in Elements(get(server, ARTICLE_URL).text).texts("p")


def test_broken_front_matter_shows_the_overlay_until_fixed(
    site: Path, server: PreviewServer
) -> None:
    article = site / ARTICLE
    good = article.read_text("utf-8")
    stream = ReloadStream(server.url, timeout=30)
    try:
        article.write_text(good.replace(GOOD_DATE, BAD_DATE), "utf-8")
        stream.next_reload()
        page = Elements(get(server, "/").text)
        overlay = page.by_id(OVERLAY_ID)
        assert overlay is not None
        assert f"{ARTICLE}:4" in overlay[2]
        assert "date" in overlay[2] and "2021-13-03" in overlay[2]
        # The last good site is still underneath.
        assert get(server, ARTICLE_URL).status == 200

        article.write_text(good, "utf-8")
        stream.next_reload()
        assert Elements(get(server, "/").text).by_id(OVERLAY_ID) is None
    finally:
        stream.close()


def test_problem_text_is_escaped_in_the_overlay(site: Path, server: PreviewServer) -> None:
    article = site / ARTICLE
    article.write_text(
        article.read_text("utf-8").replace(GOOD_DATE, 'date: "<script>alert(1)</script>"'),
        "utf-8",
    )
    assert not server.rebuild(())
    page = get(server, "/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_failed_first_build_serves_an_error_page_then_the_site(site: Path) -> None:
    article = site / ARTICLE
    good = article.read_text("utf-8")
    article.write_text(good.replace(GOOD_DATE, BAD_DATE), "utf-8")
    preview = PreviewServer(ServeOptions(site, port=0, debounce=0.05), Console(file=io.StringIO()))
    preview.start()
    try:
        reply = get(preview, ARTICLE_URL)
        assert reply.status == 500
        overlay = Elements(reply.text).by_id(OVERLAY_ID)
        assert overlay is not None and f"{ARTICLE}:4" in overlay[2]
        stream = ReloadStream(preview.url, timeout=30)
        try:
            article.write_text(good, "utf-8")
            stream.next_reload()
        finally:
            stream.close()
        fixed = get(preview, ARTICLE_URL)
        assert fixed.status == 200
        assert Elements(fixed.text).by_id(OVERLAY_ID) is None
    finally:
        preview.stop()


def test_terminal_shows_the_problem(site: Path) -> None:
    article = site / ARTICLE
    article.write_text(article.read_text("utf-8").replace(GOOD_DATE, BAD_DATE), "utf-8")
    out = io.StringIO()
    preview = PreviewServer(ServeOptions(site, port=0), Console(file=out, width=200))
    preview.start()
    preview.stop()
    assert f"{ARTICLE}:4: date:" in out.getvalue()


def test_before_the_first_build_every_url_says_building(tmp_path: Path) -> None:
    state = PreviewState()
    httpd = PreviewHTTPServer(("127.0.0.1", 0), tmp_path / "not-built-yet", state)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        port = httpd.server_address[1]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", ARTICLE_URL)
        response = conn.getresponse()
        body = response.read().decode()
        conn.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert response.status == 503
    assert response.getheader("Retry-After") == "1"
    assert any("Building the site" in p for p in Elements(body).texts("p"))
    assert any("EventSource" in s for s in Elements(body).texts("script"))
