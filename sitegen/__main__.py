"""Allow ``python -m sitegen``."""

from __future__ import annotations

from sitegen.commands.cli import run

run()
