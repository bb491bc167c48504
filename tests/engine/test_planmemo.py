"""The plan memo: every page inputs digest it hands out is the digest of the page's context now."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.content.bodies import Bodies
from sitegen.digests import digest
from sitegen.engine.contexts import Contexts
from sitegen.engine.jobs import DataJob, RenderJob
from sitegen.engine.plan import Plan
from sitegen.graph.site import SiteGraph
from sitegen.pipeline import BuildOptions, build
from sitegen.state.layout import plan_memo
from tests.engine.conftest import BUILD_TIME, build_site, copy_example, tree
from tests.engine.test_incremental import (
    CHANGES,
    body,
    caption,
    first_paragraph,
    lead_image_file,
    title,
    updated,
)


@dataclass(frozen=True)
class Built:
    """The plan a build made, and the contexts of its pages as they are now."""

    plan: Plan
    contexts: Contexts


def _built_plan(site: Path) -> Built:
    """Build ``site`` and return the plan the build made (with the memo in .sitegen/)."""
    kept: list[Built] = []

    def keep(graph: SiteGraph, plan: Plan) -> None:
        kept.append(Built(plan, Contexts(graph, plan.files, plan.assets, Bodies(site))))

    build(BuildOptions(site, build_time=BUILD_TIME, keep=keep))
    assert kept, "the build wrote nothing"
    return kept[0]


def _assert_stored_inputs_hold(built: Built) -> int:
    """Every page whose inputs came from the memo has exactly those inputs now; returns how
    many did."""
    reused = 0
    for job in built.plan.jobs:
        if isinstance(job, RenderJob) and job.inputs is not None:
            assert built.contexts.page(job).inputs == job.inputs, job.output
            reused += 1
        if isinstance(job, DataJob) and job.data is None:
            # a sitemap taken from the memo: the data built for rendering is what its key says
            assert digest(job.format, built.contexts.data(job)) == job.inputs
    return reused


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_memoized_inputs_are_the_contexts_digests(
    site: Path, change: Callable[[Path], None]
) -> None:
    build_site(site)
    assert plan_memo(site).is_file()
    change(site)
    _assert_stored_inputs_hold(_built_plan(site))


def test_body_edit_reuses_the_snapshot(site: Path) -> None:
    """After a one-article edit the snapshot is not rewritten, and most pages are reused."""
    build_site(site)
    memo = plan_memo(site)
    written = memo.stat().st_mtime_ns
    body(site)
    built = _built_plan(site)
    assert memo.stat().st_mtime_ns == written
    pages = [job for job in built.plan.jobs if isinstance(job, RenderJob)]
    assert _assert_stored_inputs_hold(built) > len(pages) * 3 // 4
    sitemaps = [job for job in built.plan.jobs if job.output == "sitemap.xml"]
    assert isinstance(sitemaps[0], DataJob) and sitemaps[0].data is None  # taken from the memo


def _retitle_site(site: Path, number: int) -> None:
    """A config change: every page's inputs are open again and the snapshot is rewritten."""
    config = site / "sitegen.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^title: .*$", f"title: Example News {number}", text))


@pytest.mark.parametrize("rewrite", [False, True], ids=["piled-up", "rewritten"])
def test_chain_of_edits_equals_clean_build(tmp_path: Path, rewrite: bool) -> None:
    """Edits pile up against one snapshot (or each rewrites it); every build equals a clean one."""
    site = copy_example(tmp_path / "site")
    build_site(site)
    chain = (body, title, caption, updated, first_paragraph, lead_image_file)
    for number, change in enumerate(chain):
        change(site)
        if rewrite:
            _retitle_site(site, number)
        _assert_stored_inputs_hold(_built_plan(site))
        fresh = tmp_path / f"clean-{change.__name__}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".sitegen"))
        build_site(fresh, clean=True)
        assert tree(site / "public") == tree(fresh / "public"), change.__name__


def test_damaged_or_foreign_memo_is_ignored(tmp_path: Path) -> None:
    site = copy_example(tmp_path / "site")
    build_site(site)
    memo = plan_memo(site)
    memo.write_bytes(memo.read_bytes()[:-7])
    title(site)
    assert _assert_stored_inputs_hold(_built_plan(site)) == 0
    fresh = copy_example(tmp_path / "fresh")
    title(fresh)
    build_site(fresh)
    assert tree(site / "public") == tree(fresh / "public")
