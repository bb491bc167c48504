"""One site per warning: the build succeeds and lists each warning with file:line and field
(tests/sites/warnings/<case>/expected.txt, one line per warning, in order)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

WARNED = Path(__file__).resolve().parents[1] / "sites" / "warnings"
CASES = sorted(p.name for p in WARNED.iterdir() if (p / "expected.txt").is_file())
WARNING = re.compile(r"^Warning (\d+): (.*)$")


def _site(tmp_path: Path, case: str) -> Path:
    return Path(shutil.copytree(WARNED / case, tmp_path / case))


def _warnings(output: str) -> list[str]:
    found = [m.groups() for m in map(WARNING.match, output.splitlines()) if m]
    assert [int(n) for n, _ in found] == list(range(1, len(found) + 1)), output
    return [text for _, text in found]


def _assert_listed(output: str, expected: list[str]) -> None:
    assert "Traceback" not in output
    listed = _warnings(output)
    assert len(listed) == len(expected), output
    for got, wanted in zip(listed, expected, strict=True):
        assert got.startswith(wanted), f"expected {wanted!r}, got {got!r}"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["build", "check"])
def test_warned_site(tmp_path: Path, kit: Any, case: str, command: str) -> None:
    root = _site(tmp_path, case)
    result = kit.run_cli(command, "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    expected = (WARNED / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    _assert_listed(result.output, expected)


def test_warnings_survive_the_load_cache(tmp_path: Path, kit: Any) -> None:
    """A rebuild takes the warned file from the load cache and still names its warning."""
    root = _site(tmp_path, "blank-lines-before-front-matter")
    args = ("build", "--root", str(root), "--build-time", kit.build_time)
    assert kit.run_cli(*args).exit_code == 0
    good = root / "content" / "articles" / "2021" / "a-good-article.md"
    good.write_text(good.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    result = kit.run_cli(*args)
    assert result.exit_code == 0, result.output
    expected = ["content/articles/2021/blank.md:3:", "content/articles/2021/bom.md:2:"]
    _assert_listed(result.output, expected)


def test_other_markdown_endings_are_articles(tmp_path: Path, kit: Any) -> None:
    from bs4 import BeautifulSoup

    root = _site(tmp_path, "unread-files")
    result = kit.run_cli("build", "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    for ending in ("markdown", "mkd", "mdown"):
        page = root / "public" / "2021" / "01" / f"as-{ending}" / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        heading = soup.find("h1")
        assert heading is not None and heading.get_text(strip=True) == f"Written as .{ending}"
    lead = root / "public" / "media" / "articles" / "2021" / "lead.svg"
    assert lead.is_file()
    assert not (root / "public" / "media" / "articles" / "2021" / "unused.svg").exists()
