"""Damaged state under ``.sitegen/`` is discarded and rebuilt, whatever stands in its place.

The state files are not listed here: a build makes them, and every file and folder it made is
damaged in turn (so a state file added later is covered without touching this test). Files of
one kind (the 32 load-cache shards, one Markdown cache file per body...) are damaged together.
After each damage a build, and a rebuild after an edit, must succeed and give exactly what a
clean build gives.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.state import STATE_DIR

from .conftest import BUILD_TIME, build_site, tree

ARTICLE = """---
title: {title}
date: 2021-01-{day:02d}T10:00:00+03:00
section: politics
tags: [{tag}]
summary: About {title}.
---

Body of {title}, with *emphasis*.
"""
FILES = {
    "sitegen.yaml": "title: State\nbase_url: https://example.org/\ntimezone: Asia/Baghdad\n"
    "sections:\n  - {slug: politics, name: Politics}\n",
    "content/pages/about.md": "---\ntitle: About\n---\n\nAbout us.\n",
    **{
        f"content/articles/2021/story-{n}.md": ARTICLE.format(title=f"Story {n}", day=n, tag=tag)
        for n, tag in [(1, "oil"), (2, "water"), (3, "oil")]
    },
}
EDITED = "content/articles/2021/story-2.md"
Built = tuple[Path, dict[str, bytes], dict[str, bytes]]
"""A built site, and the output of clean builds of its sources before and after the edit."""


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _edit(root: Path) -> None:
    path = root / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A built site with its state, and the output of clean builds before and after the edit."""
    base = tmp_path_factory.mktemp("state")
    site = _write(base / "site", FILES)
    build_site(site)
    edited = _write(base / "edited", FILES)
    _edit(edited)
    build_site(edited, clean=True)
    first = _write(base / "first", FILES)
    build_site(first, clean=True)
    return site, tree(first / "public"), tree(edited / "public")


def _kind(rel: str) -> str:
    """Files of one kind share a name but for digests and numbers (a Markdown cache entry sits
    in a folder named after its digest's first two hex digits, letters or not)."""
    return re.sub(r"[0-9a-f]{8,}|\d+|(?<=^markdown/)[0-9a-f]{2}(?=/|$)", "#", rel)


def _state_kinds(site: Path) -> dict[str, list[str]]:
    state = site / STATE_DIR
    kinds: dict[str, list[str]] = {}
    for path in sorted(state.rglob("*")):
        rel = path.relative_to(state).as_posix()
        kinds.setdefault(("dir " if path.is_dir() else "") + _kind(rel), []).append(rel)
    return kinds


def _folder(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)
    (path / "inside" / "file").write_bytes(b"not state")


def _file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_bytes(b"not a folder\n")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "a folder": _folder,
    "garbage": lambda path: path.write_bytes(os.urandom(64) + b"\n" + os.urandom(64)),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
    "empty": lambda path: path.write_bytes(b""),
}


def _copy(site: Path, target: Path) -> Path:
    return Path(shutil.copytree(site, target, symlinks=True))


def test_a_build_makes_state_of_every_kind(built: Built) -> None:
    kinds = _state_kinds(built[0])
    # the kinds this test damages come from the build itself; a few known ones must be there
    for name in ["build.json", "config.json", "load-cache/rows.sqlite", "markdown/#/#"]:
        assert name in kinds, sorted(kinds)
    assert len(kinds) >= 10


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_state_files_are_rebuilt(tmp_path: Path, built: Built, damage: str) -> None:
    site, clean, clean_edited = built
    failures = []
    for kind, files in _state_kinds(site).items():
        if kind.startswith("dir "):
            continue
        copy = _copy(site, tmp_path / re.sub(r"\W", "_", kind))
        for rel in files:
            DAMAGE[damage](copy / STATE_DIR / rel)
        try:
            build_site(copy)
            first = tree(copy / "public")
            _edit(copy)
            build_site(copy)
            second = tree(copy / "public")
        except Exception as exc:  # noqa: BLE001 - listed below with the kind that failed
            failures.append(f"{kind}: {type(exc).__name__}: {exc}")
            continue
        if first != clean or second != clean_edited:
            failures.append(f"{kind}: the output differs from a clean build")
    assert failures == []


def test_state_folders_replaced_by_files_are_rebuilt(tmp_path: Path, built: Built) -> None:
    site, clean, clean_edited = built
    folders = [files for kind, files in _state_kinds(site).items() if kind.startswith("dir ")]
    failures = []
    for rel in [".", *(files[0] for files in folders)]:
        copy = _copy(site, tmp_path / re.sub(r"\W", "_", rel))
        _file(copy / STATE_DIR / rel)
        try:
            build_site(copy)
            first = tree(copy / "public")
            _edit(copy)
            build_site(copy)
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{rel}: {type(exc).__name__}: {exc}")
            continue
        if first != clean or tree(copy / "public") != clean_edited:
            failures.append(f"{rel}: the output differs from a clean build")
    assert len(folders) >= 4
    assert failures == []


SETPRIV = shutil.which("setpriv")


def test_unreadable_state_files_are_rebuilt(tmp_path: Path, built: Built) -> None:
    """Every state file mode 000; as root, the build runs without root's file access."""
    site, clean, _ = built
    copy = _copy(site, tmp_path / "site")
    for path in (copy / STATE_DIR).rglob("*"):
        if path.is_file():
            path.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        if SETPRIV is None:
            pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
        prefix = [SETPRIV, "--bounding-set=-dac_override,-dac_read_search"]
    time = BUILD_TIME.isoformat()
    command = [*prefix, sys.executable, "-m", "sitegen", "build", "--root", str(copy)]
    run = subprocess.run(
        [*command, "--build-time", time], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert tree(copy / "public") == clean
