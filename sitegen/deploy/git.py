"""The git publisher: one commit per deploy on a branch (``gh-pages``), pushed to a remote.

Everything happens in a scratch repository under ``.sitegen/deploy-git/``: the remote branch's
last deploy is fetched (shallow), mirrored to the built site, committed on top and pushed. The
source repository is never touched: no command runs in it, and the variables that could point git
at it (``GIT_DIR``, ``GIT_INDEX_FILE``...) are removed. A failed or interrupted deploy leaves the
remote as it was, so rerunning converges; the scratch folders of killed deploys are removed by
the next one.

No configured string reaches git as an option: the remote comes after ``--`` (and the config
refuses one starting with ``-``), and only git's built-in transports are allowed
(``GIT_ALLOW_PROTOCOL``), never ``ext::`` or other command-running helpers. A token in the user
part of a URL (other than ssh's account name) is printed as ``***``, in the plan and in git's own
messages alike.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

from sitegen.config.deploy import GitTarget, repo_problem
from sitegen.deploy.folder import apply_mirror, mirror_plan
from sitegen.deploy.plan import DeployError, LocalFile, Plan, Run, finish, review
from sitegen.state.layout import deploy_scratch

NOJEKYLL = ".nojekyll"
"""Empty marker that stops GitHub Pages from running Jekyll over the site."""
_REPO_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
_SCP_LIKE = re.compile(r"^[^/]+:")
_SSH_SCHEMES = frozenset({"ssh", "git+ssh", "ssh+git"})
_ALLOWED_PROTOCOLS = "file:git:http:https:ssh"
"""git's built-in transports (``ssh`` covers ``git+ssh``); no ``ext``, ``fd`` or helpers."""
SCRATCH_DIR = deploy_scratch(Path()).name
"""Folder of the deploys' scratch repositories inside ``.sitegen/``."""


def deploy_git(root: Path, target: GitTarget, run: Run) -> Plan:
    """Commit the built site onto the target branch and push it; return the plan."""
    remote = remote_location(root, target.repo)
    problem = repo_problem(remote)
    if problem is not None:  # the config refuses it already; never hand it to git
        raise DeployError(f"the git target's repo {problem}")
    try:
        with _scratch(root) as tmp:
            return _publish(tmp, remote, target, run)
    except DeployError as exc:
        raise DeployError(redact_text(exc.message, remote)) from None


def _publish(tmp: Path, remote: str, target: GitTarget, run: Run) -> Plan:
    work = tmp / "tree"
    work.mkdir()
    head = _start(work, remote, target.branch)
    site = _with_nojekyll(run.site, tmp)
    skip = frozenset({".git"})
    plan = mirror_plan(work, site, delete=target.delete, force=run.force, skip=skip)
    if review(run, f"git {redact(remote)} branch {target.branch}", plan, target.max_deletes):
        apply_mirror(work, site, plan)
        if _commit(work, target, first=head is None):
            ref = f"HEAD:refs/heads/{target.branch}"
            run_git(work, "push", "-q", "--no-verify", "--", remote, ref)
            finish(run, plan)
        else:
            run.echo("The branch already holds this site; nothing was pushed.")
    return plan


def remote_location(root: Path, repo: str) -> str:
    """A URL or scp-like address as written; a local path made absolute from the site root."""
    if "://" in repo or _SCP_LIKE.match(repo):
        return repo
    return str((root / Path(repo).expanduser()).resolve())


def redact(remote: str) -> str:
    """``remote`` as it may be printed: the user part of a URL (other than ssh's account name,
    which is no secret) becomes ``***`` (``https://***@github.com/org/site.git``)."""
    user = _secret_user(remote)
    return remote if user is None else remote.replace(user + "@", "***@", 1)


def redact_text(text: str, remote: str) -> str:
    """``text`` (git's messages) with the secret user part of ``remote`` replaced by ``***``."""
    user = _secret_user(remote)
    if user is None:
        return text
    for secret in sorted({user, unquote(user)}, key=len, reverse=True):
        text = text.replace(secret + "@", "***@")
    return text


