"""Fixtures of the render tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from syndication_site import build_site, write_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The built syndication test site (its output folder)."""
    return build_site(write_site(tmp_path / "site"))
