"""Content-Type and Cache-Control rules for uploaded files."""

from __future__ import annotations

import pytest

from sitegen.config.deploy import CacheRule, default_cache_rules
from sitegen.syndication.headers import cache_control, content_type, is_fingerprinted

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("css/style.3f2a9c1b.css", "text/css; charset=utf-8"),
        ("js/app.js", "text/javascript; charset=utf-8"),
        ("feed.xml", "application/xml; charset=utf-8"),
        ("feed.json", "application/json; charset=utf-8"),
        ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("site.webmanifest", "application/manifest+json; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("images/photo.JPG", "image/jpeg"),
        ("fonts/a.woff2", "font/woff2"),
        ("images/a.webp", "image/webp"),
        ("files/report.pdf", "application/pdf"),
        ("archive.tar.gz", "application/gzip"),
        ("archive.tar.bz2", "application/octet-stream"),
        ("data.tar", "application/x-tar"),
        ("no-extension", "application/octet-stream"),
    ],
)
def test_content_type(path: str, expected: str) -> None:
    assert content_type(path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("style.3f2a9c1b.css", True),
        ("a/b/app.0123456789abcdef.js", True),
        ("logo.DEADBEEF.svg", True),
        ("style.3f2a9c1.css", False),  # 7 hex characters only
        ("style.css", False),
        ("3f2a9c1b.css", False),  # the hash must follow a name
        ("2024/05/3f2a9c1b/index.html", False),  # a folder name is not a fingerprint
        ("style.3f2a9c1g.css", False),
    ],
)
def test_fingerprinted(path: str, expected: bool) -> None:
    assert is_fingerprinted(path) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("css/style.3f2a9c1b.css", IMMUTABLE),
        ("index.html", REVALIDATE),
        ("2024/05/slug/index.html", REVALIDATE),
        ("feed.xml", REVALIDATE),
        ("sitemap.xml", REVALIDATE),
        ("feed.json", REVALIDATE),
        ("images/photo.jpg", "public, max-age=3600"),
        ("robots.txt", "public, max-age=3600"),
    ],
)
def test_default_cache_rules(path: str, expected: str) -> None:
    assert cache_control(path, default_cache_rules()) == expected


def test_first_matching_rule_wins_and_conditions_combine() -> None:
    rules = [
        CacheRule(match="images/*", fingerprinted=False, cache_control="max-age=60"),
        CacheRule(match="images/*", cache_control="max-age=999"),
        CacheRule(match="*.html", cache_control="no-cache"),
    ]
    assert cache_control("images/a/b.png", rules) == "max-age=60"
    assert cache_control("images/b.0123abcd.png", rules) == "max-age=999"
    assert cache_control("index.html", rules) == "no-cache"
    assert cache_control("style.css", rules) is None
