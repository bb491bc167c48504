"""``python -m sitegen`` as a real process: exit codes and output survive the fast exit."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import copy_example

WHEN = "2026-01-01T00:00:00+00:00"


def _sitegen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args], capture_output=True, text=True, timeout=120
    )


class _Title(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.inside = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def test_a_build_exits_0_with_its_summary_and_every_file_written(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    done = _sitegen("build", "--root", str(site), "--build-time", WHEN, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "Built 45 articles and 2 pages" in done.stderr
    title = _Title()
    title.feed((site / "public" / "index.html").read_text(encoding="utf-8"))
    assert title.text == "Sulaimani Example News"
    assert (site / "public" / "sitemap.xml").is_file()


def test_exit_codes_are_kept(tmp_path: Path) -> None:
    assert _sitegen("--version").returncode == 0
    assert "sitegen" in _sitegen("--version").stdout
    assert _sitegen("build", "--jobs", "0").returncode == 2  # a usage error
    missing = _sitegen("build", "--root", str(tmp_path))  # no sitegen.yaml
    assert missing.returncode == 1
    assert "the config file is missing" in missing.stderr
