"""Plan and render read nothing of the site's sources: what they need comes from the load stage.

The stages are run one after the other on a scratch site while an audit hook records every file
Python opens and every folder it lists; between the start of planning and the end of rendering,
nothing under ``content/``, ``static/``, ``locale/``, the theme's assets or ``sitegen.yaml``
may be opened or listed (templates are read by Jinja as pages are rendered, and state under
``.sitegen/`` is read through SQLite).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitegen.config import load_config
from sitegen.content.loader import load_content
from sitegen.content.sitefiles import read_site_files
from sitegen.engine.contexts import Contexts
from sitegen.engine.executor import RenderSettings, render_jobs
from sitegen.engine.jobs import CopyJob, PictureJob
from sitegen.engine.plan import make_plan
from sitegen.graph.site import link
from sitegen.render.environment import THEME_DIR, template_dirs
from sitegen.state import layout
from tests.conftest import REPO, copy_example, copy_fixture_site

from .conftest import BUILD_TIME

_recorded: list[str] | None = None
"""The paths opened or listed while recording; None: not recording (an audit hook cannot be
removed once added, so it stays installed and this flag turns it on and off)."""
_installed = False


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _recorded is None or event not in ("open", "os.scandir", "os.listdir"):
        return
    path = args[0] if args else None
    if isinstance(path, str | bytes | Path):
        _recorded.append(str(Path(path.decode() if isinstance(path, bytes) else path).resolve()))


@contextmanager
def _recording() -> Iterator[list[str]]:
    global _recorded, _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    found: list[str] = []
    _recorded = found
    try:
        yield found
    finally:
        _recorded = None


def _example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "site")


def _multilingual(tmp_path: Path) -> Path:
    site = copy_fixture_site("lang-multi", tmp_path / "site")
    shutil.copytree(REPO / "locale", site / "locale")  # site catalogues to (not) read
    return site


@pytest.mark.parametrize("make_site", [_example, _multilingual], ids=["example", "lang-multi"])
def test_plan_and_render_read_no_source(tmp_path: Path, make_site: Callable[[Path], Path]) -> None:
    site = make_site(tmp_path)
    config = load_config(site)
    loaded = load_content(site, config, layout.load_cache(site))
    files = read_site_files(site, config, loaded.articles, THEME_DIR / "static")
    graph, problems = link(loaded, config, BUILD_TIME, False, False)
    assert graph is not None and not problems and not loaded.problems
    assert any(article.body is None for article in loaded.articles)  # bodies are read back
    settings = RenderSettings(
        tuple(str(d) for d in template_dirs(site)), config.base_url, config.base_path
    )
    with _recording() as opened:
        plan, _ = make_plan(graph, files, loaded.bodies)
        assert not plan.problems
        contexts = Contexts(graph, files, plan.assets, loaded.bodies)
        pages = [job for job in plan.jobs if not isinstance(job, CopyJob | PictureJob)]
        results, failed = render_jobs(pages, contexts, settings, workers=1)
    assert not failed and len(results) == len(pages) > 10
    sources = [site / part for part in ("content", "static", "locale", "sitegen.yaml")]
    sources.append(THEME_DIR / "static")
    read = sorted(
        {path for path in opened if any(path.startswith(str(s.resolve())) for s in sources)}
    )
    assert read == []
    # the recording does see what is read: the templates, as pages are rendered
    assert any(path.startswith(str(THEME_DIR / "templates")) for path in opened)
