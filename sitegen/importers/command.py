"""``sitegen import wordpress|hugo|jekyll``: the command line of the importers."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

import click

from sitegen.errors import UsageError
from sitegen.importers.model import Source
from sitegen.importers.run import Outcome, run_import

_into = click.option(
    "--into",
    "--root",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The site folder to import into (a sitegen site, or a new or empty folder).",
)
_force = click.option(
    "--force",
    is_flag=True,
    help="Overwrite files edited since the last import (or not written by it).",
)
_permalink = click.option(
    "--permalink",
    metavar="PATTERN",
    help="The old site's permalink pattern, for aliases (WordPress: /%year%/%monthnum%/%postname%/;"
    " Hugo: /:year/:slug/; Jekyll: pretty, date or /:year/:month/:title/).",
)


@click.group("import")
def import_command() -> None:
    """Bring articles over from WordPress, Hugo or Jekyll (see IMPORT-REPORT.md afterwards)."""


@import_command.command("wordpress")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--media",
    type=click.Path(file_okay=False, path_type=Path),
    help="The site's wp-content/uploads folder, to copy media from (nothing is downloaded).",
)
@_permalink
@_into
@_force
def wordpress_command(
    export: Path, media: Path | None, permalink: str | None, into: Path, force: bool
) -> None:
    """Import the posts and pages of a WordPress export (WXR) file."""
    from sitegen.importers.wordpress import read_wordpress

    if not export.is_file():
        raise UsageError(f"{export} is not a file (expected a WordPress export, e.g. site.xml)")
    if media is not None and not media.is_dir():
        raise UsageError(f"--media {media} is not a folder")
    tz = _site_tz(into)
    _finish(read_wordpress(export, export.name, media, permalink, tz), into, force)


@import_command.command("hugo")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_permalink
@_into
@_force
def hugo_command(folder: Path, permalink: str | None, into: Path, force: bool) -> None:
    """Import the content of a Hugo site (its folder, or its content/ folder)."""
    from sitegen.importers.hugo import read_hugo

    _check_folder(folder, into)
    _finish(read_hugo(folder, folder.name, permalink, _site_tz(into)), into, force)


@import_command.command("jekyll")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_permalink
@_into
@_force
def jekyll_command(folder: Path, permalink: str | None, into: Path, force: bool) -> None:
    """Import the posts, drafts and Markdown pages of a Jekyll site folder."""
    from sitegen.importers.jekyll import read_jekyll

    _check_folder(folder, into)
    _finish(read_jekyll(folder, folder.name, permalink, _site_tz(into)), into, force)


def _check_folder(folder: Path, into: Path) -> None:
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    if into.resolve().is_relative_to(folder.resolve()) or folder.resolve() == into.resolve():
        raise UsageError(f"--into {into} is inside the folder being imported; choose another")


def _site_tz(root: Path) -> tzinfo:
    """The target site's timezone (UTC for a new site): naive source dates are read in it."""
    from zoneinfo import ZoneInfo

    from sitegen.config import CONFIG_FILE, load_config

    if (root / CONFIG_FILE).is_file():
        return load_config(root).tz
    return ZoneInfo("UTC")


def _finish(source: Source, into: Path, force: bool) -> None:
    outcome = run_import(source, into, force)
    for line in summary(source, outcome, into):
        click.echo(line, err=True)


def summary(source: Source, outcome: Outcome, into: Path) -> list[str]:
    """The lines the command prints: the counts, then where the report is."""
    return [
        f"Imported {outcome.articles} articles and {outcome.pages} pages from {source.label} "
        f"into {into}: {outcome.converted} shortcodes converted, {outcome.leftovers} left in "
        f"place and reported, {outcome.reported} report entries in all.",
        f"Files: {outcome.written} written, {outcome.unchanged} unchanged, {outcome.kept} left "
        f"as they were; {outcome.media} media files.",
        f"Report: {outcome.report}",
        f"Next: sitegen check --root {into}",
    ]
