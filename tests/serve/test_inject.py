"""The injected reload script and overlay, parsed with a real HTML parser."""

from __future__ import annotations

import json

import pytest

from sitegen.errors import Problem
from sitegen.serve.inject import MAX_LISTED, OVERLAY_ID, event_data, inject, page_paths

from .conftest import Elements

PROBLEM = Problem("content/articles/a.md", 3, "date", "'x' is not a date", "use YYYY-MM-DD")


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body><p>x</p></body></html>",
        b"<html><body><p>x</p></BODY >\n</html>",
        b"<p>no body tag</p>",
        b"<body><script>var s='</body>';</script></body>",
    ],
)
def test_script_lands_at_the_end_of_the_body(html: bytes) -> None:
    page = inject(html, "g-1", ())
    parsed = Elements(page.decode())
    assert any('"g-1"' in s and "EventSource" in s for s in parsed.texts("script"))
    assert parsed.by_id(OVERLAY_ID) is None
    assert page.rstrip().endswith((b"</html>", b"</body>", b"</script>"))


def test_overlay_lists_file_line_field_message_and_hint() -> None:
    overlay = Elements(inject(b"<body></body>", "g-2", (PROBLEM,)).decode()).by_id(OVERLAY_ID)
    assert overlay is not None
    assert "content/articles/a.md:3" in overlay[2]
    assert "date" in overlay[2] and "'x' is not a date" in overlay[2]
    assert "use YYYY-MM-DD" in overlay[2]


@pytest.mark.parametrize(
    ("outputs", "pages"),
    [
        (["index.html"], ("/",)),
        (["2021/01/a/index.html", "feed.xml", "assets/site.1a2b.css"], ("/2021/01/a/",)),
        (["tag/x/page/2/index.html", "404.html"], ("/404.html", "/tag/x/page/2/")),
        (["robots.txt", "sitemap.xml"], ()),
        ([f"{n}/index.html" for n in range(MAX_LISTED + 1)], None),
    ],
)
def test_page_paths_are_the_urls_tabs_compare(
    outputs: list[str], pages: tuple[str, ...] | None
) -> None:
    assert page_paths(outputs) == pages


def test_event_data_names_the_pages_or_every_page() -> None:
    assert json.loads(event_data("g-3", ("/a/",))) == {"generation": "g-3", "pages": ["/a/"]}
    assert json.loads(event_data("g-4", None)) == {"generation": "g-4", "pages": "*"}
