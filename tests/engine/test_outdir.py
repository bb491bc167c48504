"""The output folder is sitegen's alone: refused folders, the ownership marker, and files that are
not sitegen's surviving every build (more refused folders in tests/sites/invalid/output-dir-*)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen.deploy.plan import inventory
from sitegen.engine.outdir import MARKER
from tests.engine.conftest import build_site, copy_example, tree

DELETED = "content/articles/2021/winter-book-fair-draws-crowds-in-erbil.md"
DELETED_PAGE = "2021/01/winter-book-fair-draws-crowds-in-erbil/index.html"


def _set_output(root: Path, output_dir: str) -> None:
    config = root / "sitegen.yaml"
    lines = [x for x in config.read_text("utf-8").splitlines() if not x.startswith("output_dir:")]
    config.write_text("\n".join([*lines, f"output_dir: {output_dir}", ""]), encoding="utf-8")


def _run(kit: Any, command: str, root: Path, *args: str) -> Any:
    return kit.run_cli(command, "--root", str(root), "--build-time", kit.build_time, *args)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` with its bytes and mtime (symlinks not followed)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(folder).as_posix()
            found[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def test_git_folder_as_output_removes_nothing(tmp_path: Path, kit: Any) -> None:
    """``output_dir: .git`` once printed "92 removed" and the repository was gone."""
    root = copy_example(tmp_path / "site")
    git = ["git", "-C", str(root), "-c", "user.name=Ed", "-c", "user.email=ed@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "site"], check=True)
    _set_output(root, ".git")
    before = _snapshot(root / ".git")
    for command in ("check", "build"):
        result = _run(kit, command, root)
        assert result.exit_code == 1, result.output
        assert "sitegen.yaml:" in result.output and "output_dir: '.git' is a version-control" in (
            result.output
        )
        assert "Traceback" not in result.output
    assert _snapshot(root / ".git") == before
    fsck = subprocess.run([*git, "fsck", "--strict"], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr
    log = subprocess.run([*git, "log", "--format=%s"], capture_output=True, text=True, check=True)
    assert log.stdout == "site\n"
    assert not (root / "..git.staging").exists()


def test_hand_written_files_in_docs_survive_every_build(tmp_path: Path, kit: Any) -> None:
    """GitHub Pages' ``docs/`` with a ``CNAME``: sitegen removes only what its manifest lists."""
    root = copy_example(tmp_path / "site")
    _set_output(root, "docs")
    assert _run(kit, "build", root).exit_code == 0
    docs = root / "docs"
    assert (docs / MARKER).is_file() and (docs / DELETED_PAGE).is_file()
    (docs / "CNAME").write_text("news.example.org\n", encoding="utf-8")
    (docs / ".nojekyll").write_bytes(b"")
    (docs / "2021" / "notes.txt").write_text("kept", encoding="utf-8")
    (root / DELETED).unlink()  # its page becomes stale: removed, as sitegen wrote it
    result = _run(kit, "build", root)
    assert result.exit_code == 0, result.output
    assert not (docs / DELETED_PAGE).exists()
    for extra in ("--clean", "--jobs=2"):
        assert _run(kit, "build", root, extra).exit_code == 0
    for state in (root / ".sitegen").glob("manifest-*"):
        state.unlink()  # the record of what sitegen wrote is lost: it removes nothing then
    assert _run(kit, "build", root).exit_code == 0
    assert (docs / "CNAME").read_text(encoding="utf-8") == "news.example.org\n"
    assert (docs / ".nojekyll").is_file()
    assert (docs / "2021" / "notes.txt").read_text(encoding="utf-8") == "kept"
    fresh = copy_example(tmp_path / "fresh")
    (fresh / DELETED).unlink()
    _set_output(fresh, "docs")
    assert _run(kit, "build", fresh).exit_code == 0
    built = tree(docs)
    for name in ("CNAME", ".nojekyll", "2021/notes.txt"):
        del built[name]
    assert built == tree(fresh / "docs")
    assert MARKER not in inventory(docs)  # deployed: the site and the CNAME, not the marker
    assert "CNAME" in inventory(docs)


