"""The plan memo: each page's inputs digest from an earlier build, reused while nothing it was
built from changed.

A page's inputs digest is the digest of its template context, found by building the context
(``Contexts.page``); the articles looked up while building it are recorded with it. After a
one-article edit nearly every page of an archive would come out as before, and building every
context again would cost most of a full render. So a snapshot is kept in ``.sitegen/``:

- ``base``: the link structure's key (which articles, in which order, on which listing page,
  next to which neighbours; the config and sitegen's code), the standalone pages and what every
  page shares (the site view, the publisher logo);
- each article's *mark*: its file, its source digest, its resolved pictures and whether it is
  still in the future, i.e. everything an :class:`~sitegen.content.models.Article` is made from
  beyond the config (loading makes it from these alone);
- each page's inputs digest, by view;
- the sitemap files and the standalone pages they list;
- per article, as a row of a database beside the file (``plan-readers.sqlite``), the views of
  the pages whose context read it and what the sitemaps show of it (lastmod, canonical URL).
  A rebuild reads the rows of the articles that changed, not all of them: at 100,000 articles
  the pages read 1.75 million article references, and decoding them took 0.6 s and 420 MiB on
  every rebuild. The rows carry the snapshot's generation: rows left by another snapshot (a
  build killed between the two writes) read as missing, and a missing row leaves every page
  open.

A stored digest is reused when ``base`` is the same and no article the page read has a
different mark; every other page is left open, and keyed while rendering from its context. A
different ``base`` (a date, a tag or a setting changed) leaves every page open.

The snapshot is rewritten only once it has drifted (many articles differ from it, or it no longer
applies): an older snapshot is just as correct, since it is compared with each article as it is
now, and rewriting it on every one-article edit would cost more than it saves.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from sitegen.content.models import Article
from sitegen.digests import digest
from sitegen.engine.jobs import EVERY, DataJob, ViewRef
from sitegen.graph.site import SiteGraph
from sitegen.state.files import decode, encode, read_data, write_data
from sitegen.state.layout import plan_readers
from sitegen.state.rows import Row, RowFile

_KIND = "plan-memo"
_VERSION = 7
_ROWS_KIND = "plan-readers"
_ROWS_VERSION = 1
DRIFT = 32
"""Articles that may differ from the snapshot before it is rewritten."""

Facts = tuple[str | None, ...]
"""What the sitemaps show of an article (see
:func:`sitegen.syndication.sitemaps.sitemap_facts`)."""


def marks(graph: SiteGraph) -> dict[str, str]:
    """Each published article's mark (see the module docstring), as a short digest.

    Of the pictures it shows (lead, gallery, body) only what the article's source does not
    hold: the source digest covers alt texts, captions and credits; the file, URL, size and
    bytes (which name the resized copies) come from outside.
    """
    now = graph.build_time
    found: dict[str, str] = {}
    for slug, a in graph.articles.items():
        images = [(i.file, i.url, i.width, i.height, i.digest) for i in a.local_images]
        found[slug] = digest(a.digest, images, a.date > now, a.file)
    return found


@dataclass(frozen=True)
class Snapshot:
    """What the memo file holds (as JSON, decoded into this type: data only)."""

    base: str
    marks: dict[str, str]
    inputs: list[tuple[ViewRef, str]]
    """Each page's view and inputs digest (a list: JSON objects have text keys only)."""
    sitemaps: list[tuple[str, str, str]]
    """Output, format and inputs digest of each sitemap file (their data is built again only
    if one must be rendered)."""
    pages: tuple[str, ...]
    """Slugs of the standalone pages (the sitemaps list them)."""
    generation: str
    """The stamp of this snapshot's rows (see the module docstring)."""
    complete: bool
    """Whether ``inputs`` holds every page (and so the rows name every page that read each
    article): not when a damaged row made the rewrite keep only the pages just rendered. An
    incomplete snapshot is written again by the next build (complete: the pages it leaves out
    are all keyed again), and meanwhile the edit path is not taken."""


class Readers(NamedTuple):
    """An article's row: who read it, and what the sitemaps show of it."""

    views: list[ViewRef]
    """Views of the pages whose context read that article (under ``EVERY``: the pages whose
    context went through all of them)."""
    facts: Facts | None
    """What the sitemaps show of it (see :func:`sitegen.syndication.sitemaps.sitemap_facts`);
    None under ``EVERY``."""


def _rows(file: Path) -> RowFile:
    return RowFile(plan_readers(file), _ROWS_KIND, _ROWS_VERSION)


