"""Redirect pages for aliases, _redirects and _headers, checked on a real build."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitegen.errors import ProblemsFound
from sitegen.pipeline import BuildOptions, build
from sitegen.syndication.hosting import alias_file

CONFIG = "title: T\nbase_url: https://example.org/news/\ntimezone: Asia/Baghdad\n"
WHEN = datetime(2030, 1, 1, tzinfo=UTC)


def _site(tmp_path: Path, aliases: str) -> Path:
    (tmp_path / "content" / "articles").mkdir(parents=True)
    (tmp_path / "sitegen.yaml").write_text(CONFIG)
    (tmp_path / "content" / "articles" / "story.md").write_text(
        f"---\ntitle: A story\ndate: 2021-01-14\naliases:\n{aliases}---\nBody.\n"
    )
    return tmp_path


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "http-equiv" in a:
            self.meta[a["http-equiv"]] = a["content"]
        if tag == "link":
            self.links[a["rel"]] = a["href"]


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("old/path/", "old/path/index.html"),
        ("old/path", "old/path/index.html"),
        ("news/story.html", "news/story.html"),
        ("STORY.HTM", "STORY.HTM"),
    ],
)
def test_alias_file(alias: str, expected: str) -> None:
    assert alias_file(alias) == expected


def test_alias_gets_redirect_page_and_rule(tmp_path: Path) -> None:
    root = _site(tmp_path, "  - /2019/05/old-slug/\n  - /legacy/story.html\n")
    build(BuildOptions(root, build_time=WHEN))
    out = root / "public"
    for page in ("2019/05/old-slug/index.html", "legacy/story.html"):
        parser = _Head()
        parser.feed((out / page).read_text())
        assert parser.meta["refresh"] == "0; url=/news/2021/01/story/"
        assert parser.links["canonical"] == "https://example.org/news/2021/01/story/"
    rules = (out / "_redirects").read_text().splitlines()
    assert rules == [
        "/news/2019/05/old-slug/ /news/2021/01/story/ 301",
        "/news/legacy/story.html /news/2021/01/story/ 301",
    ]


FP = (".css", ".js")


def test_headers_mark_hashed_assets_immutable(tmp_path: Path) -> None:
    root = _site(tmp_path, "  - /old/\n")
    build(BuildOptions(root, build_time=WHEN))
    lines = (root / "public" / "_headers").read_text().splitlines()
    hashed = sorted(p.name for p in (root / "public" / "assets").iterdir() if p.suffix in FP)
    assert {Path(name).suffix for name in hashed} == {".css", ".js"}
    index = lines.index(f"/assets/{hashed[0]}")
    for name in hashed:
        rule = lines.index(f"/assets/{name}")
        assert lines[rule + 1] == "  Cache-Control: public, max-age=31536000, immutable"
    assert lines[:2] == ["/*", "  X-Content-Type-Options: nosniff"]
    assert not any("Cache-Control" in line for line in lines[:index])


@pytest.mark.parametrize("bad", ["../etc/passwd", "/a/../b/", "https://evil.example/x", "/"])
def test_bad_alias_is_reported_with_its_line(tmp_path: Path, bad: str) -> None:
    root = _site(tmp_path, f"  - {bad!r}\n")
    with pytest.raises(ProblemsFound) as caught:
        build(BuildOptions(root, build_time=WHEN))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        "content/articles/story.md",
        5,
        "aliases.0",
    )
    assert "is not a path on this site" in problem.message
    assert not (root / "public").exists()


def test_alias_colliding_with_a_page_is_reported(tmp_path: Path) -> None:
    root = _site(tmp_path, "  - /about/\n")
    pages = root / "content" / "pages"
    pages.mkdir()
    (pages / "about.md").write_text("---\ntitle: About\n---\nUs.\n")
    with pytest.raises(ProblemsFound) as caught:
        build(BuildOptions(root, build_time=WHEN))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        "content/articles/story.md",
        5,
        "aliases.0",
    )
    assert problem.message == (
        "'/about/' clashes with content/pages/about.md: both write 'about/index.html'"
    )


def test_alias_of_the_articles_own_url_is_reported(tmp_path: Path) -> None:
    root = _site(tmp_path, "  - /2021/01/story/\n")
    with pytest.raises(ProblemsFound) as caught:
        build(BuildOptions(root, build_time=WHEN))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (5, "aliases.0")
    assert problem.message.startswith("'/2021/01/story/' clashes with content/articles/story.md")
