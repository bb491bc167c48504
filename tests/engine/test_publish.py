"""Atomic publish: a build killed (SIGKILL) or interrupted (Ctrl-C) inside the publish window, in a
real process, never leaves a mix of two builds that a deploy would accept or a later build keep.

The window is hit deterministically with the test-only hook of :mod:`sitegen.engine.publish`:
``SITEGEN_TEST_PUBLISH_SIGNAL=KILL:40`` makes the build send itself SIGKILL after its 40th rename.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.engine.outdir import OutputFolder
from sitegen.engine.publish import TEST_HOOK, finish_interrupted, journal_file
from tests.engine.conftest import copy_example, tree

BUILD_TIME = "2026-01-01T00:00:00+00:00"
STAGING_URL = "https://staging.example.org/"
"""The interrupted build publishes the site under another base URL: every page changes."""
RENAMES = 40


def _site(tmp_path: Path, name: str) -> Path:
    root = copy_example(tmp_path / name)
    www = tmp_path / f"{name}-www"
    with (root / "sitegen.yaml").open("a", encoding="utf-8") as config:
        config.write(f"deploy:\n  web:\n    type: folder\n    path: {www}\n")
    return root


def _sitegen(root: Path, *args: str, hook: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != TEST_HOOK}
    if hook:
        env[TEST_HOOK] = hook
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _build(root: Path, *args: str, hook: str | None = None) -> subprocess.CompletedProcess[str]:
    return _sitegen(root, "build", "--build-time", BUILD_TIME, "--jobs", "2", *args, hook=hook)


def _pages_by_url(public: Path) -> tuple[int, int]:
    """How many pages carry the staging URL, and how many the configured one."""
    pages = [p.read_text(encoding="utf-8") for p in public.rglob("*.html")]
    staging = sum(STAGING_URL in page for page in pages)
    return staging, len(pages) - staging


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a clean build of the interrupted build's sources and options gives."""
    root = _site(tmp_path_factory.mktemp("clean"), "site")
    assert _build(root, "--base-url", STAGING_URL).returncode == 0
    return tree(root / "public")


def _interrupted(tmp_path: Path, signame: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = _site(tmp_path, "site")
    first = _build(root)
    assert first.returncode == 0, first.stderr
    assert _pages_by_url(root / "public")[0] == 0
    run = _build(root, "--base-url", STAGING_URL, hook=f"{signame}:{RENAMES}")
    return root, run


def _deploy(root: Path) -> subprocess.CompletedProcess[str]:
    return _sitegen(root, "deploy", "web")


def test_sigkill_inside_the_publish_window(tmp_path: Path, new_site: dict[str, bytes]) -> None:
    root, run = _interrupted(tmp_path, "KILL")
    assert run.returncode == -signal.SIGKILL, run.stderr
    public = root / "public"
    folder = OutputFolder(root, public, "public")
    assert journal_file(folder).is_file()
    staging, configured = _pages_by_url(public)
    assert staging > 0 and configured > 0  # killed mid-publish: the folder mixes two builds

    refused = _deploy(root)
    assert refused.returncode == 1
    assert "the last build stopped while publishing into" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "site-www").exists()

    assert finish_interrupted(folder)  # what the next build does first: roll forward
    assert not journal_file(folder).exists()
    assert not (root / ".public.staging").exists()
    assert tree(public) == new_site  # the new site whole, never a mix once completed

    again = _build(root, "--base-url", STAGING_URL)
    assert again.returncode == 0, again.stderr
    assert tree(public) == new_site


def test_next_build_completes_a_killed_publish(tmp_path: Path, new_site: dict[str, bytes]) -> None:
    root, run = _interrupted(tmp_path, "KILL")
    assert run.returncode == -signal.SIGKILL
    again = _build(root, "--base-url", STAGING_URL)
    assert again.returncode == 0, again.stderr
    assert tree(root / "public") == new_site
    assert not list((root / ".sitegen").glob("publish-*"))
    assert not list((root / ".sitegen").glob("manifest-*.next.*"))
    deployed = _deploy(root)
    assert deployed.returncode == 0, deployed.stderr
    assert tree(tmp_path / "site-www") == {k: v for k, v in new_site.items() if k[0] != "."}


def test_a_killed_build_with_the_old_options_also_converges(tmp_path: Path) -> None:
    """The next build need not be the interrupted one: the publish is completed, then the build
    with the old options brings every page back."""
    root, run = _interrupted(tmp_path, "KILL")
    assert run.returncode == -signal.SIGKILL
    again = _build(root)
    assert again.returncode == 0, again.stderr
    fresh = _site(tmp_path, "fresh")
    assert _build(fresh).returncode == 0
    assert tree(root / "public") == tree(fresh / "public")
    assert _pages_by_url(root / "public")[0] == 0


def test_ctrl_c_inside_the_publish_window(tmp_path: Path, new_site: dict[str, bytes]) -> None:
    root, run = _interrupted(tmp_path, "INT")
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    public = root / "public"
    # Ctrl-C after the commit point lets the publish finish: the new site, whole
    assert not journal_file(OutputFolder(root, public, "public")).exists()
    assert tree(public) == new_site
    refused = _deploy(root)  # but the build itself did not finish
    assert refused.returncode == 1
    assert "the last build did not finish" in refused.stderr
    again = _build(root, "--base-url", STAGING_URL)
    assert again.returncode == 0, again.stderr
    assert tree(public) == new_site
