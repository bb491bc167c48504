"""Stating the last build's files: the quick check that two processes share finds exactly what
the file-by-file comparison finds, wherever in the manifest the change is."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import msgspec
import pytest

from sitegen.engine.manifest import Entry, Manifest, read_manifest, write_manifest
from sitegen.engine.writer import CLAIM, PARALLEL_FROM, Drift, drift_of, stat_early
from sitegen.graph.urls import SEARCH_BUNDLE
from sitegen.state.files import read_state, write_state
from sitegen.state.layout import manifest_file

COUNT = max(PARALLEL_FROM, 2 * CLAIM) + 17
"""Enough outputs for the forked helper to run and for three claims, the last one short."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A site root and an output folder of COUNT files, with a manifest that lists them."""
    root = tmp_path_factory.mktemp("site")
    out = root / "public"
    manifest: Manifest = {}
    for index in range(COUNT):
        path = f"{index // 1000}/{index}.html"
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x" * (index % 7))
        st = target.stat()
        manifest[path] = Entry(f"key{index}", st.st_size, st.st_mtime_ns, f"digest{index}")
    write_manifest(root, out, manifest)
    return root, out


@pytest.fixture
def site(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built site for a test to change (times kept, so it is still as listed)."""
    root = tmp_path / "site"
    shutil.copytree(built[0], root)
    out = root / "public"
    # the manifest names its output folder by its full path: this copy's is another one
    write_manifest(root, out, read_manifest(built[0], built[1]))
    return root, out


@pytest.mark.parametrize("parallel", [True, False])
def test_outputs_as_left_have_no_drift(site: tuple[Path, Path], parallel: bool) -> None:
    root, out = site
    assert stat_early(root, out, parallel)() == Drift(COUNT, {}, frozenset())


@pytest.mark.parametrize("parallel", [True, False])
@pytest.mark.parametrize("where", [0, CLAIM - 1, CLAIM, COUNT - 1])
def test_a_change_anywhere_is_found(site: tuple[Path, Path], parallel: bool, where: int) -> None:
    """Claims start at 0, CLAIM, 2 * CLAIM: a file at either edge of a claim, in the short
    last claim, edited, deleted or made a folder, is found as the general comparison finds it."""
    root, out = site
    paths = list(read_manifest(root, out))
    edited, deleted, folder = paths[where], paths[(where + 1) % COUNT], paths[where - 1]
    (out / edited).write_bytes(b"edited by hand, longer than any listed file")
    (out / deleted).unlink()
    (out / folder).unlink()
    (out / folder).mkdir()

    found = stat_early(root, out, parallel)()

    assert found.files == COUNT
    assert set(found.changed) == {edited}
    assert found.gone == {deleted, folder}
    assert found == drift_of(out, read_manifest(root, out))


def test_a_touched_file_is_found(site: tuple[Path, Path]) -> None:
    """Same size, another modification time: changed (the digest decides later if it must be
    written again)."""
    root, out = site
    path = list(read_manifest(root, out))[CLAIM + 5]
    st = (out / path).stat()
    os.utime(out / path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    found = stat_early(root, out, parallel=True)()
    assert set(found.changed) == {path}
    assert not found.gone


def test_a_manifest_whose_columns_disagree_is_not_trusted(site: tuple[Path, Path]) -> None:
    """A damaged or crafted manifest with fewer sizes than paths is no manifest: the build then
    starts from scratch (and removes nothing)."""
    root, out = site
    file = manifest_file(root, out)
    header = json.loads(file.read_bytes().split(b"\n", 1)[0])
    payload = read_state(file, header["kind"], header["version"], "crc32")
    assert payload is not None
    columns = msgspec.json.decode(payload)
    columns[2] = columns[2][:-1]  # one size fewer than there are paths
    write_state(file, header["kind"], header["version"], msgspec.json.encode(columns), "crc32")

    assert read_manifest(root, out) == {}
    assert stat_early(root, out, parallel=True)() == Drift(0, {}, frozenset())


def test_a_killed_helper_leaves_nothing_unstated(site: tuple[Path, Path]) -> None:
    """The forked helper killed at once (before, during or after its claims): the build
    process finds the change all the same, and does not wait forever."""
    root, out = site
    path = list(read_manifest(root, out))[CLAIM // 2]  # in the helper's first claim
    (out / path).write_bytes(b"edited by hand, longer than any listed file")
    scan = stat_early(root, out, parallel=True)
    helpers = [child.pid for child in multiprocessing.active_children() if child.pid]
    assert helpers  # the helper was started (it may have finished already)
    for pid in helpers:
        os.kill(pid, signal.SIGKILL)
    found = scan()
    assert set(found.changed) == {path}
    assert found == drift_of(out, read_manifest(root, out))


@pytest.mark.parametrize("parallel", [True, False])
def test_a_listed_file_in_the_search_folder_is_left_to_the_search_stage(
    site: tuple[Path, Path], parallel: bool
) -> None:
    """Files under the search index's folder are the search stage's: never stated, so a
    manifest that lists one (a static file there, on a site without search) sees it gone, as
    the file-by-file comparison does."""
    root, out = site
    manifest = read_manifest(root, out)
    searched = SEARCH_BUNDLE + "listed.js"
    (out / searched).parent.mkdir(parents=True)
    (out / searched).write_bytes(b"x")
    st = (out / searched).stat()
    manifest[searched] = Entry("key", st.st_size, st.st_mtime_ns, "digest")
    write_manifest(root, out, manifest)

    found = stat_early(root, out, parallel)()

    assert found.gone == {searched}
    assert found == drift_of(out, read_manifest(root, out))
