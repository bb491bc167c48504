"""Every built page of the example site, and of a `sitegen init` site, has zero errors
from the Nu HTML Checker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.validity.nu import java_and_jar, listing, nu_errors


def _new_site_pages(tmp_path: Path, kit: Any) -> list[Path]:
    """Pages of a site made by ``sitegen init`` (the theme with the scaffold's content)."""
    site = tmp_path / "newsite"
    assert kit.run_cli("init", str(site)).exit_code == 0
    assert kit.run_cli("build", "--root", str(site)).exit_code == 0
    return sorted((site / "public").rglob("*.html"))


def test_every_page_has_zero_nu_errors(built_example: Path, tmp_path: Path, kit: Any) -> None:
    java_and_jar()
    example = sorted(built_example.rglob("*.html"))
    assert len(example) > 50
    errors = nu_errors([*example, *_new_site_pages(tmp_path, kit)])
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n{listing(errors)}"