def _secret_user(remote: str) -> str | None:
    """The user part of a URL's authority, unless the URL is ssh's; None when there is none."""
    scheme, sep, rest = remote.partition("://")
    if not sep or scheme.lower() in _SSH_SCHEMES:
        return None
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    user, at, _ = rest[:end].rpartition("@")
    return user if at and user else None


@contextmanager
def _scratch(root: Path) -> Iterator[Path]:
    """A new scratch folder under ``.sitegen/deploy-git/``, named after this process, removed
    afterwards; first the folders of deploys whose process is gone (killed) are removed."""
    base = deploy_scratch(root)
    if base.is_symlink() or base.is_file():
        base.unlink()  # not ours: never follow a link into another folder to empty it
    base.mkdir(parents=True, exist_ok=True)
    for entry in base.iterdir():
        pid = entry.name.partition("-")[0]
        if not (pid.isdigit() and _running(int(pid))):
            _remove(entry)
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=base))
    try:
        yield folder
    finally:
        _remove(folder)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _start(work: Path, remote: str, branch: str) -> str | None:
    """Make ``work`` a repository on ``branch`` at the remote's last deploy; return its commit.

    Returns None when the remote has no such branch yet (the first deploy starts its history).
    """
    run_git(work, "init", "-q")
    run_git(work, "config", "core.autocrlf", "false")
    run_git(work, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    ref = f"refs/heads/{branch}"
    listed = run_git(work, "ls-remote", "--heads", "--", remote, ref).stdout.split()
    if not listed:
        return None
    run_git(work, "fetch", "-q", "--depth", "1", "--", remote, ref)
    run_git(work, "reset", "-q", "--hard", "FETCH_HEAD")
    return listed[0]


def _with_nojekyll(site: Mapping[str, LocalFile], scratch: Path) -> Mapping[str, LocalFile]:
    """The site plus an empty ``.nojekyll`` (unless the site has its own)."""
    if NOJEKYLL in site:
        return site
    marker = scratch / "nojekyll"
    marker.write_bytes(b"")
    empty = hashlib.md5(b"", usedforsecurity=False).hexdigest()
    return {**site, NOJEKYLL: LocalFile(NOJEKYLL, marker, 0, empty)}


def _commit(work: Path, target: GitTarget, *, first: bool) -> bool:
    """Stage the whole tree and commit it; False when the tree equals the last deploy's."""
    # --force: the site's files are published even if a global excludes file ignores them
    run_git(work, "add", "--all", "--force", ".")
    if not first and run_git(work, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return False
    run_git(
        work, "commit", "-q", "--no-verify", "-m", target.message, extra=_identity(work, target)
    )
    return True


def _identity(work: Path, target: GitTarget) -> dict[str, str]:
    """Author and committer: as configured, else git's own identity, else ``sitegen``."""
    env: dict[str, str] = {}
    for part, configured, fallback in (
        ("NAME", target.author_name, "sitegen"),
        ("EMAIL", target.author_email, "sitegen@localhost"),
    ):
        value = configured
        if value is None and not _has_identity(work, part):
            value = fallback
        if value is not None:
            env[f"GIT_AUTHOR_{part}"] = env[f"GIT_COMMITTER_{part}"] = value
    return env


def _has_identity(work: Path, part: str) -> bool:
    if os.environ.get(f"GIT_AUTHOR_{part}") and os.environ.get(f"GIT_COMMITTER_{part}"):
        return True
    key = "user.name" if part == "NAME" else "user.email"
    return bool(run_git(work, "config", "--get", key, check=False).stdout.strip())


def run_git(
    cwd: Path, *args: str, check: bool = True, extra: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run git in ``cwd`` (always the scratch repository) with the repository variables removed."""
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARIABLES}
    env["GIT_ALLOW_PROTOCOL"] = _ALLOWED_PROTOCOLS
    env.update(extra or {})
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise DeployError("the git target needs the 'git' command, which was not found") from None
    if check and proc.returncode != 0:
        raise DeployError(f"git {args[0]} failed: {_tail(proc.stderr or proc.stdout)}")
    return proc


def _tail(text: str, lines: int = 5) -> str:
    kept: Sequence[str] = [line for line in text.strip().splitlines() if line.strip()][-lines:]
    return "; ".join(kept) or "no message"
