"""The real-content sites (see :mod:`tests.realdata.builder`), written and built once a session.

Where ``<repo>/../shared/realdata`` is missing the tests are skipped with the reason; under CI
(``CI`` set) or ``SITEGEN_REQUIRE_REALDATA=1`` a missing folder fails them instead, as
``SITEGEN_REQUIRE_BROWSER`` does for the browser tests.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.realdata.builder import REALDATA, write_sites

BUILD_TIME = "2026-01-01T00:00:00+00:00"
"""After the newest post (2024) and every synthetic date (2025)."""


def _required() -> bool:
    """True when missing real data must fail the run (CI, or asked for explicitly)."""
    wanted = [os.environ.get("SITEGEN_REQUIRE_REALDATA", ""), os.environ.get("CI", "")]
    return any(value.strip().lower() not in ("", "0", "false", "no") for value in wanted)


@dataclass(frozen=True)
class BuiltSite:
    """One real-content site after ``sitegen build`` and ``sitegen check``."""

    name: str
    root: Path
    public: Path
    build_output: str
    check_output: str
    build_seconds: float

    @property
    def pages(self) -> list[Path]:
        """Every HTML file of the build, sorted."""
        return sorted(self.public.rglob("*.html"))

    @property
    def warnings(self) -> list[str]:
        """The ``Warning N: ...`` lines of ``sitegen check`` (which lists them all)."""
        return [line for line in self.check_output.splitlines() if line.startswith("Warning ")]


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The shared real-content folder, or skip (fail under CI) when it is not there."""
    if not (REALDATA / "18f-posts").is_dir():
        reason = f"real content not found at {REALDATA} (CI puts shared/ beside the clone)"
        if _required():
            pytest.fail(f"CI / SITEGEN_REQUIRE_REALDATA set but {reason}")
        pytest.skip(reason)
    return REALDATA


@pytest.fixture(scope="session")
def realdata_sites(
    realdata: Path, tmp_path_factory: pytest.TempPathFactory, kit: Any
) -> dict[str, BuiltSite]:
    """Both sites written from the shared folder and built once (``en`` and ``ar``)."""
    roots = write_sites(realdata, tmp_path_factory.mktemp("realdata"))
    built: dict[str, BuiltSite] = {}
    for name, root in roots.items():
        start = time.perf_counter()
        build = kit.run_cli("build", "--root", str(root), "--build-time", BUILD_TIME)
        seconds = time.perf_counter() - start
        assert build.exit_code == 0, f"{name} site did not build:\n{build.output}"
        check = kit.run_cli("check", "--root", str(root), "--build-time", BUILD_TIME)
        assert check.exit_code == 0, f"{name} site did not check:\n{check.output}"
        built[name] = BuiltSite(name, root, root / "public", build.output, check.output, seconds)
    return built
