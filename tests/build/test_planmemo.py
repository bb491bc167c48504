"""The plan memo: a plan that reuses an earlier build's page inputs equals a plan made afresh."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import planmemo
from sitegen.build.executor import RenderSettings
from sitegen.build.jobs import DataJob
from sitegen.build.plan import Plan, make_plan
from sitegen.build.update import job_keys
from sitegen.config import load_config
from sitegen.digests import digest
from sitegen.graph.site import SiteGraph
from sitegen.pipeline import BuildOptions, _prepare
from sitegen.render.environment import template_dirs
from sitegen.state.layout import plan_memo
from tests.build.conftest import BUILD_TIME, build_site, copy_example, tree
from tests.build.test_incremental import (
    CHANGES,
    body,
    caption,
    first_paragraph,
    lead_image_file,
    title,
    updated,
)


def _plan(site: Path) -> tuple[SiteGraph, Plan]:
    """The graph and plan a build of ``site`` would make now, with the memos in .sitegen/."""
    config = load_config(site, {})
    options = BuildOptions(site, build_time=BUILD_TIME)
    from sitegen.build.stamp import source_stats

    graph, plan, _, _ = _prepare(options, config, BUILD_TIME, {}, source_stats(site))
    return graph, plan


def _keys(site: Path, graph: SiteGraph, plan: Plan) -> dict[str, str]:
    settings = RenderSettings(
        tuple(str(d) for d in template_dirs(site)), graph.config.base_url, graph.config.base_path
    )
    return job_keys(plan.jobs, settings)


def _assert_same_as_fresh(site: Path) -> None:
    graph, memoized = _plan(site)
    fresh = make_plan(graph, site)  # no memo: every digest computed
    assert _keys(site, graph, memoized) == _keys(site, graph, fresh)
    assert [job.output for job in memoized.jobs] == [job.output for job in fresh.jobs]
    for job in memoized.jobs:
        if isinstance(job, DataJob) and job.data is None:
            # a sitemap taken from the memo: the data built for rendering is what its key says
            assert digest(job.format, memoized.contexts.data(job)) == job.inputs


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
def test_memoized_plan_equals_fresh_plan(site: Path, change: Callable[[Path], None]) -> None:
    build_site(site)
    assert plan_memo(site).is_file()
    change(site)
    _assert_same_as_fresh(site)


def test_body_edit_reuses_the_snapshot(site: Path) -> None:
    """After a one-article edit the snapshot is not rewritten, and most pages are reused."""
    build_site(site)
    memo = plan_memo(site)
    written = memo.stat().st_mtime_ns
    body(site)
    graph, plan = _plan(site)
    assert memo.stat().st_mtime_ns == written
    sitemaps = [job for job in plan.jobs if job.output == "sitemap.xml"]
    assert isinstance(sitemaps[0], DataJob) and sitemaps[0].data is None  # taken from the memo


@pytest.mark.parametrize("drift", [0, planmemo.DRIFT])
def test_chain_of_edits_equals_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drift: int
) -> None:
    """Edits pile up against one snapshot (or each rewrites it); every build equals a clean one."""
    monkeypatch.setattr(planmemo, "DRIFT", drift)
    site = copy_example(tmp_path / "site")
    build_site(site)
    for change in (body, title, caption, updated, first_paragraph, lead_image_file):
        change(site)
        build_site(site)
        fresh = tmp_path / f"clean-{change.__name__}"
        shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("public", ".sitegen"))
        build_site(fresh, clean=True)
        assert tree(site / "public") == tree(fresh / "public"), change.__name__
        _assert_same_as_fresh(site)


def test_damaged_or_foreign_memo_is_ignored(site: Path) -> None:
    build_site(site)
    memo = plan_memo(site)
    memo.write_bytes(memo.read_bytes()[:-7])
    title(site)
    _assert_same_as_fresh(site)
