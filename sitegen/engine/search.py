"""Search stage: a Pagefind index of the article pages, published in the output's ``pagefind/``.

Pagefind reads built HTML, so this runs after the write stage. It cannot update an index in
place, so the index is split by publication date (``pagefind/2024/``, ``pagefind/2025-06/``: one
Pagefind bundle each, merged by the search page when a reader searches), and a build indexes
again only what its changed or removed article pages need:

- a shard of at most :data:`SMALL` pages (a month, or a small site's year) is indexed again
  whole: about a second of Pagefind;
- a larger shard (a year of a big archive: 10,000 pages take a minute) keeps its index; the
  changed pages are indexed in the small ``pagefind/recent/`` shard instead, and
  ``pagefind/recent.json`` lists the entries of the large shards that they replace, which the
  search page leaves out of its results. Once more than :data:`LIMIT` pages wait there, their
  shards are indexed again whole and the recent shard is emptied.

So a one-article edit costs the same at 100,000 articles as at 1,000. The recent shard's files
depend on which pages were edited since their shard was last indexed; what a search finds does
not (a clean build indexes every shard whole).

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
import gzip
import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Problem, ProblemsFound
from sitegen.graph import urls
from sitegen.graph.site import SiteGraph
from sitegen.state.files import discard, make_folder, read_data, write_data, write_file
from sitegen.state.layout import search_members, search_work

BUNDLE = urls.SEARCH_BUNDLE.rstrip("/")
"""The index's folder inside the output: one Pagefind bundle per shard below it."""
ENTRY = "pagefind-entry.json"
"""A bundle's entry: the file that names its index files (installed last)."""
ENTRY_FILES = ("pagefind.js", "pagefind-worker.js", ENTRY)
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
        for shard, slugs in graph.shards.items()
    }


SMALL = 250
"""A shard of at most this many pages is indexed again whole when one of its pages changes."""
LIMIT = 500
"""Pages the recent shard may hold; past this, their shards are indexed again whole."""
RECENT = "recent"
"""The shard of the pages changed since their own (large) shard was indexed."""
RECENT_FILE = "recent.json"
"""In the bundle: the recent shard's name (when there is one) and the entries it replaces."""
_KIND = "search-index"
_VERSION = 1


@dataclass(frozen=True)
class IndexState:
    """What the published index holds (kept in ``.sitegen/``, data only)."""

    members: dict[str, str]
    """Output file of every article page -> its shard, as of the last build."""
    indexed: dict[str, dict[str, str]]
    """Shard -> output file -> Pagefind's id of its entry, as that shard's index holds them."""
    dirty: list[str]
    """Pages changed (or removed) since a shard whose index holds them was indexed."""
    recent: list[str]
    """The pages the recent shard holds."""


def index_state(out: Path, state: Path) -> IndexState | None:
    """What the published index of ``out`` holds, as the last build left it (None: unknown)."""
    return read_data(search_members(state, out), _KIND, _VERSION, IndexState)


@dataclass(frozen=True)
class _Work:
    """What a build must do to the index: the shards to index whole, the pages still waiting
    for theirs (held by the recent shard), and the pages that changed."""

    whole: set[str]
    waiting: set[str]
    changed: set[str]
    dirty: set[str]


def update_index(
    out: Path,
    state: Path,
    shards: Shards | None,
    changed: Iterable[str],
    workers: int = 1,
    small: int = SMALL,
    limit: int = LIMIT,
) -> list[str]:
    """Bring the index up to date with the article pages ``changed`` (or removed) by the build;
    index whole the shards that are missing, small, or due (see the module docstring), remove
    the shards of years that no longer have articles. Returns the shards indexed whole.

    Up to ``workers`` Pagefind processes run at once (each indexes on one core). ``shards``
    None: those of the last build, as its state has them (the edit path, whose edits move no
    article); when there is no such state, raise :class:`NoState`."""
    bundle = out / BUNDLE
    file = search_members(state, out)
    known = index_state(out, state)
    if shards is None:
        if known is None:
            raise NoState(file)
        shards = _stored_shards(known)
    member = {page: shard for shard, pages in shards.items() for page in pages}
    before = known or IndexState({}, {}, [], [])
    work = _work(bundle, shards, member, before, known is None, set(changed), (small, limit))
    for gone in _published_shards(bundle) - set(shards) - {RECENT}:
        shutil.rmtree(bundle / gone)
    todo = sorted(work.whole, reverse=True)
    if todo or work.changed:
        # until this index is installed, a build killed on the way leaves a state that names
        # every page still to do, and no id of a shard being indexed again (done again next)
        kept = {s: ids for s, ids in before.indexed.items() if s not in work.whole}
        write_data(file, _KIND, _VERSION, IndexState(member, kept, sorted(work.dirty), []))
    with ThreadPoolExecutor(max(1, min(workers, len(todo)))) as pool:
        # list(): the first failure is raised here, after every shard has finished
        fresh = list(pool.map(lambda shard: _index_shard(out, state, shard, shards[shard]), todo))
    indexed = {s: ids for s, ids in before.indexed.items() if s in shards and s not in work.whole}
    indexed.update(zip(todo, fresh, strict=True))
    waiting, recent = _settle_recent(out, state, work, member, indexed, before.recent)
    hidden = {ids[page] for ids in indexed.values() for page in waiting if page in ids}
    _write_recent(bundle, sorted(hidden), bool(recent))
    discard(search_work(state))
    write_data(file, _KIND, _VERSION, IndexState(member, indexed, sorted(waiting), recent))
    return todo


