"""Click options shared by commands defined outside cli.py (serve, new), so they read alike."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from sitegen.errors import UsageError

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""Context settings of every command: ``-h`` is ``--help``. Given to each command itself, not
only to the group: click builds a command's help option once, from the first context it sees,
and a command may be invoked on its own (tests do)."""


def _existing_folder(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A missing folder is named as such (not "no sitegen.yaml, run init")."""
    if not value.exists():
        raise click.BadParameter(f"no such folder: {value}", ctx, param)
    return value


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    callback=_existing_folder,
    default=".",
    show_default=True,
    help="The site folder (holding sitegen.yaml).",
)
"""``--root``: the site folder, default the current one."""


when_option = click.option(
    "--build-time", metavar="ISO-8601", help="The build's 'now' (default: the current time)."
)


def build_time_value(value: str | None) -> datetime | None:
    """``--build-time`` as an aware datetime (UTC when it names no offset); None: now."""
    if value is None:
        return None
    from zoneinfo import ZoneInfo

    from sitegen.text.datetext import parse_datetime  # not via models: they are costly to import

    try:
        return parse_datetime(value, ZoneInfo("UTC"))
    except ValueError as exc:
        raise UsageError(f"--build-time: {exc}") from None
