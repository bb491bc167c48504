"""The command line: parse, call the pipeline, map errors to exit codes."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from sitegen import __version__
from sitegen.commands.cli_options import HELP_OPTIONS, build_time_value, root_option, when_option
from sitegen.errors import Problem, SitegenError, UsageError
from sitegen.pipeline import BuildOptions, build, check, default_workers

_LAZY_COMMANDS = {
    "deploy": ("sitegen.deploy.command", "deploy"),
    "import": ("sitegen.importers.command", "import_command"),
    "init": ("sitegen.commands.newsite", "init_command"),
    "new": ("sitegen.commands.authoring", "new_command"),
    "next-change": ("sitegen.commands.nextchange", "next_change_command"),
    "serve": ("sitegen.serve.command", "serve_command"),
}
"""Commands imported only when run: ``sitegen build`` (and a no-op rebuild above all) should
not pay for importing the preview server, the publishers and their models."""


def _say(line: str) -> None:
    """One line on stderr, exactly as given: no wrapping (``file:line`` stays clickable and
    grep-able in CI logs), no markup or emoji codes interpreted."""
    click.echo(line, err=True)


def _report(lines: list[str]) -> None:
    """A failed run's problems, through rich; imported only then, since ``build`` on its
    success path prints two plain lines and rich's import is a tenth of a no-op rebuild."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
    for line in lines:
        console.print(line)


class _Group(click.Group):
    """Prints SitegenError without a traceback (unless --debug) and exits with its code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LAZY_COMMANDS:
            module, attribute = _LAZY_COMMANDS[name]
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except SitegenError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            # soft_wrap: one problem per line, never broken at the terminal width, so
            # "file:line" stays clickable and grep-able in CI logs.
            _report(list(exc.lines()))
            sys.exit(exc.exit_code)
        except OSError as exc:
            # The machine refused something the input did not decide (a full disk, a folder
            # sitegen may not write): said in a line, the traceback only with --debug.
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f": {exc.filename}" if exc.filename else ""
            _report([f"Error: {exc.strerror or exc}{where} (--debug shows the traceback)"])
            sys.exit(1)


@click.group(cls=_Group, context_settings=HELP_OPTIONS)
@click.version_option(__version__, prog_name="sitegen")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """sitegen: build a static news site from Markdown articles."""
    ctx.obj = {"debug": debug}


_root = root_option
_drafts = click.option("--drafts", is_flag=True, help="Include draft articles.")
_future = click.option("--future", is_flag=True, help="Include articles dated in the future.")
_base = click.option("--base-url", help="Override base_url from sitegen.yaml.")
_jobs = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Render processes (default: the number of cores).",
)
_clean = click.option("--clean", is_flag=True, help="Ignore caches and rebuild everything.")
_output = click.option(
    "--output-dir",
    "-o",
    metavar="DIR",
    help="Build into DIR, a folder inside the site (relative to --root), instead of output_dir.",
)
_quiet = click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
_verbose = click.option(
    "--verbose", "-v", is_flag=True, help="List every warning and the time of each stage."
)


@main.command("build", context_settings=HELP_OPTIONS)
@_root
@_output
@_drafts
@_future
@when_option
@_base
@_jobs
@_clean
@_quiet
@_verbose
def build_command(
    root: Path,
    output_dir: str | None,
    drafts: bool,
    future: bool,
    build_time: str | None,
    base_url: str | None,
    jobs: int | None,
    clean: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Build the site into the output folder (public/ by default)."""
    from sitegen.commands.progress import render_progress
    from sitegen.commands.summary import build_summary

    with render_progress(enabled=False if quiet else None) as progress:
        options = BuildOptions(
            root,
            drafts,
            future,
            base_url,
            build_time_value(build_time),
            jobs=jobs or default_workers(),
            clean=clean,
            progress=progress,
            warnings_shown=None if verbose else BUILD_WARNINGS_SHOWN,
            output_dir=_output_dir(root, output_dir),
            exits=True,
        )
        result = build(options)
    if quiet:
        return
    _print_warnings(result.warnings, result.warnings_total)
    if verbose:
        _print_timings(result.timings)
    if result.next_change:
        _say(result.next_change + ".")
    _say(build_summary(result))


@main.command("check", context_settings=HELP_OPTIONS)
@_root
@_drafts
@_future
@when_option
@_quiet
@_verbose
def check_command(
    root: Path, drafts: bool, future: bool, build_time: str | None, quiet: bool, verbose: bool
) -> None:
    """Validate config, content and templates without writing anything."""
    from sitegen.commands.summary import check_summary
    from sitegen.config import load_config
    from sitegen.i18n.report import translation_warnings

    result = check(BuildOptions(root, drafts, future, None, build_time_value(build_time)))
    if quiet:
        return
    untranslated = translation_warnings(root, load_config(root))
    _print_warnings(result.warnings + untranslated, result.warnings_total + len(untranslated))
    if verbose:
        _print_timings(result.timings)
    if result.next_change:
        _say(result.next_change + ".")
    _say(check_summary(result))


def _output_dir(root: Path, value: str | None) -> str | None:
    """``--output-dir`` as a path relative to the site root (absolute paths inside it too)."""
    if value is None:
        return None
    path = Path(value)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root.resolve())
        except ValueError:
            raise UsageError(
                f"--output-dir: {value} is not inside the site folder {root}"
            ) from None
    if not path.parts or ".." in path.parts:
        raise UsageError(f"--output-dir: {value!r} must be a folder inside the site folder")
    return path.as_posix()


def _print_timings(timings: dict[str, float]) -> None:
    _say("Stages: " + ", ".join(f"{stage} {seconds:.3f}s" for stage, seconds in timings.items()))


def run() -> None:
    """The ``sitegen`` command: :func:`main`, then exit without tearing the interpreter down.

    Freeing a large build's objects one by one at exit takes a tenth of a second at 10,000
    articles, longer than parts of a rebuild; the operating system reclaims the memory at once.
    Every file sitegen writes is closed by then, and the output streams are flushed here.
    Tests call :func:`main` itself (in-process), which this does not change.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message"): Python prints it and exits with 1
            print(exc.code, file=sys.stderr)
            code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


BUILD_WARNINGS_SHOWN = 10
"""``build`` lists this many warnings, then counts the rest: an imported archive without ids
would otherwise bury the build's result under thousands of lines (``check`` lists them all)."""


def _print_warnings(shown: list[Problem], total: int) -> None:
    """Warnings are listed but do not fail the command (exit code 0)."""
    for number, problem in enumerate(shown, 1):
        _say(f"Warning {number}: {problem}")
    if total > len(shown):
        more = total - len(shown)
        _say(f"... and {more} more warnings ('sitegen check' lists them all).")
