"""The git target never runs a configured string, never prints a token, never leaves scratch
folders behind: real git, real subprocesses, a real SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scratch_site import BUILT_SITE, Site, git, read_tree

from sitegen.config.deploy import GitTarget, repo_problem
from sitegen.deploy.command import run_deploy
from sitegen.deploy.git import SCRATCH_DIR, deploy_git, redact, run_git
from sitegen.deploy.plan import DeployError, Run, inventory

INJECTIONS = [
    "--upload-pack=touch pwned",
    # no "/" before the colon: the old code passed it on as an scp-like address, and git ran it
    "--upload-pack=cd;touch pwned;:",
    "ext::sh -c touch% pwned",
    "ssh://-oProxyCommand=touch%20pwned/site.git",
    "[-oProxyCommand=touch pwned]:site.git",
]


def _sitegen(site: Site, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``sitegen ARGS --root SITE`` in a subprocess, from ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args, "--root", str(site.root)],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize("repo", INJECTIONS)
def test_a_repo_that_git_would_run_is_a_config_problem(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: str
) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))  # `cd` with no folder goes here
    site.configure({"pages": {"type": "git", "repo": repo}})

    result = _sitegen(site, cwd, "deploy", "pages")

    assert result.returncode != 0
    line = _line_of(site.root / "sitegen.yaml", "repo:")
    assert f"sitegen.yaml:{line}: deploy.pages.repo: " in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.rglob("pwned*"))


def test_git_is_never_handed_an_option_or_a_command_even_past_the_config(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth, for a target that skipped validation: refused before git runs, and
    git itself runs no remote helper (GIT_ALLOW_PROTOCOL) and reads no option (``--``)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    for repo in INJECTIONS:
        target = GitTarget.model_construct(
            type="git", repo=repo, branch="gh-pages", message="m", delete=True, max_deletes=9
        )
        run = Run(inventory(site.output), False, False, None, lambda _: None)
        with pytest.raises(DeployError):
            deploy_git(site.root, target, run)
    work = tmp_path / "work"
    work.mkdir()
    run_git(work, "init", "-q")
    for remote in (f"ext::sh -c touch% {tmp_path}/pwned", "--upload-pack=touch pwned"):
        assert run_git(work, "ls-remote", "--", remote, check=False).returncode != 0
    assert not list(tmp_path.rglob("pwned*"))


@pytest.mark.parametrize(
    "repo",
    [
        "git@github.com:newsroom/site.git",
        "https://github.com/newsroom/site.git",
        "https://TOKEN@github.com/newsroom/site.git",
        "ssh://git@git.example:2222/site.git",
        "git+ssh://git@git.example/site.git",
        "file:///srv/git/site.git",
        "../remote.git",
        "/srv/git/site.git",
        "sites/with:colon.git",
        "user@[::1]:site.git",
    ],
)
def test_ordinary_remotes_are_accepted(repo: str) -> None:
    assert repo_problem(repo) is None


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        ("-x", "must not start with '-'"),
        ("fd::3", "remote helper transports"),
        ("hg::https://hg.example/site", "remote helper transports"),
        ("testgit::/srv/site", "remote helper transports"),
        ("ftp://files.example/site.git", "not one of git's own transports"),
        ("myhelper://x/site.git", "not one of git's own transports"),
        ("ssh://-oProxyCommand=x/site.git", "must not start with '-'"),
        ("me@-oProxyCommand=x:site.git", "must not start with '-'"),
        ("https://git.example/site.git\n", "control characters"),
        ("https://u:s3cr3t@git.example/site.git", "a password in the URL is not allowed"),
    ],
)
def test_dangerous_remotes_are_refused(repo: str, expected: str) -> None:
    problem = repo_problem(repo)
    assert problem is not None and expected in problem
    assert "s3cr3t" not in problem


TOKEN = "ghp_SECRET0123456789abcdefTOKEN"
TOKEN_URL = f"https://{TOKEN}@git.example/newsroom/site.git"


def test_a_token_in_the_url_is_masked_in_the_plan_and_in_gits_messages(
    site: Site, tmp_path: Path
) -> None:
    """git is told (insteadOf) to reach the URL in a local bare repository, whose hook echoes
    the URL back when it refuses a push, as hosting services' messages do."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(tmp_path, "config", "--global", f"url.{bare}.insteadOf", TOKEN_URL)
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(f"#!/bin/sh\necho 'rejected push to {TOKEN_URL}' >&2\nexit 1\n")
    hook.chmod(0o755)
    site.configure({"pages": {"type": "git", "repo": TOKEN_URL}})
    printed: list[str] = []

    with pytest.raises(DeployError) as refused:
        run_deploy(site.root, "pages", echo=printed.append)
    hook.unlink()
    run_deploy(site.root, "pages", echo=printed.append)

    assert "rejected push to https://***@git.example/newsroom/site.git" in refused.value.message
    shown = "deploy to git https://***@git.example/newsroom/site.git branch gh-pages"
    assert printed.count(shown) == 2
    assert printed[-1].startswith("Done: ")
    assert TOKEN not in refused.value.message + "\n".join(printed)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(bare), str(clone))
    assert read_tree(clone) == {**BUILT_SITE, ".nojekyll": b""}


def test_redact_keeps_what_is_no_secret() -> None:
    assert redact("https://x-token@h.example/s.git?a@b") == "https://***@h.example/s.git?a@b"
    assert redact("https://h.example/s.git?a@b") == "https://h.example/s.git?a@b"
    assert redact("ssh://git@h.example/s.git") == "ssh://git@h.example/s.git"
    assert redact("git@h.example:s.git") == "git@h.example:s.git"


def test_a_killed_deploy_leaves_no_scratch_folder_behind(site: Site, tmp_path: Path) -> None:
    """SIGKILL while the push waits on the remote (a hook holds it), then deploy again: the
    remote converges and no scratch repository is left anywhere."""
    bare = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    pushing = tmp_path / "pushing"
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(
        f"#!/bin/sh\ntouch '{pushing}'\ni=0\n"
        'while [ "$i" -lt 600 ]; do sleep 0.1; i=$((i+1)); done\nexit 1\n'
    )
    hook.chmod(0o755)
    site.configure({"pages": {"type": "git", "repo": "../remote.git"}})
    temp = tmp_path / "tmp"  # where the system's temporary folders would go
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "sitegen", "deploy", "pages", "--root", str(site.root)]
    deploy = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not pushing.exists() and deploy.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pushing.exists() and deploy.poll() is None, "the deploy never reached the push"
    finally:
        os.killpg(deploy.pid, signal.SIGKILL)  # sitegen, git push and the hook alike
        deploy.wait(timeout=30)
    assert deploy.returncode == -signal.SIGKILL
    assert git(bare, "branch", "--list") == ""  # nothing landed
    hook.unlink()

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)

    assert again.returncode == 0, again.stderr
    assert list(temp.iterdir()) == []
    scratch = site.root / ".sitegen" / SCRATCH_DIR
    assert not scratch.exists() or list(scratch.iterdir()) == []
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(bare), str(clone))
    assert read_tree(clone) == {**BUILT_SITE, ".nojekyll": b""}
