"""One broken site per validation rule: non-zero exit, no traceback, a numbered list of problems
naming file:line, field and message (tests/sites/invalid/<case>/expected.txt), nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

INVALID = Path(__file__).resolve().parents[1] / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if (p / "expected.txt").is_file())
NUMBERED = re.compile(r"^\s*(\d+)\. (.*)$")


def _site(tmp_path: Path, case: str) -> Path:
    """A scratch copy, so a (wrongly) successful build could not write into the repository."""
    return Path(shutil.copytree(INVALID / case, tmp_path / case))


def _expected(case: str) -> list[str]:
    return (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def _assert_reported(output: str, expected: list[str]) -> None:
    assert "Traceback" not in output
    count = len(expected)
    assert (
        f"Error: {count} problem{'s' if count != 1 else ''} found; nothing was written." in output
    )
    numbered = [m.groups() for m in map(NUMBERED.match, output.splitlines()) if m]
    assert [int(n) for n, _ in numbered] == list(range(1, count + 1)), output
    for (_, problem), wanted in zip(numbered, expected, strict=True):
        assert problem.startswith(wanted), f"expected {wanted!r}, got {problem!r}"


def test_every_rule_has_a_case() -> None:
    assert len(CASES) >= 18


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["build", "check"])
def test_invalid_site(tmp_path: Path, kit: Any, case: str, command: str) -> None:
    root = _site(tmp_path, case)
    result = kit.run_cli(command, "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 1, result.output
    _assert_reported(result.output, _expected(case))
    assert not (root / "public").exists()
    assert not (root / ".public.staging").exists()


def test_invalid_site_in_a_real_process(tmp_path: Path) -> None:
    root = _site(tmp_path, "many-problems")
    run = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    _assert_reported(run.stderr, _expected("many-problems"))
    assert not (root / "public").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    root = _site(tmp_path, "bad-date")
    run = subprocess.run(
        [sys.executable, "-m", "sitegen", "--debug", "build", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "Traceback" in run.stderr and "ProblemsFound" in run.stderr
