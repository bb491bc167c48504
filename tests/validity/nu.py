"""The Nu HTML Checker (vnu.jar from .tools/, run with Debian's Java), shared by the tests that
validate built pages."""

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


def java_and_jar() -> str:
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


def nu_errors(pages: list[Path], timeout: float = 300) -> list[dict[str, Any]]:
    """The checker's error messages for ``pages``, all checked in one JVM (it takes seconds to
    start). Each message has ``url`` (``file:...``), ``lastLine`` and ``message``."""
    java = java_and_jar()
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    report = json.loads(run.stderr or run.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert errors or run.returncode == 0, run.stderr[-2000:]
    return errors


def listing(errors: list[dict[str, Any]], root: Path | None = None) -> str:
    """One ``file:line: message`` line per error (paths relative to ``root`` when given)."""

    def where(message: dict[str, Any]) -> str:
        path = str(message.get("url", "")).removeprefix("file:")
        if root is not None and path.startswith(str(root)):
            path = path[len(str(root)) + 1 :]
        return f"{path}:{message.get('lastLine')}"

    return "\n".join(f"{where(m)}: {m.get('message')}" for m in errors)
