"""The deploy plan every publisher shares: what to upload, update and delete, decided up front.

A publisher lists what the target holds, :func:`diff` compares it with the built site, the plan is
shown, the ``max_deletes`` guard runs, and only then does anything change. Because the plan is
recomputed from the target's real state on every run, an interrupted deploy converges when rerun.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from sitegen.engine.outdir import MARKER
from sitegen.errors import SitegenError

R = TypeVar("R")

PAGE_SUFFIXES = frozenset({".html", ".htm", ".xml", ".json"})
"""Pages, feeds and sitemaps: written after the assets they reference (see :func:`upload_order`)."""


class DeployError(SitegenError):
    """A deploy was refused or failed; the message says what was (not) changed and what to do."""


@dataclass(frozen=True)
class LocalFile:
    """One file of the built site, fingerprinted the way targets can compare it."""

    path: str
    """Path in the site, POSIX separators, no leading slash (``2024/05/slug/index.html``)."""
    source: Path
    """Where the file is on disk."""
    size: int
    """Size in bytes."""
    md5: str
    """Hex MD5 of the content (what S3 reports as the ETag of a simple upload)."""


@dataclass(frozen=True)
class Plan:
    """The changes a deploy makes, each list sorted by path."""

    uploads: tuple[str, ...]
    """Files new to the target."""
    updates: tuple[str, ...]
    """Files the target has with other content."""
    deletes: tuple[str, ...]
    """Files the target has that the site no longer has."""
    unchanged: int
    """How many files the target already has as they are."""

    @property
    def empty(self) -> bool:
        """True when the target already matches the site."""
        return not (self.uploads or self.updates or self.deletes)

    def lines(self) -> list[str]:
        """The plan as printed before acting: counts, then every path with its action."""
        out = [
            f"  {len(self.uploads)} to upload, {len(self.updates)} to update, "
            f"{len(self.deletes)} to delete, {self.unchanged} unchanged"
        ]
        out += [f"  + {p}" for p in self.uploads]
        out += [f"  ~ {p}" for p in self.updates]
        out += [f"  - {p}" for p in self.deletes]
        return out


@dataclass(frozen=True)
class Run:
    """How to carry out one deploy, the same for every kind of target."""

    site: Mapping[str, LocalFile]
    """The built site's files by path (see :func:`inventory`)."""
    dry_run: bool
    """Show the plan and change nothing."""
    force: bool
    """Treat every file the target has as changed (e.g. to apply new headers)."""
    max_deletes: int | None
    """Overrides the target's ``max_deletes`` for this run."""
    echo: Callable[[str], None]
    """Where the plan and progress lines go."""


def md5_file(path: Path) -> str:
    """Hex MD5 of a file, read in chunks so large media never sits in memory whole."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def walk_files(base: Path, skip: frozenset[str] = frozenset()) -> dict[str, Path]:
    """Every file under ``base`` by POSIX relative path, sorted, leaving out top-level ``skip``.

    Symbolic links to folders are not followed, so a link can never pull outside files in.
    """
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(base):
        here = Path(folder)
        if here == base:
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in skip]
        for name in files:
            path = here / name
            found[path.relative_to(base).as_posix()] = path
    return dict(sorted(found.items()))


def inventory(output: Path) -> dict[str, LocalFile]:
    """The built site's files with size and MD5, by path (sitegen's marker file left out)."""
    if not output.is_dir():
        raise DeployError(f"the output folder {output} does not exist; run 'sitegen build'")
    found: dict[str, LocalFile] = {}
    for rel, path in walk_files(output, frozenset({MARKER})).items():
        try:
            found[rel] = LocalFile(rel, path, path.stat().st_size, md5_file(path))
        except OSError as exc:  # e.g. a dangling symbolic link
            raise DeployError(f"cannot read {path}: {exc.strerror or exc}") from None
    return found


def diff(
    site: Mapping[str, LocalFile],
    target: Mapping[str, R],
    same: Callable[[LocalFile, R], bool],
    *,
    delete: bool = True,
    force: bool = False,
) -> Plan:
    """Compare the site with what the target holds; ``same`` says whether one file matches.

    ``same`` is called only for paths both sides have, so a publisher can defer costly checks
    (hashing a remote file, a HEAD request) until the cheap ones pass.
    """
    uploads = [p for p in site if p not in target]
    updates = [p for p in site if p in target and (force or not same(site[p], target[p]))]
    deletes = [p for p in target if p not in site] if delete else []
    common = len(site) - len(uploads)
    return Plan(
        uploads=tuple(sorted(uploads)),
        updates=tuple(sorted(updates)),
        deletes=tuple(sorted(deletes)),
        unchanged=common - len(updates),
    )


def review(run: Run, where: str, plan: Plan, max_deletes: int) -> bool:
    """Print the plan, apply the delete guard; True when the publisher should now act.

    The plan is always printed first, so a refused or dry run still shows what it would do.
    """
    run.echo(f"{'Dry run: ' if run.dry_run else ''}deploy to {where}")
    run.echo("\n".join(plan.lines()))
    limit = max_deletes if run.max_deletes is None else run.max_deletes
    if len(plan.deletes) > limit:
        raise DeployError(
            f"the plan deletes {len(plan.deletes)} files, more than max_deletes ({limit}); "
            "nothing was changed. If this is intended, raise max_deletes in sitegen.yaml or "
            "pass --max-deletes N"
        )
    if run.dry_run:
        run.echo("Dry run: nothing was changed.")
        return False
    if plan.empty:
        run.echo("Already up to date.")
        return False
    return True


def split_pages(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Assets, then pages, feeds and sitemaps, each sorted: the order to write them in.

    On a live target a reader may load a page mid-deploy; writing pages last means a new page
    never points at an image or stylesheet that is not there yet.
    """
    ordered = sorted(paths)
    pages = [p for p in ordered if PurePosixPath(p).suffix.lower() in PAGE_SUFFIXES]
    assets = [p for p in ordered if PurePosixPath(p).suffix.lower() not in PAGE_SUFFIXES]
    return assets, pages


def upload_order(paths: Iterable[str]) -> list[str]:
    """The paths in writing order, assets before pages (see :func:`split_pages`)."""
    assets, pages = split_pages(paths)
    return assets + pages


def finish(run: Run, plan: Plan) -> None:
    """The closing line of a deploy that acted."""
    run.echo(
        f"Done: {len(plan.uploads)} uploaded, {len(plan.updates)} updated, "
        f"{len(plan.deletes)} deleted."
    )
