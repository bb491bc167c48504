"""The folder publisher: mirror the built site into a directory (a web root, a mounted share).

Only new or changed files are written, each atomically (a temporary name, then a rename), so a
reader never sees half a file and unchanged files keep their modification time. Stale files are
removed after everything new is in place. The git publisher reuses :func:`mirror_plan` and
:func:`apply_mirror` on its scratch working tree.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from sitegen.config.deploy import FolderTarget
from sitegen.deploy.plan import (
    DeployError,
    LocalFile,
    Plan,
    Run,
    diff,
    finish,
    md5_file,
    review,
    upload_order,
    walk_files,
)

TMP_SUFFIX = ".sitegen-tmp"
"""Suffix of a file being written; one left by an interrupted run is stale and removed next time."""


def deploy_folder(root: Path, output: Path, target: FolderTarget, run: Run) -> Plan:
    """Mirror ``output`` into the target folder; return the plan that was (or would be) applied."""
    dest = destination(root, output, target)
    plan = mirror_plan(dest, run.site, delete=target.delete, force=run.force)
    if review(run, f"folder {dest}", plan, target.max_deletes):
        dest.mkdir(exist_ok=True)
        apply_mirror(dest, run.site, plan)
        finish(run, plan)
    return plan


def destination(root: Path, output: Path, target: FolderTarget) -> Path:
    """The target folder, refused when mirroring into it could delete the site's own files."""
    dest = (root / Path(target.path).expanduser()).resolve()
    site_root, out = root.resolve(), output.resolve()
    if dest == site_root or site_root.is_relative_to(dest) or dest.is_relative_to(site_root):
        raise DeployError(
            f"deploy folder {dest} overlaps the site folder {site_root}; "
            "choose a folder outside the site (mirroring deletes files it does not know)"
        )
    if out.is_relative_to(dest):
        raise DeployError(f"deploy folder {dest} contains the output folder {out}")
    if not dest.parent.is_dir():
        raise DeployError(
            f"the parent of the deploy folder, {dest.parent}, does not exist "
            "(is the share mounted?)"
        )
    if dest.exists() and not dest.is_dir():
        raise DeployError(f"deploy folder {dest} is a file, not a folder")
    return dest


def mirror_plan(
    dest: Path,
    site: Mapping[str, LocalFile],
    *,
    delete: bool = True,
    force: bool = False,
    skip: frozenset[str] = frozenset(),
) -> Plan:
    """Compare the site with the files in ``dest`` (names in ``skip`` at its top are ignored)."""
    present = walk_files(dest, skip) if dest.is_dir() else {}
    return diff(site, present, _same_file, delete=delete, force=force)


def _same_file(local: LocalFile, existing: Path) -> bool:
    """Size first, so a changed file is usually told apart without reading it."""
    if existing.is_symlink() or existing.stat().st_size != local.size:
        return False
    return md5_file(existing) == local.md5


def apply_mirror(dest: Path, site: Mapping[str, LocalFile], plan: Plan) -> None:
    """Write new and changed files (assets before pages), then remove stale ones."""
    for path in upload_order(plan.uploads + plan.updates):
        _copy(site[path].source, dest, path)
    for path in plan.deletes:
        _remove(dest, path)


def _copy(source: Path, dest: Path, path: str) -> None:
    target = dest / path
    _clear_way(dest, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + TMP_SUFFIX)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise DeployError(f"could not write {target}: {exc.strerror or exc}") from None


def _clear_way(dest: Path, target: Path) -> None:
    """Remove what stands where the site now needs a folder or a file.

    A stale file named like a new folder, a symlink on the way, or a stale folder where the site
    now has a file: all of them are in the plan's deletions anyway, so they go first.
    """
    for parent in reversed(target.relative_to(dest).parents[:-1]):
        here = dest / parent
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            here.unlink()
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)


def _remove(dest: Path, path: str) -> None:
    """Delete one stale file and any folders it leaves empty (never ``dest`` itself)."""
    target = dest / path
    if not (target.is_symlink() or target.is_file()):
        return  # already gone, or the site now has a folder here (see _clear_way)
    try:
        target.unlink()
    except OSError as exc:
        raise DeployError(f"could not delete {target}: {exc.strerror or exc}") from None
    folder = target.parent
    while folder != dest and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
