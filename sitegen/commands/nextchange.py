"""``sitegen next-change``: when the output next changes by the clock alone, for schedulers.

Cron jobs, systemd timers and CI schedules ask it when to rebuild and deploy: an embargoed
article comes due, an article expires, a breaking-news banner starts or ends. It reads the site
as ``sitegen check`` does and writes nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import click

from sitegen.commands.cli_options import HELP_OPTIONS, build_time_value, root_option, when_option
from sitegen.errors import ProblemsFound


@click.command("next-change", context_settings=HELP_OPTIONS)
@root_option
@click.option("--drafts", is_flag=True, help="As 'build --drafts': drafts coming due count.")
@when_option
@click.option(
    "--json", "as_json", is_flag=True, help="Print the next change and every later one as JSON."
)
@click.option(
    "--calendar",
    is_flag=True,
    help="Print only the instant, as systemd's OnCalendar= reads it (UTC); nothing if none.",
)
def next_change_command(
    root: Path, drafts: bool, build_time: str | None, as_json: bool, calendar: bool
) -> None:
    """Print when the output will next change with no edit (and why)."""
    from sitegen.config import load_config
    from sitegen.content.loader import load_content
    from sitegen.engine import schedule

    now = build_time_value(build_time) or datetime.now(UTC)
    config = load_config(root)
    loaded = load_content(root, config)
    if loaded.problems:
        raise ProblemsFound(loaded.problems)
    events = schedule.clock_events(loaded.articles, config, drafts)
    events += schedule.day_events(now, config)
    found = schedule.next_change(events, now, config)
    if as_json:
        click.echo(json.dumps(schedule.report(events, now, config), indent=2))
    elif calendar:
        click.echo(schedule.calendar(found))
    else:
        click.echo(found.line() + "." if found else "No change scheduled.")