class NoState(Exception):
    """The search index's state is not there (see :func:`update_index`)."""


def _stored_shards(known: IndexState) -> Shards:
    """The shards of the last build: its members, in their order, grouped by shard."""
    found: dict[str, list[str]] = {}
    for page, shard in known.members.items():
        found.setdefault(shard, []).append(page)
    return {shard: tuple(pages) for shard, pages in found.items()}


def _work(
    bundle: Path,
    shards: Shards,
    member: dict[str, str],
    before: IndexState,
    unknown: bool,
    changed: set[str],
    sizes: tuple[int, int],
) -> _Work:
    """Which shards to index whole and which pages wait in the recent shard (``unknown``: no
    usable state, index everything; ``sizes``: the small-shard size and the waiting limit)."""
    small, limit = sizes
    whole = {shard for shard in shards if not (bundle / shard / ENTRY).is_file()}
    whole |= set(shards) if unknown else {s for s in shards if s not in before.indexed}
    changed = {page for page in changed if page in member or page in before.members}
    dirty = set(before.dirty) | changed

    def homes(page: str) -> set[str]:
        """The live shards that hold ``page`` or should."""
        held = {shard for shard, ids in before.indexed.items() if page in ids}
        return {shard for shard in (held | {member.get(page, "")}) if shard in shards}

    whole |= {shard for page in changed for shard in homes(page) if len(shards[shard]) <= small}
    waiting = {page for page in dirty if homes(page) - whole}
    if len(waiting) > limit:  # compaction: the recent shard is emptied into its shards
        whole |= {shard for page in waiting for shard in homes(page)}
        waiting = set()
    return _Work(whole, waiting, changed, dirty)


def _settle_recent(
    out: Path,
    state: Path,
    work: _Work,
    member: dict[str, str],
    indexed: dict[str, dict[str, str]],
    before: list[str],
) -> tuple[set[str], list[str]]:
    """Index the recent shard as the waiting pages need it; the pages still waiting and the
    pages the recent shard holds."""
    waiting = set(work.waiting)
    recent = sorted(p for p in waiting if p in member and member[p] not in work.whole)
    base = {page: indexed.get(member[page], {}).get(page, "") for page in recent}
    recent_ids = _update_recent(out, state, recent, before, work.changed)
    # a page whose indexed text came out the same (a neighbour whose Previous/Next changed) has
    # the same id as its entry in its shard: that entry is current, the page is not waiting
    same = {page for page in recent if recent_ids.get(page) == base[page]}
    if same:
        waiting -= same
        recent = [page for page in recent if page not in same]
        _update_recent(out, state, recent, [], set(recent))
    return waiting, recent


def _update_recent(
    out: Path, state: Path, recent: list[str], before: list[str], changed: set[str]
) -> dict[str, str]:
    """Index the recent shard again when its pages changed; the id of each page's entry."""
    folder = out / BUNDLE / RECENT
    if not recent:
        shutil.rmtree(folder, ignore_errors=True)
        return {}
    if recent == before and (folder / ENTRY).is_file() and not changed & set(recent):
        return _ids(folder)
    return _index_shard(out, state, RECENT, tuple(recent))


def _write_recent(bundle: Path, hidden: list[str], recent: bool) -> None:
    """``recent.json``: the recent shard's name (if any) and the entries the search page hides."""
    data: dict[str, object] = {"superseded": hidden}
    if recent:
        data["shard"] = RECENT
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    target = bundle / RECENT_FILE
    if not target.is_file() or target.read_bytes() != text:
        make_folder(bundle)
        write_file(target, text)


def remove_index(out: Path, state: Path) -> None:
    """Take the index out of the output (``search: false``)."""
    shutil.rmtree(out / BUNDLE, ignore_errors=True)
    search_members(state, out).unlink(missing_ok=True)


def _published_shards(bundle: Path) -> set[str]:
    if not bundle.is_dir():
        return set()
    return {entry.name for entry in bundle.iterdir() if entry.is_dir()}


def _ids(folder: Path) -> dict[str, str]:
    """Output file -> Pagefind's id of its entry, from a bundle's fragments (gzip: a marker,
    then JSON with the page's URL, relative to the folder that was indexed)."""
    found: dict[str, str] = {}
    for fragment in sorted((folder / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        url = str(json.loads(data).get("url", ""))
        page = url.lstrip("/")
        found[page + "index.html" if not page or page.endswith("/") else page] = fragment.stem
    return found


def _index_shard(out: Path, state: Path, shard: str, pages: tuple[str, ...]) -> dict[str, str]:
    """Index ``pages`` (linked into a scratch folder, so Pagefind reads only them); the id of
    each page's entry."""
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
    _sort_languages(fresh / ENTRY)
    ids = _ids(fresh)
    _install(fresh, out / BUNDLE / shard)
    for folder in (site, fresh):
        discard(folder)
    return ids


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
