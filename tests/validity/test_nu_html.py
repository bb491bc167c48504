"""Every built page of the example site, of a `sitegen init` site, of the wide-content fixture
(left-to-right and right-to-left) and of the Sorani, Arabic and multilingual fixture sites has zero
errors from the Nu HTML Checker; the example's Sorani (/ckb/) and Arabic (/ar/) pages among them."""

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


def _language_site_pages(tmp_path: Path, kit: Any) -> list[Path]:
    """Pages of the Sorani, Arabic and two-language fixture sites (the theme translated)."""
    pages: list[Path] = []
    for name in ("lang-ckb", "lang-ar", "lang-pair", "lang-multi"):
        site = kit.copy_fixture_site(name, tmp_path / name)
        result = kit.run_cli("build", "--root", str(site), "--build-time", kit.build_time)
        assert result.exit_code == 0, result.output
        pages += sorted((site / "public").rglob("*.html"))
    return pages


def _newsroom_site_pages(tmp_path: Path, kit: Any) -> list[Path]:
    """Pages of the example site with the newsroom's furniture: a breaking-news banner, picks,
    social links, an article with a type, kicker, update and correction, the corrections page."""
    site = kit.copy_example(tmp_path / "newsroom")
    kit.add_newsroom_furniture(site)
    result = kit.run_cli("build", "--root", str(site), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    pages = sorted((site / "public").rglob("*.html"))
    assert site / "public/corrections/index.html" in pages
    return pages


def test_every_page_has_zero_nu_errors(built_example: Path, tmp_path: Path, kit: Any) -> None:
    java_and_jar()
    example = sorted(built_example.rglob("*.html"))
    assert len(example) > 50
    for language in ("ckb", "ar"):  # front, articles, listings and 404 of each language
        folder = built_example / language
        assert {folder / "index.html", folder / "404.html"} <= set(example)
        kinds = {p.relative_to(folder).parts[0] for p in example if p.is_relative_to(folder)}
        assert {"2021", "politics", "tag", "author"} <= kinds, kinds
    errors = nu_errors(
        [
            *example,
            *_new_site_pages(tmp_path, kit),
            *_wide_site_pages(tmp_path, kit),
            *_language_site_pages(tmp_path, kit),
            *_newsroom_site_pages(tmp_path, kit),
        ]
    )
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n{listing(errors)}"