class PageMemo:
    """Page inputs for one plan: reused from the snapshot where still valid, else left open."""

    def __init__(
        self, file: Path | None, graph: SiteGraph, base: str, snapshot: Snapshot | None = None
    ) -> None:
        self.graph = graph
        self.file = file if graph.shape_key else None
        self.base = digest(graph.shape_key, base)
        self.marks = marks(graph) if self.file else {}
        self.known: dict[ViewRef, str] = {}
        """Stored digests still valid for this build."""
        self._rewrite = self.file is not None
        self._old: Snapshot | None = None
        self._changed: list[str] = []
        self._read: dict[str, Readers] = {}
        """The rows read for the changed articles."""
        if snapshot is not None and self._applies(snapshot):
            self._reuse(snapshot)
        self._sitemaps: tuple[list[DataJob], Callable[[Article], Facts]] | None = None
        old = self._old
        self.generation: str | None = old.generation if old and old.complete else None
        """The generation of the snapshot in the file when it is complete (None: none that
        applies, or an incomplete one); after :meth:`save`, of the one it holds now."""

    @classmethod
    def open(cls, file: Path | None, graph: SiteGraph, base: str) -> PageMemo:
        """The memo of ``file`` (None: none), with the snapshot it holds when that applies."""
        snapshot = read_data(file, _KIND, _VERSION, Snapshot) if file and graph.shape_key else None
        return cls(file, graph, base, snapshot)

    def _applies(self, snapshot: Snapshot) -> bool:
        return snapshot.base == self.base and snapshot.marks.keys() == self.marks.keys()

    def _reuse(self, snapshot: Snapshot) -> None:
        old = snapshot.marks
        changed = [slug for slug, mark in self.marks.items() if old[slug] != mark]
        self._old = snapshot
        self._changed = changed
        if not changed:
            self.known = dict(snapshot.inputs)
            self._rewrite = not snapshot.complete
            return
        self._read = self._readers([*changed, EVERY], snapshot.generation)
        if len(self._read) <= len(changed):  # a row is missing: who read it is not known
            self._old = None
            return
        known = dict(snapshot.inputs)
        for readers in self._read.values():
            for view in readers.views:
                known.pop(view, None)
        self.known = known
        self._rewrite = len(changed) > DRIFT or not snapshot.complete

    def _readers(self, slugs: list[str], generation: str) -> dict[str, Readers]:
        """The rows of ``slugs`` that belong to the snapshot of ``generation``."""
        assert self.file is not None
        return _decoded(_rows(self.file).read_keys(slugs), generation)

    def get(self, view: ViewRef) -> str | None:
        """The stored inputs digest of the page ``view`` when it still holds."""
        return self.known.get(view)

    def sitemaps(self, facts: Callable[[Article], Facts]) -> list[DataJob] | None:
        """The stored sitemap jobs, when no article shows different ``facts`` in them."""
        old = self._old
        if old is None or old.pages != self._page_slugs():
            return None
        for slug in self._changed:
            if facts(self.graph.articles[slug]) != self._read[slug].facts:
                return None
        return [DataJob(output, kind, None, inputs=key) for output, kind, key in old.sitemaps]

    def keep_sitemaps(self, jobs: list[DataJob], facts: Callable[[Article], Facts]) -> None:
        """Record the sitemap jobs (and, for the snapshot, what each article shows in them)."""
        self._sitemaps = (jobs, facts)

    def _page_slugs(self) -> tuple[str, ...]:
        return tuple(page.slug for page in self.graph.pages)

    def save(self, learned: Iterable[tuple[ViewRef, str, tuple[str, ...]]]) -> None:
        """Write a new snapshot when the old one is missing, no longer applies or has drifted.

        ``learned`` holds the view, inputs digest and reads of every page whose inputs this
        plan left open (found while rendering); the others keep their stored ones.
        """
        if self.file is None or not self._rewrite or self._sitemaps is None:
            return
        inputs = dict(self.known)
        readers: dict[str, list[ViewRef]] = {}
        complete = True  # every page not known is open, so learned now
        if self._old is not None:  # the reused pages read what they read
            carried = _decoded(_rows(self.file).read(), self._old.generation)
            if len(carried) <= len(self._old.marks):  # a row is damaged: keep only the learned
                inputs, complete = {}, False
            for slug, old in carried.items():
                kept = [view for view in old.views if view in inputs]
                if kept:
                    readers[slug] = kept
        for view, found, read in learned:
            inputs[view] = found
            for slug in read:
                readers.setdefault(slug, []).append(view)
        jobs, facts = self._sitemaps
        generation = secrets.token_hex(8)
        rows: dict[str, Row] = {
            slug: (generation, encode(Readers(readers.get(slug, []), facts(a))))
            for slug, a in self.graph.articles.items()
        }
        rows[EVERY] = (generation, encode(Readers(readers.get(EVERY, []), None)))
        # the rows first: a snapshot never names rows that are not written yet
        _rows(self.file).update(rows, (), replace=True)
        sitemaps = [(job.output, job.format, job.inputs) for job in jobs]
        pages = self._page_slugs()
        snapshot = Snapshot(
            self.base, self.marks, list(inputs.items()), sitemaps, pages, generation, complete
        )
        write_data(self.file, _KIND, _VERSION, snapshot)
        self.generation = generation if complete else None


def readers_of(file: Path, slugs: list[str], generation: str) -> dict[str, Readers] | None:
    """The rows of ``slugs`` and :data:`EVERY` in the snapshot of ``generation`` (see
    :attr:`PageMemo.generation`); None when one of them is missing."""
    wanted = [*slugs, EVERY]
    found = _decoded(_rows(file).read_keys(wanted), generation)
    return found if len(found) == len(set(wanted)) else None


def _decoded(rows: dict[str, Row], generation: str) -> dict[str, Readers]:
    """The ``rows`` that belong to the snapshot of ``generation``, decoded (the others, and any
    that does not decode, are left out)."""
    found: dict[str, Readers] = {}
    for slug, (stamp, value) in rows.items():
        readers = decode(value, Readers) if stamp == generation else None
        if readers is not None:
            found[slug] = readers
    return found
