"""Scratch copies of the example site for the incremental-build tests."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sitegen.pipeline import BuildOptions, BuildResult, build

REPO = Path(__file__).resolve().parents[2]
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def copy_example(target: Path) -> Path:
    """The repository's example site (config, content, static files) copied to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "sitegen.yaml", target / "sitegen.yaml")
    for folder in ("content", "static", "templates"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, target / folder)
    return target


def build_site(root: Path, jobs: int = 1, clean: bool = False) -> BuildResult:
    """Build ``root`` into its ``public/`` at a fixed build time."""
    return build(BuildOptions(root, build_time=BUILD_TIME, jobs=jobs, clean=clean))


def tree(out: Path) -> dict[str, bytes]:
    """Every file of an output folder and its bytes."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def stats(out: Path) -> dict[str, tuple[int, int]]:
    """Every file of an output folder with its inode and modification time (rewrites show)."""
    found = {}
    for path in out.rglob("*"):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(out).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return found


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A scratch copy of the example site."""
    return copy_example(tmp_path / "site")
