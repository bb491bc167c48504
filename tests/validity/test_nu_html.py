"""Every built page of the example site, of a `sitegen init` site and of the wide-content
fixture (left-to-right and right-to-left) has zero errors from the Nu HTML Checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

TOOLS = Path(__file__).resolve().parents[2] / ".tools"
VNU_JAR = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java_and_jar() -> str:
    """Path of java, or skip (fail under SITEGEN_REQUIRE_VNU=1) when the checker is missing."""
    java = shutil.which("java")
    missing = [] if java else ["java (apt-get install default-jre-headless)"]
    if not VNU_JAR.is_file():
        missing.append(f"{VNU_JAR} (npm install --prefix .tools vnu-jar)")
    if missing:
        reason = "Nu HTML Checker unavailable: missing " + ", ".join(missing)
        if os.environ.get("SITEGEN_REQUIRE_VNU") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    assert java is not None
    return java


def _new_site_pages(tmp_path: Path, kit: Any) -> list[Path]:
    """Pages of a site made by ``sitegen init`` (the theme with the scaffold's content)."""
    site = tmp_path / "newsite"
    assert kit.run_cli("init", str(site)).exit_code == 0
    assert kit.run_cli("build", "--root", str(site)).exit_code == 0
    return sorted((site / "public").rglob("*.html"))


def _wide_site_pages(tmp_path: Path, kit: Any) -> list[Path]:
    """Pages of the wide-content fixture (long code, tables, raw HTML, iframes), built as a
    left-to-right and as a right-to-left site."""
    pages: list[Path] = []
    for language in ("en", "ckb"):
        site = kit.copy_fixture_site("wide-content", tmp_path / f"wide-{language}", language)
        result = kit.run_cli("build", "--root", str(site), "--build-time", kit.build_time)
        assert result.exit_code == 0, result.output
        pages += sorted((site / "public").rglob("*.html"))
    return pages


def test_every_page_has_zero_nu_errors(built_example: Path, tmp_path: Path, kit: Any) -> None:
    java = _java_and_jar()
    example = sorted(built_example.rglob("*.html"))
    assert len(example) > 50
    wide = _wide_site_pages(tmp_path, kit)
    pages = [str(p) for p in [*example, *_new_site_pages(tmp_path, kit), *wide]]
    # One JVM for all pages: the checker takes seconds to start.
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    listing = "\n".join(
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine')}: {m.get('message')}"
        for m in errors
    )
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n{listing}"
    assert run.returncode == 0, run.stderr[-2000:]
