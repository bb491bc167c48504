"""The preview over a real socket: clean URLs, 404, content types, reload script, concurrency."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from urllib.parse import quote

from sitegen.serve.inject import EVENTS_PATH
from sitegen.serve.server import PreviewServer

from .conftest import ARTICLE_URL, Elements, get


def test_front_page_is_html_with_the_reload_script(shared_server: PreviewServer) -> None:
    reply = get(shared_server, "/")
    assert reply.status == 200
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.headers["cache-control"] == "no-store"
    scripts = Elements(reply.text).texts("script")
    assert any(EVENTS_PATH in s and "EventSource" in s for s in scripts)


def test_built_files_never_carry_the_reload_script(shared_server: PreviewServer) -> None:
    built = (shared_server.site / "index.html").read_text(encoding="utf-8")
    assert EVENTS_PATH not in built


def test_clean_url_serves_the_article(shared_server: PreviewServer) -> None:
    reply = get(shared_server, ARTICLE_URL)
    assert reply.status == 200
    assert Elements(reply.text).texts("h1") == ["Duhok health directorate opens vaccine cold store"]


def test_folder_without_slash_redirects(shared_server: PreviewServer) -> None:
    reply = get(shared_server, ARTICLE_URL.rstrip("/") + "?x=1")
    assert reply.status == 301
    assert reply.headers["location"] == ARTICLE_URL + "?x=1"


def test_unknown_path_gets_the_theme_404_with_status_404(shared_server: PreviewServer) -> None:
    reply = get(shared_server, "/2021/01/no-such-article/")
    assert reply.status == 404
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert "Page not found" in Elements(reply.text).texts("h1")


def test_head_sends_headers_only(shared_server: PreviewServer) -> None:
    reply = get(shared_server, "/", method="HEAD")
    assert reply.status == 200
    assert int(reply.headers["content-length"]) > 1000
    assert reply.body == b""


def test_content_types(shared_server: PreviewServer) -> None:
    css = next(shared_server.site.rglob("*.css")).relative_to(shared_server.site).as_posix()
    png = next(shared_server.site.rglob("*.png")).relative_to(shared_server.site).as_posix()
    assert get(shared_server, "/" + css).headers["content-type"] == "text/css; charset=utf-8"
    image = get(shared_server, "/" + png)
    assert image.headers["content-type"] == "image/png"
    assert image.body == (shared_server.site / png).read_bytes()
    feeds = [p for p in shared_server.site.rglob("*.xml")]
    if feeds:
        rel = feeds[0].relative_to(shared_server.site).as_posix()
        assert (
            get(shared_server, "/" + rel).headers["content-type"]
            == "application/xml; charset=utf-8"
        )


def test_drafts_and_future_articles_are_shown_and_marked(site: Path, server: PreviewServer) -> None:
    folder = site / "content/articles/2021"
    (folder / "draft-story.md").write_text(
        "---\ntitle: Draft story\ndate: 2021-01-05T10:00:00+03:00\ndraft: true\n---\n\nBody.\n",
        encoding="utf-8",
    )
    (folder / "future-story.md").write_text(
        "---\ntitle: Future story\ndate: 2099-01-05T10:00:00+03:00\n---\n\nBody.\n",
        encoding="utf-8",
    )
    assert server.rebuild(())
    draft = Elements(get(server, "/2021/01/draft-story/").text)
    future = Elements(get(server, "/2099/01/future-story/").text)
    assert any("Draft" in t for t in draft.texts("p"))
    assert any("Scheduled" in t for t in future.texts("p"))
    badges = Elements(get(server, "/").text).texts("span")
    assert "Scheduled" in badges


def test_concurrent_requests_while_rebuilding_all_succeed(shared_server: PreviewServer) -> None:
    """Many threads fetch pages while the site is rebuilt (and swapped) again and again."""
    paths = ["/", ARTICLE_URL, "/about/", "/2021/01/no-such/"]
    failures: list[str] = []
    stop = threading.Event()

    def rebuild() -> None:
        while not stop.is_set():
            shared_server.rebuild(())

    def fetch(index: int) -> None:
        for round_ in range(15):
            path = paths[(index + round_) % len(paths)]
            reply = get(shared_server, path)
            expected = 404 if "no-such" in path else 200
            if reply.status != expected or b"</html>" not in reply.body:
                failures.append(f"{path}: {reply.status}")

    builder = threading.Thread(target=rebuild)
    builder.start()
    fetchers = [threading.Thread(target=fetch, args=(i,)) for i in range(24)]
    for thread in fetchers:
        thread.start()
    for thread in fetchers:
        thread.join()
    stop.set()
    builder.join()
    assert failures == []


def test_arabic_slug_is_served_at_its_encoded_url(site: Path, server: PreviewServer) -> None:
    slug = "وزير-الصحة-يزور-مستشفى-السليمانية"
    (site / f"content/articles/2021/{slug}.md").write_text(
        "---\ntitle: وزير الصحة يزور مستشفى السليمانية\ndate: 2021-01-05T10:00:00+03:00\n"
        "---\n\nنص.\n",
        encoding="utf-8",
    )
    assert server.rebuild(())
    reply = get(server, "/2021/01/" + quote(slug) + "/")
    assert reply.status == 200
    assert Elements(reply.text).texts("h1") == ["وزير الصحة يزور مستشفى السليمانية"]


def test_the_preview_serves_search_and_its_index(shared_server: PreviewServer) -> None:
    page = get(shared_server, "/search/?q=Pompeo")
    assert page.status == 200
    field = Elements(page.text).by_id("search-query")
    assert field is not None  # the search form's field
    shards = sorted(p.name for p in (shared_server.site / "pagefind").iterdir())
    assert shards
    entry = get(shared_server, f"/pagefind/{shards[0]}/pagefind-entry.json")
    assert entry.status == 200
    languages = json.loads(entry.text)["languages"]
    assert sum(language["page_count"] for language in languages.values()) > 0
