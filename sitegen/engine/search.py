"""Search stage: a Pagefind index of the article pages, published in the output's ``pagefind/``.

Pagefind reads built HTML, so this runs after the write stage. It cannot update an index in
place, so the index is split by publication date (``pagefind/2024/``, ``pagefind/2025-06/``: one
Pagefind bundle each, merged by the search page when a reader searches), and a build indexes
again only the shards whose article pages it changed or removed, or whose index is missing: a
no-op build, or one that changed only listings, feeds and assets, leaves the index as it was.
Pages mark what is indexed (``data-pagefind-body`` on the article; the section and the date as
metadata, the date as sort key); Pagefind makes one index per ``<html lang>``, so each language
is searched on its own. No Pagefind filters: Pagefind 1.5 writes their files in hash-map order,
so the same pages would give different bytes from build to build (Pagefind issue 638).

The binary comes from the ``pagefind-bin`` wheel: nothing is downloaded at build time. Its index
is written into ``.sitegen/`` first and then installed: files whose names carry a content hash
first, the entry files that name them last, and only then are the old index's files removed, so a
reader's search always finds every file the entry it loaded refers to.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sitegen.errors import Problem, ProblemsFound
from sitegen.graph import urls
from sitegen.graph.site import SiteGraph, search_shards
from sitegen.state.files import discard, make_folder, write_file
from sitegen.state.layout import search_members, search_work

BUNDLE = urls.SEARCH_BUNDLE.rstrip("/")
"""The index's folder inside the output: one Pagefind bundle per shard below it."""
ENTRY_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
"""Files with fixed names that load everything else: installed after the files they name."""
UNUSED = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")
"""Pagefind's own interfaces; the theme's search page uses ``pagefind.js`` directly."""
TIMEOUT = 3600
"""Seconds Pagefind may take before the build gives up (a large archive takes minutes)."""


Shards = dict[str, tuple[str, ...]]
"""Shard name (``2024`` or ``2025-06``) -> the output files of its article pages."""


def shards_of(graph: SiteGraph) -> Shards:
    """The article pages of each shard of the index, newest first.

    Pagefind cannot update an index in place, and indexing costs a few milliseconds an article,
    so the index is split (see :func:`sitegen.graph.site.search_shards`); the search page merges
    the shards when a reader searches.
    """
    return {
        shard: tuple(urls.output_file(graph.paths[slug]) for slug in slugs)
        for shard, slugs in search_shards(graph).items()
    }


def update_index(
    out: Path, state: Path, shards: Shards, changed: Iterable[str], workers: int = 1
) -> list[str]:
    """Index again the shards whose article pages changed, or whose index is missing; remove
    the shards of years that no longer have articles. Returns the shards indexed.

    Up to ``workers`` Pagefind processes run at once (each indexes on one core)."""
    bundle = out / BUNDLE
    member = {page: shard for shard, pages in shards.items() for page in pages}
    members = search_members(state, out)
    before = _read_members(members)
    stale = {shard for shard in shards if not (bundle / shard / "pagefind-entry.json").is_file()}
    if before is None:
        stale = set(shards)
    else:
        for page in changed:
            shard = member.get(page) or before.get(page)
            if shard in shards:
                stale.add(shard)
    for gone in _published_shards(bundle) - set(shards):
        shutil.rmtree(bundle / gone)
    todo = sorted(stale, reverse=True)
    with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
        # list(): the first failure is raised here, after every shard has finished
        list(pool.map(lambda shard: _index_shard(out, state, shard, shards[shard]), todo))
    discard(search_work(state))
    _write_members(members, member)
    return sorted(stale, reverse=True)


def remove_index(out: Path, state: Path) -> None:
    """Take the index out of the output (``search: false``)."""
    shutil.rmtree(out / BUNDLE, ignore_errors=True)
    search_members(state, out).unlink(missing_ok=True)


def _published_shards(bundle: Path) -> set[str]:
    if not bundle.is_dir():
        return set()
    return {entry.name for entry in bundle.iterdir() if entry.is_dir()}


def _read_members(file: Path) -> dict[str, str] | None:
    """The shard of every article page of the last build (None: unknown, index every shard)."""
    try:
        found = json.loads(file.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return None
    return found


def _write_members(file: Path, member: dict[str, str]) -> None:
    write_file(file, json.dumps(member, sort_keys=True).encode())


def _index_shard(out: Path, state: Path, shard: str, pages: tuple[str, ...]) -> None:
    """Index ``pages`` (linked into a scratch folder, so Pagefind reads only them)."""
    work = search_work(state)
    site, fresh = work / f"site-{shard}", work / f"bundle-{shard}"
    for folder in (site, fresh):
        discard(folder)
    make_folder(site)  # whatever stood in .sitegen/ where it goes
    for page in pages:
        target = site / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / page, target)
        except OSError:  # another file system, or no hard links: a copy reads the same
            shutil.copyfile(out / page, target)
    _run_pagefind(site, fresh)
    _sort_languages(fresh / "pagefind-entry.json")
    _install(fresh, out / BUNDLE / shard)
    for folder in (site, fresh):
        discard(folder)


def _sort_languages(entry: Path) -> None:
    """Pagefind lists a shard's languages in a different order on each run: sorted, a shard
    holding several languages (a multilingual site) is the same bytes from build to build."""
    if not entry.is_file():
        return
    data = json.loads(entry.read_bytes())
    languages = data.get("languages")
    if isinstance(languages, dict) and len(languages) > 1:
        data["languages"] = dict(sorted(languages.items()))
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_file(entry, text.encode("utf-8"))


def _executable() -> Path:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise ProblemsFound([_problem("the pagefind-bin package is not installed")]) from None
    return Path(get_executable())


def _run_pagefind(site: Path, into: Path) -> None:
    command = [str(_executable()), "--site", str(site), "--output-path", str(into), "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ProblemsFound([_problem(f"Pagefind could not run: {error}")]) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise ProblemsFound([_problem("Pagefind failed: " + " / ".join(said))])


def _problem(message: str) -> Problem:
    hint = "reinstall sitegen (pip install sitegen) or set 'search: false' in sitegen.yaml"
    return Problem("sitegen.yaml", None, "search", message, hint)


def _files(folder: Path) -> list[str]:
    """Files below ``folder`` (POSIX, relative), Pagefind's own interfaces left out."""
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(UNUSED):
            found.append(rel)
    return sorted(found)


def _install(fresh: Path, bundle: Path) -> None:
    new = _files(fresh)
    old = set(_files(bundle)) if bundle.is_dir() else set()
    hashed = [rel for rel in new if rel not in ENTRY_FILES]
    entries = [rel for rel in ENTRY_FILES if rel in new]
    for rel in [*hashed, *entries]:
        target = bundle / rel
        if rel in old and filecmp.cmp(fresh / rel, target, shallow=False):
            continue  # same bytes: keep the file and its modification time for deploys
        target.parent.mkdir(parents=True, exist_ok=True)
        # copied beside the target and renamed: the output may be on another file system
        passing = target.with_name(f".{target.name}.new")
        shutil.copyfile(fresh / rel, passing)
        os.replace(passing, target)
    for rel in sorted(old - set(new)):
        (bundle / rel).unlink()
    for folder in sorted((p for p in bundle.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