def test_non_empty_folder_without_marker_is_refused_and_untouched(tmp_path: Path, kit: Any) -> None:
    root = copy_example(tmp_path / "site")
    (root / "docs").mkdir()
    (root / "docs" / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    _set_output(root, "docs")
    before = _snapshot(root / "docs")
    for command in ("check", "build"):
        result = _run(kit, command, root)
        assert result.exit_code == 1
        assert "output_dir: 'docs' already holds files that sitegen did not write" in result.output
        assert "hint: empty the folder" in result.output
    assert _snapshot(root / "docs") == before


def test_empty_folder_is_claimed_and_a_marker_less_old_build_is_adopted(site: Path) -> None:
    (site / "public").mkdir()
    build_site(site)
    marker = site / "public" / MARKER
    assert marker.is_file()
    marker.unlink()  # a folder built before the marker existed: its manifest proves it is ours
    (site / "content/pages/about.md").write_text(
        "---\ntitle: About us\n---\n\nNew text.\n", encoding="utf-8"
    )
    report = build_site(site).report
    assert report is not None and report.written > 0
    assert marker.is_file()


def _link_cases(root: Path, outside: Path) -> dict[str, str]:
    """output_dir values reached through a symbolic link (each to a folder outside the site)."""
    outside.mkdir()
    (root / "public").symlink_to(outside, target_is_directory=True)
    (root / "out").symlink_to(outside, target_is_directory=True)
    os.symlink(root / "content", root / "pages")
    return {"public": "public", "out/site": "out", "pages/site": "pages"}


@pytest.mark.parametrize("command", ["check", "build"])
def test_output_reached_through_a_link_is_refused(tmp_path: Path, kit: Any, command: str) -> None:
    root = copy_example(tmp_path / "site")
    outside = tmp_path / "outside"
    for output_dir, link in _link_cases(root, outside).items():
        _set_output(root, output_dir)
        result = _run(kit, command, root)
        assert result.exit_code == 1, result.output
        assert f"output_dir: {link} is a symbolic link" in result.output
        assert "Traceback" not in result.output
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in (root / "content").iterdir()) == ["articles", "pages"]


@pytest.mark.parametrize("command", ["check", "build"])
def test_output_inside_content_and_templates_is_refused(
    tmp_path: Path, kit: Any, command: str
) -> None:
    """``check`` used to say OK to these; the build refused them only as it started writing."""
    root = copy_example(tmp_path / "site")
    for output_dir in ("content/public", "templates/site", "static/out"):
        _set_output(root, output_dir)
        result = _run(kit, command, root)
        assert result.exit_code == 1, result.output
        assert f"output_dir: '{output_dir}' is inside the site's" in result.output
        assert not (root / output_dir).exists()


def _file_for_folder(public: Path) -> str:
    blocked = public / "2021" / "01" / "winter-book-fair-draws-crowds-in-erbil"
    shutil.rmtree(blocked)
    blocked.write_text("a file of mine", encoding="utf-8")
    return "2021/01/winter-book-fair-draws-crowds-in-erbil is a file sitegen did not write"


def _folder_for_file(public: Path) -> str:
    (public / "robots.txt").unlink()
    (public / "robots.txt").mkdir()
    (public / "robots.txt" / "notes.txt").write_text("mine", encoding="utf-8")
    return "robots.txt is a folder sitegen did not write"


@pytest.mark.parametrize("block", [_file_for_folder, _folder_for_file])
def test_what_is_not_sitegens_in_the_way_of_an_output_is_a_problem(
    site: Path, kit: Any, block: Callable[[Path], str]
) -> None:
    """Removing it would remove a file sitegen did not write: reported, nothing changed."""
    build_site(site)
    public = site / "public"
    message = block(public)
    before = _snapshot(public)
    result = _run(kit, "build", site)
    assert result.exit_code == 1, result.output
    assert f"output_dir: {message}" in result.output
    assert _snapshot(public) == before


def _link_article_folder(tmp_path: Path, public: Path) -> Path:
    """Replace the deleted article's folder by a link to a copy of it outside the output (same
    bytes and times, so that only the link gives it away); return the copy."""
    folder = public / Path(DELETED_PAGE).parent
    outside = tmp_path / "elsewhere"
    shutil.copytree(folder, outside)  # copy2: the page keeps its size and mtime
    shutil.rmtree(folder)
    folder.symlink_to(outside, target_is_directory=True)
    return outside


def test_a_page_under_a_linked_folder_is_not_written_through_the_link(
    tmp_path: Path, site: Path, kit: Any
) -> None:
    """The article must be written again; its folder is now a link out of the output."""
    build_site(site)
    outside = _link_article_folder(tmp_path, site / "public")
    before = _snapshot(outside)
    article = site / DELETED
    article.write_text(article.read_text("utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = _run(kit, "build", site)
    assert result.exit_code == 1, result.output
    where = Path(DELETED_PAGE).parent.as_posix()
    assert f"output_dir: {where} is a file sitegen did not write" in result.output
    assert _snapshot(outside) == before


def test_a_stale_page_under_a_linked_folder_is_not_removed_through_the_link(
    tmp_path: Path, site: Path
) -> None:
    """The article is deleted: its page would go, but its folder now leads out of the output."""
    build_site(site)
    outside = _link_article_folder(tmp_path, site / "public")
    before = _snapshot(outside)
    (site / DELETED).unlink()
    build_site(site)
    assert _snapshot(outside) == before
    assert (site / "public" / DELETED_PAGE).is_file()  # through the link, left alone
