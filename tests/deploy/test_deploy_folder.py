"""The folder target against a real temporary directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from scratch_site import BUILT_SITE, Site, read_tree

from sitegen.deploy.command import deploy, run_deploy
from sitegen.deploy.folder import TMP_SUFFIX
from sitegen.deploy.plan import DeployError, Plan

OLD = 1_000_000_000  # an mtime long before any test run


@pytest.fixture
def dest(site: Site, tmp_path: Path) -> Path:
    """A mirror target configured as 'web', with a relative path as users write it."""
    site.configure({"web": {"type": "folder", "path": "../www", "max_deletes": 3}})
    return tmp_path / "www"


def _age(folder: Path) -> None:
    for path in folder.rglob("*"):
        os.utime(path, (OLD, OLD))


def test_first_deploy_mirrors_the_site(site: Site, dest: Path) -> None:
    plan = run_deploy(site.root, "web", echo=lambda _: None)
    assert plan == Plan(tuple(sorted(BUILT_SITE)), (), (), 0)
    assert read_tree(dest) == BUILT_SITE


def test_second_deploy_changes_nothing(site: Site, dest: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    _age(dest)
    plan = run_deploy(site.root, echo=lambda _: None)
    assert plan == Plan((), (), (), len(BUILT_SITE))
    assert {p.stat().st_mtime for p in dest.rglob("*") if p.is_file()} == {OLD}


def test_edit_updates_only_that_file_and_stale_files_go(site: Site, dest: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    (dest / "stray" / "deep").mkdir(parents=True)
    (dest / "stray" / "deep" / "old.html").write_bytes(b"old")
    (dest / ("index.html" + TMP_SUFFIX)).write_bytes(b"left by an interrupted run")
    _age(dest)
    site.write("2024/05/first/index.html", b"<p>first article, corrected</p>")
    site.write("2024/05/third/index.html", b"<p>third</p>")
    site.remove("robots.txt")
    site.stamp()

    plan = run_deploy(site.root, echo=lambda _: None)

    assert plan.uploads == ("2024/05/third/index.html",)
    assert plan.updates == ("2024/05/first/index.html",)
    assert plan.deletes == ("index.html" + TMP_SUFFIX, "robots.txt", "stray/deep/old.html")
    assert read_tree(dest) == site.files()
    assert not (dest / "stray").exists()
    touched = {
        p.relative_to(dest).as_posix()
        for p in dest.rglob("*")
        if p.is_file() and p.stat().st_mtime != OLD
    }
    assert touched == {"2024/05/first/index.html", "2024/05/third/index.html"}


def test_file_and_folder_swap_places(site: Site, dest: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    (site.output / "css" / "style.3f2a9c1b.css").unlink()
    (site.output / "css").rmdir()
    site.write("css", b"now a file")
    site.remove("robots.txt")
    site.write("robots.txt/index.html", b"now a folder")
    site.stamp()
    run_deploy(site.root, echo=lambda _: None)
    assert read_tree(dest) == site.files()


def test_max_deletes_guard_changes_nothing(site: Site, dest: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    for path in ("index.html", "feed.xml", "sitemap.xml", "robots.txt"):
        site.remove(path)
    site.write("new.html", b"new")
    site.stamp()
    before = read_tree(dest)
    with pytest.raises(DeployError, match=r"deletes 4 files, more than max_deletes \(3\)"):
        run_deploy(site.root, echo=lambda _: None)
    assert read_tree(dest) == before
    run_deploy(site.root, max_deletes=4, echo=lambda _: None)
    assert read_tree(dest) == site.files()


def test_delete_false_keeps_stale_files(site: Site, tmp_path: Path) -> None:
    site.configure({"web": {"type": "folder", "path": str(tmp_path / "www"), "delete": False}})
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "keep.html").write_bytes(b"keep")
    plan = run_deploy(site.root, echo=lambda _: None)
    assert plan.deletes == ()
    assert (tmp_path / "www" / "keep.html").read_bytes() == b"keep"


def test_dry_run_prints_the_plan_and_changes_nothing(site: Site, dest: Path) -> None:
    dest.mkdir()
    (dest / "stale.html").write_bytes(b"stale")
    result = CliRunner().invoke(deploy, ["--root", str(site.root), "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"Dry run: deploy to folder {dest}"
    assert lines[2] == f"  {len(BUILT_SITE)} to upload, 0 to update, 1 to delete, 0 unchanged"
    assert "  + css/style.3f2a9c1b.css" in lines and "  - stale.html" in lines
    assert lines[-1] == "Dry run: nothing was changed."
    assert read_tree(dest) == {"stale.html": b"stale"}


def test_cli_deploy_prints_plan_then_summary(site: Site, dest: Path) -> None:
    result = CliRunner().invoke(deploy, ["web", "--root", str(site.root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"deploy to folder {dest}"
    assert lines[-1] == f"Done: {len(BUILT_SITE)} uploaded, 0 updated, 0 deleted."
    assert read_tree(dest) == BUILT_SITE


@pytest.mark.parametrize("path", [".", "public", "content", "..", "../.."])
def test_folders_overlapping_the_site_are_refused(site: Site, path: str) -> None:
    site.configure({"web": {"type": "folder", "path": path}})
    with pytest.raises(DeployError, match="overlaps the site folder"):
        run_deploy(site.root, echo=lambda _: None)


def test_missing_parent_folder_is_refused(site: Site, tmp_path: Path) -> None:
    site.configure({"web": {"type": "folder", "path": str(tmp_path / "mnt" / "share")}})
    with pytest.raises(DeployError, match="is the share mounted"):
        run_deploy(site.root, echo=lambda _: None)
    assert not (tmp_path / "mnt").exists()
