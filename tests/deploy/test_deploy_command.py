"""``sitegen deploy``: choosing the target; refusing a failed, stale or preview build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from scratch_site import Site

from sitegen.deploy.command import deploy, run_deploy
from sitegen.deploy.plan import DeployError
from sitegen.engine.outdir import OutputFolder
from sitegen.engine.publish import journal_file
from sitegen.engine.stamp import clear_stamp, mark_started
from sitegen.errors import UsageError


@pytest.fixture
def web(site: Site, tmp_path: Path) -> Path:
    site.configure({"web": {"type": "folder", "path": str(tmp_path / "www")}})
    return tmp_path / "www"


def _refusal(site: Site) -> str:
    result = CliRunner().invoke(deploy, ["--root", str(site.root)])
    assert isinstance(result.exception, DeployError), result.output
    return result.exception.message


def test_missing_stamp_is_refused(site: Site, web: Path) -> None:
    clear_stamp(site.root)  # what a failed build leaves
    assert _refusal(site) == (
        "there is no successful build to deploy; run 'sitegen build' or pass --build"
    )
    assert not web.exists()


def test_an_unfinished_build_is_refused(site: Site, web: Path) -> None:
    mark_started(site.root)  # what a build killed or interrupted at any point leaves
    assert _refusal(site) == (
        "the last build did not finish (it was interrupted, or is still running); "
        "run 'sitegen build' or pass --build"
    )
    assert not web.exists()


def test_an_unfinished_publish_is_refused(site: Site, web: Path) -> None:
    journal = journal_file(OutputFolder(site.root, site.output, "public"))
    journal.write_text("{}", encoding="utf-8")  # a build killed while publishing leaves one
    assert "the last build stopped while publishing into" in _refusal(site)
    assert not web.exists()


def test_sources_newer_than_the_build_are_refused(site: Site, web: Path) -> None:
    (site.root / "content" / "articles" / "second.md").write_text("---\ntitle: 2\n---\n")
    assert _refusal(site) == (
        "the sources changed since the last build; run 'sitegen build' or pass --build"
    )
    assert not web.exists()


@pytest.mark.parametrize(
    ("drafts", "future", "what"),
    [
        (True, False, "drafts"),
        (False, True, "future-dated articles"),
        (True, True, "drafts"),
    ],
)
def test_preview_builds_are_refused(
    site: Site, web: Path, drafts: bool, future: bool, what: str
) -> None:
    site.stamp(drafts=drafts, future=future)
    assert f"the last build was a preview that includes {what}" in _refusal(site)
    assert not web.exists()


def test_build_into_another_folder_is_refused(site: Site, web: Path) -> None:
    site.configure({"web": {"type": "folder", "path": str(web)}}, output_dir="dist")
    site.stamp()  # stamps output_dir 'public', but the config now says 'dist'
    assert "the last build wrote public/ but output_dir is now dist" in _refusal(site)


def test_the_only_target_needs_no_name(site: Site, web: Path) -> None:
    result = CliRunner().invoke(deploy, ["--root", str(site.root)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("Target 'web' (folder), 9 files in ")


@pytest.mark.parametrize(
    ("targets", "name", "message"),
    [
        ({}, None, "sitegen.yaml defines no deploy targets; add one under 'deploy:'"),
        ({"a": "x", "b": "y"}, None, "name the target to deploy to: one of a, b"),
        ({"a": "x", "b": "y"}, "c", "no deploy target named 'c'; sitegen.yaml has a, b"),
    ],
)
def test_target_selection_errors(
    site: Site, tmp_path: Path, targets: dict[str, str], name: str | None, message: str
) -> None:
    site.configure({k: {"type": "folder", "path": str(tmp_path / v)} for k, v in targets.items()})
    with pytest.raises(UsageError) as caught:
        run_deploy(site.root, name, echo=lambda _: None)
    assert caught.value.message == message
    assert caught.value.exit_code == 2


def test_named_target_is_chosen(site: Site, tmp_path: Path) -> None:
    site.configure({n: {"type": "folder", "path": str(tmp_path / n)} for n in ("a", "b")})
    run_deploy(site.root, "b", echo=lambda _: None)
    assert (tmp_path / "b" / "index.html").is_file() and not (tmp_path / "a").exists()


def test_s3_without_boto3_asks_for_the_extra(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.configure({"cdn": {"type": "s3", "bucket": "news"}})
    monkeypatch.setitem(sys.modules, "boto3", None)  # makes 'import boto3' fail
    with pytest.raises(DeployError, match=r"pip install 'sitegen\[s3\]'"):
        run_deploy(site.root, echo=lambda _: None)


def test_build_flag_builds_then_deploys(site: Site, web: Path) -> None:
    (site.root / "content" / "articles" / "first.md").write_text(
        "---\ntitle: First\ndate: 2024-05-01\n---\nHello, world.\n"
    )
    clear_stamp(site.root)
    shutil.rmtree(site.output)  # the scratch site's files were not written by sitegen
    result = CliRunner().invoke(deploy, ["--root", str(site.root), "--build"])
    assert result.exit_code == 0, result.output
    assert (web / "index.html").is_file()
