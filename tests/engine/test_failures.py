"""Failures that need more than a broken fixture site: template problems in worker processes,
a source that becomes unreadable after it was cached, and what the machine refuses.

Unreadable files: tests may run as root, who reads any file, so those runs go through
``setpriv`` without the two capabilities that let root bypass file permissions.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sitegen.content.loadcache import BODIES_DATABASE
from sitegen.engine import executor
from sitegen.errors import ProblemsFound
from sitegen.pipeline import BuildOptions, build
from sitegen.state import layout

from .conftest import BUILD_TIME, build_site

SETPRIV = shutil.which("setpriv")
TEMPLATES = {
    "raises": ("templates/listing.html", "{{ 1 / 0 }}\n", "ZeroDivisionError: division by zero"),
    "recursion": (
        "templates/partials/card.html",
        '{% include "partials/card.html" %}\n',
        "a template includes, extends, imports or calls itself without end",
    ),
    "not UTF-8": ("templates/listing.html", "caf\xe9\n", "is not UTF-8 text"),
    "syntax": ("templates/listing.html", "\n{% if %}\n", "Expected an expression"),
}


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("case", sorted(TEMPLATES))
def test_template_failures_in_workers(site: Path, jobs: int, case: str) -> None:
    """The same located problem whether pages render here or in forked workers (the example
    site is large enough for workers: see the test below)."""
    rel, text, message = TEMPLATES[case]
    (site / rel).parent.mkdir(parents=True, exist_ok=True)
    (site / rel).write_bytes(text.encode("latin-1"))
    with pytest.raises(ProblemsFound) as caught:
        build_site(site, jobs=jobs)
    problems = caught.value.problems
    assert [p.file for p in problems] == [rel]
    assert problems[0].line is not None
    assert message in problems[0].message
    assert "more pages)" in problems[0].message  # one problem for the many pages it broke
    assert not (site / "public").exists()


def test_the_example_site_is_rendered_by_workers(built_example: Path) -> None:
    """A cold build of the example site has more pages than render in the main process, so
    ``--jobs 2`` above really renders in forked workers."""
    assert len(list(built_example.rglob("*.html"))) >= executor.SERIAL_BELOW


def test_a_theme_template_is_named_by_its_folder(tmp_path: Path) -> None:
    """The theme's templates are named in full even when the site lives under a 'theme' folder
    (the folder a template came from decides, not a substring of its path)."""
    from sitegen.render.environment import THEME_DIR, make_environment
    from sitegen.render.templatefiles import shown_name

    root = tmp_path / "theme" / "site"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "page.html").write_text("x")
    env = make_environment([root / "templates", THEME_DIR / "templates"], "https://e.org/", "/")
    assert shown_name(env, str(root / "templates" / "page.html")) == "templates/page.html"
    theme_base = str(THEME_DIR / "templates" / "base.html")
    assert shown_name(env, theme_base) == theme_base
    assert shown_name(env, str(root / "elsewhere.html")) is None


def _without_root_file_access() -> list[str]:
    if os.geteuid() != 0:
        return []
    if SETPRIV is None:
        pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
    return [SETPRIV, "--bounding-set=-dac_override,-dac_read_search"]


def _sitegen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*_without_root_file_access(), sys.executable, "-m", "sitegen", *args]
    command += ["--root", str(root), "--build-time", BUILD_TIME.isoformat()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_an_article_unreadable_after_it_was_cached(site: Path) -> None:
    """Its record and body come from the load cache (the file has the size and modification
    time they were loaded with): the build reads neither again. Without its body's row in the
    cache, the body must be read from the file: 'cannot be read', not 'changed while the site
    was being built'."""
    build_site(site)
    article = next((site / "content" / "articles").rglob("*.md"))
    rel = article.relative_to(site).as_posix()
    shutil.rmtree(site / "public")  # every page is rendered again, reading the bodies
    article.chmod(0)
    run = _sitegen(site, "build")
    assert run.returncode == 0, run.stderr
    shutil.rmtree(site / "public")
    with sqlite3.connect(layout.load_cache(site) / BODIES_DATABASE) as db:
        db.execute("DELETE FROM rows WHERE key = ?", (rel,))
    db.close()
    run = _sitegen(site, "build")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert f"{rel}:1: cannot be read (Permission denied)" in run.stderr
    assert "changed while" not in run.stderr


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unreadable_article_is_a_problem(site: Path, command: str) -> None:
    article = next((site / "content" / "articles").rglob("*.md"))
    article.chmod(0)
    run = _sitegen(site, command)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    rel = article.relative_to(site).as_posix()
    assert f"1. {rel}:1: cannot be read (Permission denied)" in run.stderr


def test_what_the_machine_refuses_is_one_line(site: Path) -> None:
    """An OSError the input did not decide (here: a site folder sitegen may not write its state
    into) ends the run with one line naming the path; the traceback only with --debug."""
    site.chmod(0o555)
    try:
        run = _sitegen(site, "build")
        debug = subprocess.run(
            [*_without_root_file_access(), sys.executable, "-m", "sitegen", "--debug", "build"]
            + ["--root", str(site)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        site.chmod(0o755)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"Error: Permission denied: {site / '.sitegen'}" in run.stderr
    assert "Traceback" in debug.stderr


def test_build_time_out_of_range_is_a_usage_error(kit: Any, site: Path) -> None:
    result = kit.run_cli("build", "--root", str(site), "--build-time", "9999-12-31T23:59:59-12")
    assert result.exit_code == 2
    assert "--build-time: '9999-12-31T23:59:59-12' is out of range" in result.output


def test_extreme_but_valid_dates_build(site: Path) -> None:
    """The first and last days sitegen accepts publish (archives, feeds and sitemaps included)."""
    for name, date in [("first", "0001-01-08T00:00:00Z"), ("last", "9999-12-24T00:00:00Z")]:
        (site / "content" / "articles" / f"{name}.md").write_text(
            f"---\ntitle: The {name} day\ndate: {date}\n---\n\nBody.\n", encoding="utf-8"
        )
    build(BuildOptions(site, build_time=BUILD_TIME, future=True))
    assert (site / "public" / "0001" / "01" / "first" / "index.html").is_file()
    assert (site / "public" / "9999" / "12" / "last" / "index.html").is_file()
