"""Shared fixtures: article records for pure tests, and copies/builds of the example site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitegen.commands.cli import main
from sitegen.content.models import Article

REPO = Path(__file__).resolve().parent.parent
"""The repository root, which is also the example site."""
EXAMPLE_PARTS = ("sitegen.yaml", "content", "static", "templates", "locale")
BUILD_TIME = "2026-01-01T00:00:00+00:00"
"""A fixed 'now' for deterministic builds (after every sample article)."""
T0 = datetime(2021, 1, 14, 11, 20, tzinfo=timezone(timedelta(hours=3)))


@pytest.fixture(autouse=True, scope="session")
def shared_picture_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One picture cache for every scratch site of the run (entries are named by content):
    each copy of the example site would otherwise encode its pictures again."""
    os.environ["SITEGEN_PICTURE_CACHE"] = str(tmp_path_factory.mktemp("pictures"))
    yield
    os.environ.pop("SITEGEN_PICTURE_CACHE", None)


def article(slug: str, hours: float = 0, **fields: Any) -> Article:
    """A minimal valid article record dated ``hours`` after T0."""
    values: dict[str, Any] = {
        "file": f"content/articles/{slug}.md",
        "digest": "0" * 64,
        "slug": slug,
        "title": slug.title(),
        "date": T0 + timedelta(hours=hours),
        "updated": None,
        "id": None,
        "authors": (),
        "source": None,
        "location": None,
        "section": None,
        "tags": (),
        "image": None,
        "summary": "",
        "standfirst": "",
        "body": "",
        "previous": None,
        "next": None,
        "related": (),
        "draft": False,
        "featured": False,
    }
    values.update(fields)
    return Article(**values)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    """The :func:`article` factory."""
    return article


def copy_example(dest: Path) -> Path:
    """Copy the example site's sources (config, content, static files, templates) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in EXAMPLE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


def copy_fixture_site(name: str, dest: Path, language: str | None = None) -> Path:
    """Copy ``tests/sites/<name>`` into ``dest``, with its site ``language`` replaced if given
    (``ckb`` or ``ar`` makes the same content a right-to-left site)."""
    shutil.copytree(REPO / "tests" / "sites" / name, dest)
    if language is not None:
        config = dest / "sitegen.yaml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n"), "utf-8")
    return dest


def run_cli(*args: str) -> Result:
    """Invoke ``sitegen`` in-process; exceptions other than SystemExit propagate."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def example_site(tmp_path: Path) -> Path:
    """A fresh, writable copy of the example site."""
    return copy_example(tmp_path / "site")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built once per session with a fixed build time; returns its public/."""
    root = copy_example(tmp_path_factory.mktemp("example") / "site")
    result = run_cli("build", "--root", str(root), "--build-time", BUILD_TIME)
    assert result.exit_code == 0, result.output
    return root / "public"


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative POSIX path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


NEWSROOM_CONFIG = """
breaking:
  text: Polls have closed across the Kurdistan Region
  link: /2021/01/pompeo-says-iran-still-poses-threat-to-iraq/
  until: 2026-01-02
social:
  Mastodon: https://mastodon.social/@example
front_page:
  picks: [pompeo-says-iran-still-poses-threat-to-iraq]
"""
NEWSROOM_FRONT_MATTER = """type: analysis
kicker: Vaccines
corrections:
  - date: 2021-01-05T09:30:00+03:00
    text: An earlier version said the store holds 2 million doses; it holds 200,000.
updates:
  - date: 2021-01-03T15:00:00+03:00
    text: The directorate published the store's opening hours.
"""


def add_newsroom_furniture(root: Path) -> None:
    """The example site with a breaking-news banner, picks, social links, and an article with a
    type, a kicker, an update and a correction: every piece of newsroom furniture on show."""
    with open(root / "sitegen.yaml", "a", encoding="utf-8") as config:
        config.write(NEWSROOM_CONFIG)
    article = root / "content/articles/2021/duhok-health-directorate-opens-vaccine-cold-store.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace("---\n", "---\n" + NEWSROOM_FRONT_MATTER, 1), "utf-8")


class Kit:
    """The helpers above, handed to tests as the ``kit`` fixture (no test imports conftest)."""

    repo = REPO
    build_time = BUILD_TIME
    copy_example = staticmethod(copy_example)
    copy_fixture_site = staticmethod(copy_fixture_site)
    run_cli = staticmethod(run_cli)
    tree_bytes = staticmethod(tree_bytes)
    add_newsroom_furniture = staticmethod(add_newsroom_furniture)


@pytest.fixture(scope="session")
def kit() -> Kit:
    """Shared helpers: the repository root, the fixed build time, copy/build/hash a site."""
    return Kit()


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium; tests never download a browser."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_browser_tool(reason: str) -> None:
    """Skip for a missing browser tool, or fail when CI says the tools must be there."""
    if os.environ.get("SITEGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SITEGEN_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def require_tool() -> Callable[[str], None]:
    """:func:`require_browser_tool`, for tests that need another browser-side tool (axe-core)."""
    return require_browser_tool


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, shared by the reader and preview tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_browser_tool("python playwright is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        require_browser_tool(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()
