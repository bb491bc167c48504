"""The rendered-Markdown cache: a body's HTML is reused while the pipeline is the same, and any
change to the pipeline (libraries, extensions, sitegen's Markdown code) gives new keys."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import sitegen.digests
from sitegen.content import markdown as md_module
from sitegen.engine import executor
from sitegen.engine.executor import _CachedMarkdown

BODY = "A *body* with a [link](/a/)."


def _plant(cache: Path, salt: str, html: str) -> None:
    """Store ``html`` as the cached rendering of BODY under ``salt``."""
    key = hashlib.sha256((salt + BODY).encode()).hexdigest()
    path = cache / key[:2] / key
    path.parent.mkdir(parents=True)
    path.write_text(hashlib.sha256(html.encode()).hexdigest() + "\n" + html, encoding="utf-8")


def test_cached_html_is_reused_under_the_same_key(tmp_path: Path) -> None:
    _plant(tmp_path, md_module.RENDERER_KEY + "\0", "<p>from the cache</p>")
    assert _CachedMarkdown(tmp_path).to_html(BODY) == "<p>from the cache</p>"


def test_another_pipeline_key_renders_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant(tmp_path, md_module.RENDERER_KEY + "\0", "<p>from the cache</p>")
    monkeypatch.setattr(executor, "RENDERER_KEY", md_module.RENDERER_KEY + "|changed")
    html = _CachedMarkdown(tmp_path).to_html(BODY)
    assert html == '<p>A <em>body</em> with a <a href="/a/">link</a>.</p>'


@pytest.mark.parametrize("module", md_module.MARKDOWN_CODE)
def test_the_key_follows_sitegen_markdown_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    files = md_module.MARKDOWN_CODE
    package = Path(sitegen.digests.__file__).parent
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(package / name, tmp_path / name)
    monkeypatch.setattr(sitegen.digests, "_PACKAGE", tmp_path)
    before = sitegen.digests.source_digest(*files)
    with (tmp_path / module).open("a", encoding="utf-8") as changed:
        changed.write("\n# a change\n")
    assert sitegen.digests.source_digest(*files) != before
    assert md_module.RENDERER_KEY.endswith("|" + before)  # the key is made of that digest
