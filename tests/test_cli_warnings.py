"""How the command line reports warnings: ``build`` lists a few and counts the rest."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.commands.cli import BUILD_WARNINGS_SHOWN
from tests.conftest import copy_example, run_cli

WHEN = "2026-01-01T00:00:00+00:00"


def _strip_ids(site: Path, count: int) -> list[str]:
    """Remove ``id:`` from the first ``count`` articles; return their paths in file order."""
    files = sorted((site / "content" / "articles").rglob("*.md"))[:count]
    for path in files:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^id: .*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    return [path.relative_to(site).as_posix() for path in files]


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Warning ")]


def test_build_lists_the_first_warnings_and_counts_the_rest(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    stripped = _strip_ids(site, BUILD_WARNINGS_SHOWN + 3)
    result = run_cli("build", "--root", str(site), "--build-time", WHEN, "--jobs", "1")
    assert result.exit_code == 0, result.output
    listed = _warnings(result.output)
    assert len(listed) == BUILD_WARNINGS_SHOWN
    for line, file in zip(listed, stripped, strict=False):
        assert f"{file}:1: id: has no permanent id" in line
    assert "... and 3 more warnings ('sitegen check' lists them all)." in result.output


def test_a_no_op_rebuild_reports_the_warnings_of_the_build_before(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    _strip_ids(site, BUILD_WARNINGS_SHOWN + 3)
    command = ("build", "--root", str(site), "--build-time", WHEN, "--jobs", "1")
    first = run_cli(*command)
    again = run_cli(*command)
    assert first.exit_code == again.exit_code == 0, again.output
    assert "0 rendered" in again.output  # nothing was built: the no-op path
    assert _warnings(again.output) == _warnings(first.output)
    assert len(_warnings(again.output)) == BUILD_WARNINGS_SHOWN
    assert "... and 3 more warnings" in again.output


def test_check_lists_every_warning(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    stripped = _strip_ids(site, BUILD_WARNINGS_SHOWN + 3)
    result = run_cli("check", "--root", str(site), "--build-time", WHEN)
    assert result.exit_code == 0, result.output
    assert [
        line.split(": ", 1)[1].split(":", 1)[0] for line in _warnings(result.output)
    ] == stripped
    assert f"({len(stripped)} warnings)." in result.output


HUGO_ARTICLE = """---
title: Moved from Hugo
date: 2021-01-14T10:00:00+03:00
id: 5b0e2c7e-57a8-4cb7-9d1b-1a4f1e0b9a01
section: politics
---

The council met on Tuesday.

{{< img src="/images/hall.jpg" >}}

A _note_{{< /box >}} and a Jekyll tag: {% include related.html %}

`{{< in code >}}` is an example.
"""


def test_other_generators_shortcodes_are_warned_with_file_line_and_name(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    article = site / "content" / "articles" / "2021" / "moved-from-hugo.md"
    article.write_text(HUGO_ARTICLE, encoding="utf-8")
    rel = "content/articles/2021/moved-from-hugo.md"
    expected = [
        f"{rel}:10: Hugo shortcode 'img'",
        f"{rel}:12: Hugo shortcode '/box'",
        f"{rel}:12: Liquid tag 'include'",
    ]
    first = run_cli("build", "--root", str(site), "--build-time", WHEN, "--jobs", "1")
    assert first.exit_code == 0, first.output
    other = sorted((site / "content" / "articles").rglob("*.md"))[0]
    other.write_text(other.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    again = run_cli("build", "--root", str(site), "--build-time", WHEN, "--jobs", "1")
    check = run_cli("check", "--root", str(site), "--build-time", WHEN)
    for result in (first, again, check):  # the second build takes the article from the cache
        assert result.exit_code == 0, result.output
        listed = [line.split(": ", 1)[1] for line in _warnings(result.output)]
        assert [line[: len(want)] for line, want in zip(listed, expected, strict=True)] == expected
    page = (site / "public" / "2021" / "01" / "moved-from-hugo" / "index.html").read_text("utf-8")
    assert "{{&lt; img" in page  # shown to readers as written: hence the warning
