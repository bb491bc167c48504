"""Publish a fully staged build into the output folder: the old site or the new one, never a mix.

Pages are rendered into a staging folder beside the output. Once every page is staged:

- **A missing output folder** (a first build, a CI checkout): the staging folder, marker
  included, is renamed into place; one ``rename``, so the folder appears whole or not at all.
- **An existing folder**: the new manifest is written aside (``manifest-*.next.json``), then a
  journal (``.sitegen/publish-*.json``) listing every file to remove and every staged file to
  move in, both flushed to the disk. Writing the journal is the commit point. Then the files are
  removed and renamed one by one, the new manifest replaces the old, and the journal and the
  staging folder are deleted. The cost is one rename per changed file, whatever the site's size.

A build killed (SIGKILL, a power cut) before the journal is written leaves the output as it was;
one killed after it leaves the journal, and the next ``sitegen build`` (or ``serve``) completes it
(rolls forward) before anything else: each step can be repeated, since a staged file that is
gone has already been moved in. Ctrl-C in that window finishes the publish, then stops.
``sitegen deploy`` refuses an output folder with a journal (see :mod:`sitegen.deploy.ready`).

Why not one ``renameat2(RENAME_EXCHANGE)`` of two whole trees: the staging folder would have to
hold the entire site (a copy or a hard link per file, 100,000 of them for one edited article),
and the old tree kept in step for the next build; the journal costs what the change costs.

Test hook (tests only): ``SITEGEN_TEST_PUBLISH_SIGNAL=KILL:N`` (or ``INT:N``) makes the process
send itself that signal after the N-th rename of a journaled publish, so a test can interrupt a
real build at a known point inside the window.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from sitegen.engine.manifest import Entry, manifest_file, write_manifest
from sitegen.engine.outdir import OutputFolder, claim
from sitegen.engine.writer import check_relative
from sitegen.errors import SitegenError
from sitegen.state import layout
from sitegen.state.files import read_state, write_state

_KIND = "publish-journal"
_VERSION = 1
TEST_HOOK = "SITEGEN_TEST_PUBLISH_SIGNAL"
"""Environment variable of the test hook (see the module docstring); never set it otherwise."""


class PublishFailed(SitegenError):
    """Moving staged files into the output failed (a full disk, a permission); the journal stays
    and the next build completes the publish."""


@dataclass(frozen=True)
class Journal:
    """A publish in progress: what to remove from the output and what to move in from staging."""

    output: str
    """The output folder, resolved (a journal is only ever applied to the folder it names)."""
    staging: str
    """The staging folder, resolved."""
    remove: tuple[str, ...]
    """Output files of the last build that this one no longer has (POSIX, relative)."""
    install: tuple[str, ...]
    """Staged files that replace or join the output's (POSIX, relative)."""


def journal_file(folder: OutputFolder) -> Path:
    """Where the journal of ``folder`` is kept while a publish is in progress."""
    return layout.journal_file(folder.root, folder.path)


def unfinished(folder: OutputFolder) -> bool:
    """Whether a publish into ``folder`` was interrupted and not completed yet."""
    return os.path.lexists(journal_file(folder))


def publish(
    folder: OutputFolder,
    remove: Sequence[str],
    install: Sequence[str],
    manifest: Mapping[str, Entry],
) -> None:
    """Make the output the staged build: ``install`` moved in, ``remove`` deleted, ``manifest``
    recorded. Never leaves a mix behind: see the module docstring."""
    root, out, staging = folder.root, folder.path, folder.staging
    if not os.path.lexists(out):
        claim(staging)
        write_manifest(root, out, manifest)
        try:
            os.rename(staging, out)
            return
        except OSError:  # the folder appeared meanwhile: publish into it file by file
            pass
    claim(out)
    write_manifest(root, out, manifest, pending=True)
    journal = Journal(str(out.resolve()), str(staging.resolve()), tuple(remove), tuple(install))
    payload = json.dumps(asdict(journal), sort_keys=True).encode()
    write_state(journal_file(folder), _KIND, _VERSION, payload, durable=True)
    _apply_finishing(folder, journal, _test_hook())


def finish_interrupted(folder: OutputFolder) -> bool:
    """Complete a publish into ``folder`` that was interrupted; True when there was one.

    A journal that cannot be read (damaged by hand) is dropped: the build that follows compares
    every output with the manifest and rewrites whatever differs, which repairs the folder too.
    """
    path = journal_file(folder)
    if not os.path.lexists(path):
        return False
    journal = _read(folder, path)
    if journal is None:
        path.unlink(missing_ok=True)
        manifest_file(folder.root, folder.path, pending=True).unlink(missing_ok=True)
        return True
    _apply_finishing(folder, journal, None)
    return True


def _read(folder: OutputFolder, path: Path) -> Journal | None:
    payload = read_state(path, _KIND, _VERSION)
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        journal = Journal(
            str(data["output"]),
            str(data["staging"]),
            tuple(map(str, data["remove"])),
            tuple(map(str, data["install"])),
        )
        for rel in (*journal.remove, *journal.install):
            check_relative(rel)
    except (TypeError, KeyError, ValueError, SitegenError):
        return None
    expected = (str(folder.path.resolve()), str(folder.staging.resolve()))
    return journal if (journal.output, journal.staging) == expected else None


def _apply_finishing(folder: OutputFolder, journal: Journal, hook: tuple[int, int] | None) -> None:
    """Apply the journal; Ctrl-C meanwhile lets it finish (it is quick), then stops."""
    try:
        _apply(folder, journal, hook)
    except KeyboardInterrupt:
        _apply(folder, journal, None)
        raise


def _apply(folder: OutputFolder, journal: Journal, hook: tuple[int, int] | None) -> None:
    """Carry out the journal; every step may have been done already by an interrupted run."""
    out, staging = Path(journal.output), Path(journal.staging)
    try:
        _remove(out, journal.remove)
        for count, rel in enumerate(journal.install, 1):
            staged = staging.joinpath(*rel.split("/"))
            if not os.path.lexists(staged):
                continue  # moved in before the interruption
            target = out.joinpath(*rel.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
            if hook is not None and count == hook[1]:
                os.kill(os.getpid(), hook[0])
        pending = manifest_file(folder.root, folder.path, pending=True)
        if os.path.lexists(pending):
            os.replace(pending, manifest_file(folder.root, folder.path))
        journal_file(folder).unlink(missing_ok=True)
    except OSError as exc:
        raise PublishFailed(
            f"publishing into {out} stopped: {exc.strerror or exc} ({exc.filename}); "
            "fix the cause and run 'sitegen build' to complete it"
        ) from None
    shutil.rmtree(staging, ignore_errors=True)


def _remove(out: Path, stale: Sequence[str]) -> None:
    """Delete files of the last build (a folder now in their place is not ours: left alone),
    then the folders that this left empty."""
    parents: set[Path] = set()
    for rel in stale:
        path = out.joinpath(*rel.split("/"))
        if path.is_dir() and not path.is_symlink():
            continue
        path.unlink(missing_ok=True)
        parents.update(p for p in path.parents if p != out and p.is_relative_to(out))
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        try:
            parent.rmdir()
        except OSError:
            pass  # not empty: still holds current files, or files that are not ours


def _test_hook() -> tuple[int, int] | None:
    """``(signal, after how many renames)`` from :data:`TEST_HOOK`, or None (see the docstring)."""
    value = os.environ.get(TEST_HOOK)
    if not value:
        return None
    name, _, count = value.partition(":")
    return int(getattr(signal, f"SIG{name}")), int(count)
