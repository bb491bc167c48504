"""``sitegen serve``: the click command; the work is in :mod:`sitegen.serve.server`."""

from __future__ import annotations

from pathlib import Path

import click

from sitegen.commands.cli_options import HELP_OPTIONS, root_option
from sitegen.errors import UsageError
from sitegen.serve.server import PreviewServer, ServeOptions
from sitegen.serve.watcher import CONFIG_FILE


@click.command("serve", context_settings=HELP_OPTIONS)
@root_option
@click.option(
    "--host",
    "--bind",
    "host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (use 0.0.0.0 to let other machines see the preview).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
@click.option(
    "--no-reload", is_flag=True, help="Build once: no watching, rebuilding or live reload."
)
def serve_command(root: Path, host: str, port: int, open_browser: bool, no_reload: bool) -> None:
    """Preview the site with drafts, live reload and errors shown in the browser."""
    if not (root / CONFIG_FILE).is_file():
        raise UsageError(
            f"no {CONFIG_FILE} in {root}; run sitegen serve in a site folder or use --root"
        )
    options = ServeOptions(root, host, port, reload=not no_reload, open_browser=open_browser)
    PreviewServer(options).run()
