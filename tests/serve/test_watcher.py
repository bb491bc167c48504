"""The watcher: editor noise ignored, bursts debounced into one rebuild, real file events seen."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from sitegen.serve.watcher import Debouncer, SourceWatcher, is_editor_noise


@pytest.mark.parametrize(
    ("name", "noise"),
    [
        ("story.md", False),
        ("sitegen.yaml", False),
        (".story.md.swp", True),
        ("story.md~", True),
        (".#story.md", True),
        ("#story.md#", True),
        ("4913", True),
        ("story.md___jb_tmp___", True),
    ],
)
def test_editor_noise(name: str, noise: bool) -> None:
    assert is_editor_noise(f"/site/content/articles/{name}") is noise


def test_a_burst_of_pokes_runs_the_action_once() -> None:
    batches: list[tuple[str, ...]] = []
    done = threading.Event()
    debouncer = Debouncer(lambda batch: (batches.append(batch), done.set()), delay=0.2)
    debouncer.start()
    try:
        for name in ("a.md", "b.md", "a.md", "c.md"):
            debouncer.poke(name)
            time.sleep(0.02)
        assert done.wait(5)
        time.sleep(0.4)
    finally:
        debouncer.stop()
    assert batches == [("a.md", "b.md", "c.md")]


def _watch(root: Path) -> tuple[SourceWatcher, Debouncer, list[tuple[str, ...]], threading.Event]:
    batches: list[tuple[str, ...]] = []
    seen = threading.Event()
    debouncer = Debouncer(lambda batch: (batches.append(batch), seen.set()), delay=0.05)
    watcher = SourceWatcher(root, debouncer)
    debouncer.start()
    watcher.start()
    return watcher, debouncer, batches, seen


def test_sources_are_watched_and_output_is_not(tmp_path: Path) -> None:
    for folder in ("content", "static", ".sitegen/preview"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "sitegen.yaml").write_text("title: x\n")
    watcher, debouncer, batches, seen = _watch(tmp_path)
    try:
        (tmp_path / ".sitegen/preview/index.html").write_text("built")
        (tmp_path / "notes.txt").write_text("not a source")
        time.sleep(0.5)
        assert batches == []
        (tmp_path / "content/a.md").write_text("changed")
        assert seen.wait(5)
        seen.clear()
        (tmp_path / "sitegen.yaml").write_text("title: y\n")
        assert seen.wait(5)
        seen.clear()
        (tmp_path / "templates").mkdir()  # created after start: watched from now on
        assert seen.wait(5)
        seen.clear()
        time.sleep(0.3)
        seen.clear()
        (tmp_path / "templates/base.html").write_text("<html></html>")
        assert seen.wait(5)
    finally:
        watcher.stop()
        debouncer.stop()
    changed = {Path(p).relative_to(tmp_path).as_posix() for batch in batches for p in batch}
    assert {"content/a.md", "sitegen.yaml", "templates", "templates/base.html"} <= changed
    assert not any(p.startswith((".sitegen", "notes")) for p in changed)
