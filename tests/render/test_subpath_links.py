"""A site under a path (GitHub Pages project site): every internal URL resolves to a built file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from syndication_site import BASE_URL, BUILD_TIME, build_site, parse_page, write_site

from sitegen.commands.cli import main
from sitegen.render.links import absolute_links, rebase_root_links


def _target(out: Path, base_url: str, page_url: str, ref: str) -> Path | None:
    """The built file an href/src points at, or None for links off the site."""
    url = urljoin(page_url, ref)
    parts = urlsplit(url)
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    assert parts.path.startswith(base.path), f"{ref} on {page_url} escapes {base.path}"
    rel = parts.path[len(base.path) :]
    return out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def _check_every_link(out: Path, base_url: str) -> int:
    checked = 0
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        page_url = base_url + rel.removesuffix("index.html")
        for ref in parse_page(page).urls:
            target = _target(out, base_url, page_url, ref)
            if target is not None:
                assert target.is_file(), f"{rel}: {ref} -> {target} is not built"
                checked += 1
    for xml in [*out.rglob("*.xml")]:
        for element in ET.parse(xml).getroot().iter():
            values = [element.text or "", element.get("href", ""), element.get("url", "")]
            for value in values:
                if value.startswith(base_url):
                    target = _target(out, base_url, base_url, value)
                    assert target is not None and target.is_file(), f"{xml}: {value}"
                    checked += 1
    return checked


def test_every_internal_link_of_a_subpath_build_resolves(site: Path) -> None:
    assert _check_every_link(site, BASE_URL) > 300
    head = parse_page(site / "404.html")
    assert "/news/" in head.urls
    assert not [u for u in head.urls if u.startswith("/") and not u.startswith("/news/")]


def test_body_links_written_from_the_root_are_rebased(site: Path) -> None:
    urls = parse_page(site / "2026/11/budget-deal/index.html").urls
    assert "/news/2026/11/oil-report/" in urls
    # the body's picture shows a resized copy of /images/lead.png, under the path too
    assert any(url.startswith("/news/images/lead-") for url in urls), urls
    assert not any(url.startswith("/images/") for url in urls)
    assert "/2026/11/oil-report/" not in urls


def test_base_url_option_overrides_the_config(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    other = "https://example.com/archive/"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--build-time", BUILD_TIME.isoformat(), "--base-url", other],
    )
    assert result.exit_code == 0, result.output
    out = root / "public"
    assert _check_every_link(out, other) > 300
    assert "Sitemap: https://example.com/archive/sitemap.xml" in (out / "robots.txt").read_text()


def test_root_build_has_root_links(tmp_path: Path) -> None:
    out = build_site(write_site(tmp_path / "site"), base_url="https://example.net/")
    assert _check_every_link(out, "https://example.net/") > 300


@pytest.mark.parametrize(
    ("fragment", "base_path", "expected"),
    [
        ('<a href="/a/">x</a>', "/news/", '<a href="/news/a/">x</a>'),
        ('<a href="/a/">x</a>', "/", '<a href="/a/">x</a>'),
        ('<a href="//cdn.example/x">x</a>', "/news/", '<a href="//cdn.example/x">x</a>'),
        ('<img alt="" src="/i.png">', "/news/", '<img alt="" src="/news/i.png">'),
        ('<a href="#top">x</a>', "/news/", '<a href="#top">x</a>'),
        ('<a href="../b/">x</a>', "/news/", '<a href="../b/">x</a>'),
    ],
)
def test_rebase_root_links(fragment: str, base_path: str, expected: str) -> None:
    assert rebase_root_links(fragment, base_path) == expected


def test_absolute_links_keep_escaping() -> None:
    fragment = '<a href="?a=1&amp;b=2">x</a> <a href="#n">y</a>'
    page = "https://example.org/news/2021/01/s/"
    assert absolute_links(fragment, page) == (
        f'<a href="{page}?a=1&amp;b=2">x</a> <a href="{page}#n">y</a>'
    )
