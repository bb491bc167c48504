"""Shared by the browser tests: a built site served over a real loopback socket."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from benchmarks.search import served_folder

TOOLS = Path(__file__).resolve().parents[2] / ".tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def serve_folder() -> Callable[[Path], AbstractContextManager[str]]:
    """``with serve_folder(folder) as base:`` serves ``folder`` on 127.0.0.1 at URL ``base``."""
    return served_folder


@pytest.fixture(scope="session")
def axe_script(require_tool: Callable[[str], None]) -> Path:
    """axe-core's script (from ``.tools/``), to inject into a page; skips (or fails, where
    required) without it."""
    if not AXE.is_file():
        require_tool(f"axe-core is not installed: {AXE} (npm install --prefix .tools axe-core)")
    return AXE


def _page(browser: Any, width: int, height: int) -> Iterator[Any]:
    """A page in a fresh browser context of that viewport, closed after the test."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page the size of a small phone (320 x 800 CSS pixels)."""
    yield from _page(browser, 320, 800)


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    """A page the size of a laptop screen (1280 x 900)."""
    yield from _page(browser, 1280, 900)
