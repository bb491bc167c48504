"""The render progress bar: reported per job, drawn only on a terminal outside CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.preview import copy_site
from sitegen.commands.progress import wants_progress
from sitegen.pipeline import BuildOptions, build

EXAMPLE = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(EXAMPLE, tmp_path / "site")


def test_build_reports_every_render_job(site: Path) -> None:
    calls: list[tuple[int, int]] = []
    build(BuildOptions(site, progress=lambda done, total: calls.append((done, total))))
    total = calls[-1][1]
    assert total > 31  # every article page, and the listings besides
    assert calls == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize(
    ("ci", "expected"), [(None, True), ("true", False), ("1", False), ("false", True)]
)
def test_wants_progress_on_a_terminal_unless_ci(
    monkeypatch: pytest.MonkeyPatch, ci: str | None, expected: bool
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as terminal:
        assert wants_progress(terminal) is expected
    os.close(leader)


def _build_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--root", str(site)]


def test_piped_build_prints_no_progress_bar(site: Path) -> None:
    result = subprocess.run(
        _build_command(site), capture_output=True, text=True, timeout=120,
        env={**os.environ, "CI": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Rendering" not in result.stderr and "\x1b[" not in result.stderr


def test_terminal_build_draws_the_bar(site: Path) -> None:
    leader, follower = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    process = subprocess.Popen(
        _build_command(site), stdin=follower, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the build ended
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    assert b"Rendering" in output
