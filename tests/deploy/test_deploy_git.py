"""The git target against a bare repository created in the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from scratch_site import BUILT_SITE, Site, git, read_tree

from sitegen.deploy.command import deploy, run_deploy
from sitegen.deploy.plan import DeployError

NOJEKYLL = {".nojekyll": b""}


@pytest.fixture
def remote(site: Site, tmp_path: Path) -> Path:
    """A bare repository configured as the 'pages' target, by a path relative to the site."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    site.configure(
        {
            "pages": {
                "type": "git",
                "repo": "../remote.git",
                "author_name": "Deploy Bot",
                "author_email": "bot@news.example",
                "max_deletes": 2,
            }
        }
    )
    return bare


def _published(remote: Path, tmp_path: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    """What a fresh clone of the branch holds."""
    clone = tmp_path / f"clone-{len(list(tmp_path.glob('clone-*')))}"
    git(tmp_path, "clone", "-q", "--branch", branch, str(remote), str(clone))
    return read_tree(clone)


def _commits(remote: Path, branch: str = "gh-pages") -> list[str]:
    return git(remote, "log", "--format=%s|%an <%ae>|%P", branch).splitlines()


def test_first_deploy_creates_the_branch_with_nojekyll(
    site: Site, remote: Path, tmp_path: Path
) -> None:
    plan = run_deploy(site.root, "pages", echo=lambda _: None)
    assert plan.uploads == tuple(sorted([*BUILT_SITE, ".nojekyll"]))
    assert _published(remote, tmp_path) == {**BUILT_SITE, **NOJEKYLL}
    [commit] = _commits(remote)
    assert commit == "Deploy site|Deploy Bot <bot@news.example>|"


def test_each_deploy_is_one_commit_on_the_last(site: Site, remote: Path, tmp_path: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    first = git(remote, "rev-parse", "gh-pages").strip()
    site.write("2024/05/first/index.html", b"<p>corrected</p>")
    site.remove("robots.txt")
    site.stamp()

    plan = run_deploy(site.root, echo=lambda _: None)

    assert (plan.uploads, plan.updates, plan.deletes) == (
        (),
        ("2024/05/first/index.html",),
        ("robots.txt",),
    )
    assert _published(remote, tmp_path) == {**site.files(), **NOJEKYLL}
    commits = _commits(remote)
    assert len(commits) == 2 and commits[0].endswith(f"|{first}")
    changed = git(remote, "diff", "--name-status", first, "gh-pages").split("\n")
    assert changed[:2] == ["M\t2024/05/first/index.html", "D\trobots.txt"]


def test_unchanged_site_adds_no_commit(site: Site, remote: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    lines: list[str] = []
    plan = run_deploy(site.root, echo=lines.append)
    assert plan.empty and lines[-1] == "Already up to date."
    assert len(_commits(remote)) == 1
    run_deploy(site.root, force=True, echo=lines.append)
    assert lines[-1] == "The branch already holds this site; nothing was pushed."
    assert len(_commits(remote)) == 1


def test_source_repository_is_untouched(
    site: Site, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with GIT_DIR pointing at it, as inside a git hook."""
    (site.root / ".gitignore").write_text("public/\n.sitegen/\n")
    git(site.root, "init", "-q")
    git(site.root, "add", "-A")
    git(site.root, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "src")
    site.stamp()
    before = [git(site.root, *args) for args in (("rev-parse", "HEAD"), ("branch", "-a"))]
    monkeypatch.setenv("GIT_DIR", str(site.root / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(site.root))

    run_deploy(site.root, echo=lambda _: None)

    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_WORK_TREE")
    assert git(site.root, "status", "--porcelain", "--ignored=no") == ""
    after = [git(site.root, *args) for args in (("rev-parse", "HEAD"), ("branch", "-a"))]
    assert after == before
    assert git(site.root, "stash", "list") == ""
    assert git(remote, "branch", "--list").split() == ["gh-pages"]


def test_other_branches_of_the_remote_are_kept(site: Site, remote: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(remote), str(work))
    (work / "README.md").write_text("source")
    git(work, "add", "README.md")
    git(work, "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "main")
    git(work, "push", "-q", "origin", "HEAD:refs/heads/main")
    run_deploy(site.root, echo=lambda _: None)
    assert sorted(git(remote, "branch", "--list", "--format=%(refname:short)").split()) == [
        "gh-pages",
        "main",
    ]
    assert _published(remote, tmp_path, "main") == {"README.md": b"source"}


def test_default_identity_and_branch(site: Site, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--bare", str(tmp_path / "r.git"))
    site.configure({"pages": {"type": "git", "repo": str(tmp_path / "r.git"), "branch": "site"}})
    run_deploy(site.root, echo=lambda _: None)
    assert _commits(tmp_path / "r.git", "site") == ["Deploy site|sitegen <sitegen@localhost>|"]


def test_max_deletes_guard_pushes_nothing(site: Site, remote: Path) -> None:
    run_deploy(site.root, echo=lambda _: None)
    for path in ("feed.xml", "sitemap.xml", "robots.txt"):
        site.remove(path)
    site.stamp()
    result = CliRunner().invoke(deploy, ["--root", str(site.root)])
    assert isinstance(result.exception, DeployError)
    assert "deletes 3 files, more than max_deletes (2)" in result.exception.message
    assert "  - robots.txt" in result.output.splitlines()
    assert len(_commits(remote)) == 1


def test_dry_run_pushes_nothing(site: Site, remote: Path) -> None:
    result = CliRunner().invoke(deploy, ["pages", "--root", str(site.root), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "  + .nojekyll" in result.output.splitlines()
    assert git(remote, "branch", "--list") == ""


def test_unreachable_remote_is_a_clear_error(site: Site, tmp_path: Path) -> None:
    site.configure({"pages": {"type": "git", "repo": str(tmp_path / "missing.git")}})
    with pytest.raises(DeployError, match="git ls-remote failed"):
        run_deploy(site.root, echo=lambda _: None)


def test_rejected_push_leaves_the_remote_and_a_rerun_converges(
    site: Site, remote: Path, tmp_path: Path
) -> None:
    """The remote refuses the first push (a pre-receive hook); nothing lands, the rerun works."""
    gate = tmp_path / "closed"
    gate.write_text("")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\ntest ! -e '{gate}' || {{ echo 'gate closed' >&2; exit 1; }}\n")
    hook.chmod(0o755)
    with pytest.raises(DeployError, match="git push failed: .*gate closed"):
        run_deploy(site.root, echo=lambda _: None)
    assert git(remote, "branch", "--list") == ""
    gate.unlink()
    run_deploy(site.root, echo=lambda _: None)
    assert _published(remote, tmp_path) == {**BUILT_SITE, **NOJEKYLL}
    assert len(_commits(remote)) == 1
