"""Click options shared by commands defined outside cli.py (serve, new), so they read alike."""

from __future__ import annotations

from pathlib import Path

import click

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The site folder (holding sitegen.yaml).",
)
"""``--root``: the site folder, default the current one."""
