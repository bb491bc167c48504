"""The command line as a new user meets it: -h, a missing --root, -o, -q/-v, the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from sitegen.commands.cli import main
from sitegen.commands.summary import left_out, plural
from sitegen.pipeline import LeftOut

COMMANDS = ["build", "check", "serve", "new", "init", "deploy"]
CONFIG = "title: T\nbase_url: https://example.org/\ntimezone: UTC\n"
WHEN = "2026-01-01T00:00:00+00:00"


def _site(tmp_path: Path, articles: dict[str, str]) -> Path:
    root = tmp_path / "site"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "sitegen.yaml").write_text(CONFIG)
    for name, fields in articles.items():
        text = f"---\ntitle: {name}\n{fields}\n---\nBody of {name}.\n"
        (root / "content" / "articles" / f"{name}.md").write_text(text)
    return root


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_h_is_help(kit: Any, command: list[str]) -> None:
    short, long = kit.run_cli(*command, "-h"), kit.run_cli(*command, "--help")
    assert short.exit_code == 0, short.output
    assert short.output == long.output
    assert short.output.startswith("Usage: ")


@pytest.mark.parametrize("name", COMMANDS)
def test_h_is_help_on_a_command_invoked_alone(name: str) -> None:
    """Click builds a command's help option from the first context it sees: invoked alone first
    (as tests do), the command must still know -h when run through ``sitegen``."""
    command = main.get_command(click.Context(main), name)
    assert command is not None
    assert CliRunner().invoke(command, ["--help"]).exit_code == 0
    assert CliRunner().invoke(main, [name, "-h"]).exit_code == 0


@pytest.mark.parametrize("command", ["build", "check", "serve", "new", "deploy"])
def test_missing_root_is_named(kit: Any, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nonexistent"
    args = [command, "--root", str(missing)] + (["A headline"] if command == "new" else [])
    result = kit.run_cli(*args)
    assert result.exit_code == 2, result.output
    assert f"no such folder: {missing}" in result.output
    assert "init" not in result.output
    assert not missing.exists()


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [(0, "article", "0 articles"), (1, "article", "1 article"), (2, "draft", "2 drafts")],
)
def test_plural(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


@pytest.mark.parametrize(
    ("drafts", "scheduled", "expected"),
    [
        (0, 0, ""),
        (1, 0, "1 draft left out (--drafts to include it)"),
        (2, 0, "2 drafts left out (--drafts to include them)"),
        (0, 1, "1 scheduled article left out (--future to include it)"),
        (0, 3, "3 scheduled articles left out (--future to include them)"),
        (2, 1, "2 drafts and 1 scheduled article left out (--drafts and --future to include them)"),
        (1, 1, "1 draft and 1 scheduled article left out (--drafts and --future to include them)"),
    ],
)
def test_left_out(drafts: int, scheduled: int, expected: str) -> None:
    assert left_out(LeftOut(drafts, scheduled)) == expected


def test_build_names_what_it_left_out(kit: Any, tmp_path: Path) -> None:
    root = _site(
        tmp_path,
        {
            "published": "date: 2021-01-14",
            "draft-one": "date: 2021-01-14\ndraft: true",
            "draft-two": "date: 2021-01-15\ndraft: true",
            "scheduled": "date: 2030-01-01",
            "scheduled-draft": "date: 2030-01-02\ndraft: true",
        },
    )
    args = ("build", "--root", str(root), "--build-time", WHEN)
    wanted = "3 drafts and 1 scheduled article left out (--drafts and --future to include them)."
    first = kit.run_cli(*args)
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1].startswith("Built 1 article and 0 pages into ")
    assert first.output.rstrip().endswith(wanted)
    again = kit.run_cli(*args)  # nothing changed: the no-op build says the same
    assert again.output.rstrip().endswith(wanted), again.output
    assert "0 rendered" in again.output
    checked = kit.run_cli("check", "--root", str(root), "--build-time", WHEN)
    assert checked.output.rstrip().endswith(wanted), checked.output
    drafts = kit.run_cli(*args, "--drafts")
    assert "Built 3 articles" in drafts.output
    assert drafts.output.rstrip().endswith(
        "; 2 scheduled articles left out (--future to include them)."
    )
    everything = kit.run_cli(*args, "--drafts", "--future")
    assert "Built 5 articles" in everything.output and "left out" not in everything.output


def test_output_dir_option(kit: Any, tmp_path: Path) -> None:
    root = _site(tmp_path, {"story": "date: 2021-01-14"})
    for option, folder in (("-o", "dist"), ("--output-dir", str(root / "site-out"))):
        result = kit.run_cli("build", "--root", str(root), "--build-time", WHEN, option, folder)
        assert result.exit_code == 0, result.output
        out = root / Path(folder).name
        assert (out / "2021" / "01" / "story" / "index.html").is_file()
        assert f"into {out}" in result.output
    assert not (root / "public").exists()
    outside = kit.run_cli("build", "--root", str(root), "-o", str(tmp_path / "elsewhere"))
    assert outside.exit_code == 2
    assert "is not inside the site folder" in outside.output
    assert not (tmp_path / "elsewhere").exists()


def test_quiet_and_verbose(kit: Any, tmp_path: Path) -> None:
    root = _site(tmp_path, {f"story-{n:02d}": "date: 2021-01-14" for n in range(12)})
    args = ("--root", str(root), "--build-time", WHEN)
    quiet = kit.run_cli("build", *args, "-q")
    assert quiet.exit_code == 0 and quiet.output == ""
    assert (root / "public" / "index.html").is_file()
    normal = kit.run_cli("check", *args)
    assert "... and 3 more warnings" not in normal.output  # check lists all; build limits to 10
    verbose = kit.run_cli("build", *args, "-v", "--clean")
    warnings = [line for line in verbose.output.splitlines() if line.startswith("Warning ")]
    assert len(warnings) == 13  # twelve articles without an id, and the publisher's logo
    assert "more warnings" not in verbose.output
    assert "Stages: config " in verbose.output and " load " in verbose.output
    assert kit.run_cli("check", *args, "--quiet").output == ""
