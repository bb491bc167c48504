"""Shared pieces of the import tests: the real third-party data, running the commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitegen.commands.cli import main
from sitegen.content.frontmatter import split_front_matter
from sitegen.text.yamlsource import parse_mapping

REPO = Path(__file__).resolve().parents[2]
REALDATA = REPO.parent / "shared" / "realdata"
"""Third-party inputs (see its README); CI has them beside the repository."""
BUILD_TIME = "2026-06-01T00:00:00+00:00"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The shared real-data folder; skipped where absent, a failure in CI."""
    if not REALDATA.is_dir():
        reason = f"{REALDATA} is not here (the shared real-data sets)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}")
        pytest.skip(reason)
    return REALDATA


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def sitegen(*args: str) -> Run:
    """``sitegen ARGS`` in-process (exceptions other than SystemExit propagate)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def front(path: Path) -> dict[str, Any]:
    """The front matter of a written file, parsed as sitegen parses it."""
    return parse_mapping(split_front_matter(path.read_text(encoding="utf-8")).front_matter).data


def articles(site: Path) -> dict[str, Path]:
    """Article files of a site by slug (file stem)."""
    return {p.stem: p for p in sorted((site / "content" / "articles").rglob("*.md"))}


def checked_and_built(site: Path) -> None:
    """The site passes ``sitegen check`` with zero errors and builds (drafts included)."""
    run = sitegen("check", "--root", str(site), "--build-time", BUILD_TIME)
    assert run.code == 0, run.stderr
    assert "Error" not in run.stderr and "no permanent id" not in run.stderr
    # a build validates everything check does; with --drafts the drafts are checked too
    run = sitegen("build", "--root", str(site), "--build-time", BUILD_TIME, "--drafts")
    assert run.code == 0, run.stderr


@pytest.fixture
def importer() -> Callable[..., Run]:
    return sitegen
