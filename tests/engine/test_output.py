"""What a build leaves on disk: atomic failure, byte-identical rebuilds, check writes nothing,
drafts and future-dated articles only on request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

DRAFT = """---
title: Draft story about the budget
date: 2021-02-01T09:00:00+03:00
section: economy
draft: true
---

Draft body.
"""
FUTURE = """---
title: Story scheduled for later
date: 2030-05-01T09:00:00+03:00
section: economy
---

Scheduled body.
"""


def _build(kit: Any, root: Path, *args: str) -> Any:
    return kit.run_cli("build", "--root", str(root), "--build-time", kit.build_time, *args)


def _snapshot(folder: Path, kit: Any) -> tuple[dict[str, bytes], dict[str, int]]:
    """Bytes of every file and its modification time (a byte-identical, untouched tree)."""
    files = kit.tree_bytes(folder)
    mtimes = {rel: (folder / rel).stat().st_mtime_ns for rel in files}
    return files, mtimes


@pytest.mark.parametrize(
    ("path", "text", "fragment"),
    [
        (
            "content/articles/2021/pompeo-says-iran-still-poses-threat-to-iraq.md",
            "---\ntitle: Pompeo\ndate: 2021-13-14\n---\nBody\n",
            "pompeo-says-iran-still-poses-threat-to-iraq.md:3: date:",
        ),
        (
            "templates/article.html",
            "{% extends 'base.html' %}{% block main %}{{ nope }}{% endblock %}",
            "'nope' is undefined",
        ),
        ("templates/base.html", "{% if %}", "templates/base.html:1:"),
    ],
)
def test_failed_build_leaves_previous_output_byte_identical(
    example_site: Path, kit: Any, path: str, text: str, fragment: str
) -> None:
    assert _build(kit, example_site).exit_code == 0
    public = example_site / "public"
    before = _snapshot(public, kit)
    target = example_site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    result = _build(kit, example_site)
    assert result.exit_code == 1
    assert fragment in result.output and "Traceback" not in result.output
    assert _snapshot(public, kit) == before
    leftovers = [p.name for p in example_site.iterdir() if p.name.startswith(".public")]
    assert leftovers == []


def test_rebuild_is_byte_identical_and_untouched(example_site: Path, kit: Any) -> None:
    assert _build(kit, example_site).exit_code == 0
    before = _snapshot(example_site / "public", kit)
    result = _build(kit, example_site)
    assert result.exit_code == 0 and " 0 written," in result.output
    assert _snapshot(example_site / "public", kit) == before


def test_two_sites_built_in_different_timezones_and_locales_are_identical(
    tmp_path: Path, kit: Any
) -> None:
    trees = []
    for index, env in enumerate(
        [
            {"TZ": "UTC", "LC_ALL": "C.UTF-8"},
            {"TZ": "Pacific/Auckland", "LC_ALL": "tr_TR.UTF-8", "LANG": "ar_IQ.UTF-8"},
        ]
    ):
        root = kit.copy_example(tmp_path / f"site{index}")
        run = subprocess.run(
            [sys.executable, "-m", "sitegen", "build", "--root", str(root)]
            + ["--build-time", kit.build_time],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, **env, "PYTHONHASHSEED": str(index + 1)},
        )
        assert run.returncode == 0, run.stderr
        trees.append(kit.tree_bytes(root / "public"))
    assert trees[0].keys() == trees[1].keys()
    different = [rel for rel in trees[0] if trees[0][rel] != trees[1][rel]]
    assert different == []
    assert len(trees[0]) > 100


def test_check_writes_nothing(example_site: Path, kit: Any) -> None:
    before = sorted(p.relative_to(example_site).as_posix() for p in example_site.rglob("*"))
    result = kit.run_cli("check", "--root", str(example_site), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output
    assert "OK: 45 articles and 2 pages, no problems." in result.output
    after = sorted(p.relative_to(example_site).as_posix() for p in example_site.rglob("*"))
    assert after == before


def _published(public: Path) -> str:
    """Every built page's text joined: enough to see whether a headline is anywhere."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(public.rglob("*.html")))


@pytest.mark.parametrize(
    ("flags", "draft", "future"),
    [
        ((), False, False),
        (("--drafts",), True, False),
        (("--future",), False, True),
        (("--drafts", "--future"), True, True),
    ],
)
def test_drafts_and_future_articles_only_with_flags(
    example_site: Path, kit: Any, flags: tuple[str, ...], draft: bool, future: bool
) -> None:
    articles = example_site / "content" / "articles"
    (articles / "2021" / "draft-story-about-the-budget.md").write_text(DRAFT, encoding="utf-8")
    (articles / "2030").mkdir()
    (articles / "2030" / "story-scheduled-for-later.md").write_text(FUTURE, encoding="utf-8")
    result = _build(kit, example_site, *flags)
    assert result.exit_code == 0, result.output
    public = example_site / "public"
    assert (public / "2021/02/draft-story-about-the-budget/index.html").is_file() is draft
    assert (public / "2030/05/story-scheduled-for-later/index.html").is_file() is future
    assert (public / "2030/index.html").is_file() is future
    text = _published(public)
    assert ("Draft story about the budget" in text) is draft
    assert ("Story scheduled for later" in text) is future
    if draft:
        page = (public / "2021/02/draft-story-about-the-budget/index.html").read_text()
        assert "Draft: not published." in page


def test_reference_to_a_draft_is_reported(example_site: Path, kit: Any) -> None:
    articles = example_site / "content" / "articles"
    (articles / "2021" / "draft-story-about-the-budget.md").write_text(DRAFT, encoding="utf-8")
    seed = articles / "2021" / "pompeo-says-iran-still-poses-threat-to-iraq.md"
    seed.write_text(
        seed.read_text().replace(
            "featured: true\n", "featured: true\nrelated: [draft-story-about-the-budget]\n"
        )
    )
    result = _build(kit, example_site)
    assert result.exit_code == 1
    assert "'draft-story-about-the-budget' is not published in this build" in result.output
    assert _build(kit, example_site, "--drafts").exit_code == 0
