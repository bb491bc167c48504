"""The build's progress bar: shown on a terminal, silent in CI and when output is piped."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

ProgressHook = Callable[[int, int], None]
"""``hook(done, total)``, as :class:`sitegen.pipeline.BuildOptions` ``progress`` expects."""


def wants_progress(stream: TextIO | None = None) -> bool:
    """True when ``stream`` (stderr) is a terminal and the ``CI`` variable is unset or false."""
    stream = stream or sys.stderr
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return not in_ci and stream.isatty()


@contextmanager
def render_progress(enabled: bool | None = None) -> Iterator[ProgressHook | None]:
    """A progress hook drawing a transient bar on stderr, or None when it should stay quiet."""
    if not (wants_progress() if enabled is None else enabled):
        yield None
        return
    # imported only for a terminal: rich's import would be a tenth of a no-op rebuild
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("Rendering"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("render", total=None)

        def hook(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield hook
