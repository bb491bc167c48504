"""Loading content: which files are found, how lead images resolve, and when the cache is reused."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from benchmarks.corpus import generate, write_sitegen_site
from sitegen.config import SiteConfig
from sitegen.content.discover import discover, discover_relative
from sitegen.content.loadcache import BODIES_DATABASE
from sitegen.content.loader import CHUNK, PARALLEL_FROM, load_content
from sitegen.errors import ProblemsFound
from tests.parsing import png_bytes

PNG = png_bytes(64, 36)


def _article(slug: str, image: str | None = None) -> str:
    lines = ["---", f"title: {slug}", "date: 2021-01-14"]
    if image is not None:
        lines += ["image:", f"  src: {image}", "  alt: A picture"]
    return "\n".join([*lines, "---", "", "Body text.", ""])


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "site",
        {
            "content/articles/2021/b.md": _article("b"),
            "content/articles/2021/a.md": _article("a"),
            "content/articles/2022/nested/c.md": _article("c"),
            "content/articles/notes.txt": "not markdown",
            "content/articles/folder.md/d.md": _article("d"),
            "static/images/lead.png": PNG,
        },
    )


def test_discover_finds_markdown_sorted(site: Path) -> None:
    expected = [
        "content/articles/2021/a.md",
        "content/articles/2021/b.md",
        "content/articles/2022/nested/c.md",
        "content/articles/folder.md/d.md",
    ]
    assert discover_relative(site, "content/articles") == expected
    assert discover(site, "content/articles") == [site / rel for rel in expected]
    assert discover_relative(site, "content/missing") == []


def test_discover_follows_links_inside_the_site_only(site: Path, tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside", {"x.md": _article("x"), "sub/y.md": _article("y")})
    articles = site / "content/articles"
    os.symlink(outside / "x.md", articles / "x.md")  # file out of the site: skipped
    os.symlink(outside / "sub", articles / "sub")  # folder out of the site: skipped
    os.symlink(articles / "2021", articles / "again")  # folder inside: walked
    os.symlink(articles, articles / "2021" / "loop")  # a loop: walked once
    os.symlink(articles / "2021/a.md", articles / "alias.md")  # file inside: kept
    os.symlink(tmp_path / "nowhere.md", articles / "broken.md")  # dangling: skipped
    found = discover_relative(site, "content/articles")
    assert "content/articles/x.md" not in found
    assert not any(rel.startswith("content/articles/sub/") for rel in found)
    assert "content/articles/again/a.md" in found
    assert "content/articles/alias.md" in found
    assert "content/articles/broken.md" not in found
    assert len(found) == len(set(found))
    assert sum("/loop/" in rel for rel in found) == 5  # the linked tree once, never recursively


@pytest.mark.parametrize(
    ("src", "url", "file"),
    [
        ("/images/lead.png", "images/lead.png", "static/images/lead.png"),
        ("/images/./lead.png", "images/lead.png", "static/images/lead.png"),
        ("pic.png", "media/articles/2021/pic.png", "content/articles/2021/pic.png"),
        ("./pic.png", "media/articles/2021/pic.png", "content/articles/2021/pic.png"),
    ],
)
def test_lead_image_resolves(site: Path, src: str, url: str, file: str) -> None:
    _write(
        site,
        {"content/articles/2021/pic.png": PNG, "content/articles/2021/a.md": _article("a", src)},
    )
    loaded = load_content(site, SiteConfig(title="T", base_url="https://example.org/"))
    article = next(a for a in loaded.articles if a.slug == "a")
    assert loaded.problems == ()
    assert article.image is not None
    assert (article.image.url, article.image.file) == (url, file)
    assert (article.image.width, article.image.height) == (64, 36)


@pytest.mark.parametrize("src", ["/images/missing.png", "../b.md", "/images", "/outside.png"])
def test_bad_lead_image_is_a_problem(site: Path, tmp_path: Path, src: str) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    os.symlink(tmp_path / "outside.png", site / "static/outside.png")  # a link out of the site
    _write(site, {"content/articles/2021/a.md": _article("a", src)})
    loaded = load_content(site, SiteConfig(title="T", base_url="https://example.org/"))
    assert [(p.file, p.field) for p in loaded.problems] == [
        ("content/articles/2021/a.md", "image.src")
    ]


def test_cache_reuses_unchanged_and_reloads_changed(site: Path, tmp_path: Path) -> None:
    config = SiteConfig(title="T", base_url="https://example.org/")
    cache = tmp_path / "cache"
    _write(site, {"content/articles/2021/a.md": _article("a", "/images/lead.png")})
    first = {a.slug: a for a in load_content(site, config, cache).articles}
    loaded = load_content(site, config, cache)
    second = {a.slug: a for a in loaded.articles}
    # loading keeps everything but the bodies, which are read back from the load cache's
    assert second == first
    assert all(a.body is None for a in first.values())
    assert {slug: loaded.bodies.of(a) for slug, a in second.items()} == dict.fromkeys(
        first, "\nBody text.\n"
    )

    # Same size and modification time: the cached record is used, the file is not read.
    path = site / "content/articles/2021/a.md"
    before = path.stat()
    path.write_text(_article("z", "/images/lead.png"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert {a.title for a in load_content(site, config, cache).articles} == {"a", "b", "c", "d"}

    _write(site, {"content/articles/2021/b.md": _article("b-edited")})
    (site / "static/images/lead.png").write_bytes(png_bytes(64, 48))
    (site / "content/articles/2022/nested/c.md").unlink()
    third = {a.slug: a for a in load_content(site, config, cache).articles}
    assert third["b"].title == "b-edited"
    image = third["a"].image
    assert image is not None and image.height == 48  # the picture changed: the article reloads
    assert "c" not in third
    assert {a.slug for a in load_content(site, config, cache).articles} == {"a", "b", "d"}


def test_bodies_come_from_the_version_loaded(site: Path, tmp_path: Path) -> None:
    """A cached article's body is the one loaded with it, even when its file changed since;
    without its row in the bodies' database, the file is read, and a file edited since loading
    stops the build."""
    config = SiteConfig(title="T", base_url="https://example.org/")
    cache = tmp_path / "cache"
    load_content(site, config, cache)
    loaded = load_content(site, config, cache)
    cached = {a.slug: a for a in loaded.articles}
    assert cached["b"].body is None and cached["c"].body is None
    edited = _article("c") + "An edit made while the site was being built.\n"
    _write(site, {"content/articles/2022/nested/c.md": edited})
    assert loaded.bodies.of(cached["c"]) == "\nBody text.\n"

    with sqlite3.connect(cache / BODIES_DATABASE) as db:
        db.execute("DELETE FROM rows")
    db.close()
    assert loaded.bodies.of(cached["b"]) == "\nBody text.\n"  # from the unchanged file
    with pytest.raises(ProblemsFound) as raised:
        loaded.bodies.of(cached["c"])
    problem = raised.value.problems[0]
    assert problem.file == "content/articles/2022/nested/c.md"
    assert "changed while the site was being built" in str(problem)


def test_check_keeps_the_bodies_in_memory(site: Path) -> None:
    """Without the cache (``check``), the bodies stay in the articles: nothing to read back."""
    config = SiteConfig(title="T", base_url="https://example.org/")
    loaded = load_content(site, config)
    assert {a.body for a in loaded.articles} == {"\nBody text.\n"}


def test_many_articles_load_in_workers_as_in_one_process(tmp_path: Path) -> None:
    """Past PARALLEL_FROM uncached articles, forked workers parse them and hand them back a chunk
    at a time: the records, their order, the cached rows and the bodies equal a serial load."""
    articles = generate(PARALLEL_FROM + CHUNK // 2)
    config = SiteConfig(title="T", base_url="https://example.org/", timezone="UTC")
    results = []
    for workers in (1, 2):
        site = tmp_path / f"site-{workers}"
        write_sitegen_site(site, articles)
        cache = tmp_path / f"cache-{workers}"
        loaded = load_content(site, config, cache, workers)
        again = load_content(site, config, cache, workers)
        assert again.articles == loaded.articles  # every row was written and is read back
        bodies = [again.bodies.of(a) for a in again.articles]
        assert all(body and body.strip() for body in bodies)
        results.append((loaded.articles, loaded.problems, bodies))
    assert len(results[0][0]) == len(articles)
    assert results[0] == results[1]
