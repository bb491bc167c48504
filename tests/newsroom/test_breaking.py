"""The breaking-news banner: on every page while ``breaking:`` holds, no JavaScript, gone when it
ends; an incremental rebuild at the build time that starts or ends it re-renders every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

BANNER = {
    "text": "Polls have closed",
    "link": "/2026/03/election-night/",
    "start": "2026-03-05T18:00:00",
    "until": "2026-03-06T06:00:00",
}


def _pages(out: Path) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(out).as_posix(): BeautifulSoup(p.read_text("utf-8"), "html.parser")
        for p in sorted(out.rglob("*.html"))
        if p.name != "index.html" or "pagefind" not in p.parts
    }


def _banners(out: Path) -> dict[str, bool]:
    """Which HTML pages show the banner (redirect stubs have no body furniture: left out)."""
    return {
        path: soup.select_one("aside.breaking") is not None
        for path, soup in _pages(out).items()
        if soup.select_one("main") is not None
    }


def _site(newsroom: Any) -> Any:
    newsroom.config(breaking=BANNER)
    newsroom.write("earlier", date="2026-03-01T09:00:00+03:00", section="politics")
    newsroom.write(
        "election-night",
        date="2026-03-05T17:00:00+03:00",
        section="politics",
        corrections=[{"date": "2026-03-05T17:30:00+03:00", "text": "Fixed a count."}],
    )
    return newsroom


def test_banner_on_every_page_while_it_holds(newsroom: Any) -> None:
    site = _site(newsroom)
    before = site.build("2026-03-05T17:30:00+03:00")
    assert "Next change 2026-03-05 18:00 +03:00: 1 breaking-news banner starting." in before.output
    shown = _banners(site.out)
    assert len(shown) >= 8 and not any(shown.values())

    during = site.build("2026-03-05T18:00:00+03:00")  # incremental: every page re-rendered
    assert "Next change 2026-03-06 06:00 +03:00: 1 breaking-news banner ending." in during.output
    shown = _banners(site.out)
    assert all(shown.values()), [p for p, has in shown.items() if not has]
    for soup in _pages(site.out).values():
        banner = soup.select_one("aside.breaking")
        if banner is None:
            continue
        assert banner["aria-label"] == "Breaking news"
        assert banner.get_text(" ", strip=True) == "Breaking Polls have closed"
        assert banner.a["href"] == "/2026/03/election-night/"
        assert banner.find("script") is None
    front = site.page("")
    assert [s.get("type") for s in front.find_all("script")] == ["application/ld+json"] * 2

    site.build("2026-03-06T06:00:00+03:00")
    assert not any(_banners(site.out).values())


def test_banner_incremental_equals_clean(newsroom: Any, tmp_path: Path) -> None:
    site = _site(newsroom)
    site.build("2026-03-05T17:30:00+03:00")
    site.build("2026-03-05T19:00:00+03:00")
    incremental = {p: f.read_bytes() for p, f in _files(site.out)}
    result = site.run("build", "--clean", at="2026-03-05T19:00:00+03:00")
    assert result.exit_code == 0, result.output
    assert {p: f.read_bytes() for p, f in _files(site.out)} == incremental


def _files(out: Path) -> list[tuple[str, Path]]:
    return [(p.relative_to(out).as_posix(), p) for p in sorted(out.rglob("*")) if p.is_file()]


def test_an_external_link_and_no_start(newsroom: Any) -> None:
    banner = {"text": "Storm warning", "link": "https://weather.example/", "until": "2026-03-02"}
    newsroom.config(breaking=banner)
    newsroom.write("a", date="2026-03-01T09:00:00+03:00")
    newsroom.build("2026-03-01T10:00:00+03:00")
    aside = newsroom.page("").select_one("aside.breaking")
    assert aside.a["href"] == "https://weather.example/"
    # until 2026-03-02 is read in the site's timezone (Asia/Baghdad, +03:00)
    result = newsroom.run("next-change", "--json", at="2026-03-01T10:00:00+03:00")
    assert '"next_change": "2026-03-02T00:00:00+03:00"' in result.output
