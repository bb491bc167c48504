"""The benchmark runs from a checkout as docs/performance.md says, outside the installed package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_the_benchmark_runs_from_the_checkout(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "benchmarks", "--articles", "12", "--runs", "1"]
    command += ["--no-pelican", "--no-preview", "--jobs", "1", "--work", str(tmp_path)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for label in ("cold build", "no-op rebuild", "one article's body edited", "search index size"):
        assert label in done.stdout
    results = json.loads((tmp_path / "results-12.json").read_text(encoding="utf-8"))
    assert set(results) == {"cold", "noop", "body", "title", "search"}
    assert all(figures["wall"] > 0 and figures["rss_mib"] > 0 for figures in results.values())
