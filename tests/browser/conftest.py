"""Shared by the browser tests: a built site served over a real loopback socket."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from benchmarks.search import served_folder


@pytest.fixture(scope="session")
def serve_folder() -> Callable[[Path], AbstractContextManager[str]]:
    """``with serve_folder(folder) as base:`` serves ``folder`` on 127.0.0.1 at URL ``base``."""
    return served_folder
