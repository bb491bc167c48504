"""Fixtures of the deploy tests: an isolated git configuration and a built scratch site."""

from __future__ import annotations

from pathlib import Path

import pytest
from scratch_site import BUILT_SITE, Site


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's git identity and hooks out of the tests."""
    empty = tmp_path_factory.mktemp("git") / "gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A built site at ``tmp_path/site`` with one article source and no deploy targets yet."""
    root = tmp_path / "site"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "articles" / "first.md").write_text("---\ntitle: First\n---\nHello\n")
    scratch = Site(root)
    for path, data in BUILT_SITE.items():
        scratch.write(path, data)
    scratch.configure({})
    return scratch
