"""Scratch copies of the example site for the incremental-build tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from sitegen.pipeline import BuildOptions, BuildResult, build
from tests.conftest import BUILD_TIME as BUILD_TIME_TEXT
from tests.conftest import copy_example
from tests.conftest import tree_bytes as tree

BUILD_TIME = datetime.fromisoformat(BUILD_TIME_TEXT)

__all__ = ["BUILD_TIME", "build_site", "copy_example", "stats", "tree"]


def build_site(root: Path, jobs: int = 1, clean: bool = False) -> BuildResult:
    """Build ``root`` into its ``public/`` at a fixed build time."""
    return build(BuildOptions(root, build_time=BUILD_TIME, jobs=jobs, clean=clean))


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
