"""``sitegen init``: a new site that validates, builds with the installed theme, and parses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sitegen.newsite import create_site


def test_init_then_build(tmp_path: Path, kit: Any) -> None:
    site = tmp_path / "newsite"
    result = kit.run_cli("init", str(site))
    assert result.exit_code == 0, result.output
    assert "created " in result.output and "sitegen.yaml" in result.output
    assert (site / "templates").is_dir() and (site / "static").is_dir()
    check = kit.run_cli("check", "--root", str(site))
    assert check.exit_code == 0 and "OK: 1 articles and 1 pages" in check.output
    built = kit.run_cli("build", "--root", str(site))
    assert built.exit_code == 0, built.output
    public = site / "public"
    articles = list(public.glob("*/*/welcome-to-my-news-site/index.html"))
    assert len(articles) == 1
    page = BeautifulSoup(articles[0].read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in page.select("h1")] == ["Welcome to My News Site"]
    assert page.select_one(".article-body p .dateline").get_text() == "NEWSROOM —"
    assert page.select_one('a[rel="author"]').get_text() == "Newsroom"
    front = BeautifulSoup((public / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Welcome to My News Site" in [a.get_text() for a in front.select(".card-title a")]
    about = BeautifulSoup((public / "about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert about.select_one("h1").get_text() == "About"
    assert not (public / ".gitkeep").exists() and not (public / "README.md").exists()


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    written = create_site(tmp_path)
    assert Path("sitegen.yaml") in written and (tmp_path / "sitegen.yaml").is_file()


@pytest.mark.parametrize("existing", ["notes.txt", "sub/"])
def test_init_refuses_a_non_empty_folder(tmp_path: Path, kit: Any, existing: str) -> None:
    site = tmp_path / "taken"
    (site / existing).parent.mkdir(parents=True, exist_ok=True)
    if existing.endswith("/"):
        (site / existing).mkdir()
    else:
        (site / existing).write_text("keep me", encoding="utf-8")
    before = sorted(p.name for p in site.rglob("*"))
    result = kit.run_cli("init", str(site))
    assert result.exit_code == 2
    assert "is not empty" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in site.rglob("*")) == before


def test_init_refuses_a_file(tmp_path: Path, kit: Any) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = kit.run_cli("init", str(target))
    assert result.exit_code == 2 and "is not a folder" in result.output
