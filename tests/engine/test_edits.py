"""The edit path (:mod:`sitegen.engine.edits`): an edit to articles' text is built from the last
build's state without loading the site, and gives what a clean build of the same sources gives;
anything else, and any state it cannot read back, leaves it to the full build.

The differential tests of every article field edited alone are in ``test_every_field.py``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.pipeline import BuildResult
from sitegen.state import STATE_DIR
from tests.conftest import REPO

from .conftest import build_site, copy_example, tree

LANG_MULTI = REPO / "tests" / "sites" / "lang-multi"
OLDER = "content/articles/2020/baghdad-and-erbil-negotiators-resume-talks-on-budget-share.md"
"""An article of the example site deep in its archive (not in the feeds)."""
ARABIC = "content/articles/ar"


def _newest(root: Path) -> Path:
    """The example's newest article: the front page's lead, in every feed of the site."""
    return root / "content/articles/2021/pompeo-says-iran-still-poses-threat-to-iraq.md"


def _edit_body(path: Path, words: str = "One more paragraph.") -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def _edit_title(path: Path, title: str = "A headline </script><b>changed</b>") -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[index] = f"title: {title!r}"
    path.write_text("\n".join(lines), encoding="utf-8")


def _built(tmp_path: Path, kind: str = "example") -> Path:
    if kind == "example":
        root = copy_example(tmp_path / "site")
    else:
        root = Path(shutil.copytree(LANG_MULTI, tmp_path / "site"))
    build_site(root)
    return root


def _clean(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """A clean build of ``root``'s sources as they are now."""
    other = tmp_path / "clean"
    shutil.rmtree(other, ignore_errors=True)
    other.mkdir()
    for part in ("sitegen.yaml", "content", "static", "templates", "locale"):
        source = root / part
        if source.is_dir():
            shutil.copytree(source, other / part)
        elif source.is_file():
            shutil.copy(source, other / part)
    build_site(other, clean=True)
    return tree(other / "public")


def _edited(result: BuildResult) -> bool:
    return "edit" in result.timings


@pytest.mark.parametrize("kind", ["example", "lang-multi"])
def test_a_body_edit_is_built_on_the_edit_path(tmp_path: Path, kind: str) -> None:
    root = _built(tmp_path, kind)
    article = sorted((root / "content" / "articles").rglob("*.md"))[0]
    _edit_body(article)
    result = build_site(root)
    assert _edited(result)
    assert result.report is not None and 1 <= result.report.written <= 20
    assert tree(root / "public") == _clean(root, tmp_path)


def test_the_newest_articles_headline_reaches_feeds_front_page_and_search(tmp_path: Path) -> None:
    """The newest story is in the site's feeds, the front page and the search index: a
    headline edit (with markup that must stay text) reaches them all."""
    root = _built(tmp_path)
    before = tree(root / "public")
    _edit_title(_newest(root))
    result = build_site(root)
    assert _edited(result)
    changed = result.report.changed if result.report else ()
    assert "feed.xml" in changed and "index.html" in changed
    after = tree(root / "public")
    assert any(p.startswith("pagefind/") and before.get(p) != data for p, data in after.items())
    assert after == _clean(root, tmp_path)


def test_edits_in_a_row_and_a_no_op(tmp_path: Path) -> None:
    """Two articles at once (one in Arabic), then another edit, then nothing: each edit on the
    edit path, and the build after them a no-op with the same output."""
    root = _built(tmp_path)
    arabic = sorted((root / ARABIC).rglob("*.md"))[0]
    _edit_body(root / OLDER)
    _edit_body(arabic, "فقرة أخرى.")
    assert _edited(build_site(root))
    _edit_title(root / OLDER, "Negotiators meet again")
    assert _edited(build_site(root))
    after = tree(root / "public")
    again = build_site(root)
    assert "up-to-date" in again.timings and not _edited(again)
    assert again.report is not None and again.report.written == 0
    assert tree(root / "public") == after == _clean(root, tmp_path)


def _draft(root: Path) -> None:
    path = root / OLDER
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1))


def _template(root: Path) -> None:
    _edit_body(root / OLDER)
    template = root / "templates" / "article.html"
    template.parent.mkdir(exist_ok=True)
    shutil.copy(REPO / "sitegen" / "theme" / "templates" / "article.html", template)
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("</article>", "<p>Printed.</p></article>", 1), "utf-8")


def _added(root: Path) -> None:
    _edit_body(root / OLDER)
    text = (root / OLDER).read_text(encoding="utf-8")
    copy = text.replace("title:", "slug: a-copy\ntitle:", 1)
    (root / OLDER).with_name("a-copy.md").write_text(copy, encoding="utf-8")


def _static(root: Path) -> None:
    _edit_body(root / OLDER)
    (root / "static" / "robots-note.txt").write_text("hello\n", encoding="utf-8")


def _tags(root: Path) -> None:
    path = root / OLDER
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("---\n", "---\ntags: [Talks]\n", 1)
        if "tags:" not in text
        else text.replace("tags: [", "tags: [Talks, ", 1),
        encoding="utf-8",
    )


FULL_BUILDS: dict[str, Callable[[Path], None]] = {
    "an article becomes a draft": _draft,
    "a template changed too": _template,
    "an article added": _added,
    "a static file added": _static,
    "tags changed": _tags,
    "the page removed": lambda root: (
        _edit_body(root / OLDER),
        (root / "public" / "2020" / "index.html").unlink(),
    ),
}


@pytest.mark.parametrize("change", sorted(FULL_BUILDS))
def test_other_changes_are_built_in_full(tmp_path: Path, change: str) -> None:
    root = _built(tmp_path)
    FULL_BUILDS[change](root)
    result = build_site(root)
    assert not _edited(result)
    assert tree(root / "public") == _clean(root, tmp_path)


def _base(root: Path) -> Path:
    return next((root / STATE_DIR).glob("editbase-*.json"))


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "edit base truncated": lambda r: _write(_base(r), _base(r).read_bytes()[:200]),
    "edit base garbage": lambda r: _write(_base(r), b"\x00not json\n" * 9),
    "edit base removed": lambda r: _base(r).unlink(),
    "link memo removed": lambda r: (r / STATE_DIR / "link-memo.json").unlink(),
    "plan readers removed": lambda r: (r / STATE_DIR / "plan-readers.sqlite").unlink(),
    "load cache removed": lambda r: shutil.rmtree(r / STATE_DIR / "load-cache"),
    "up-to-date record removed": lambda r: next((r / STATE_DIR).glob("uptodate-*")).unlink(),
    "manifest removed": lambda r: next((r / STATE_DIR).glob("manifest-*")).unlink(),
    "search state removed": lambda r: next((r / STATE_DIR).glob("search-shards-*")).unlink(),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_state_it_cannot_read_back_leaves_the_edit_to_the_full_build(
    tmp_path: Path, damage: str
) -> None:
    """Damaged or missing state: no traceback, and the output equals a clean build."""
    root = _built(tmp_path)
    DAMAGE[damage](root)
    _edit_body(root / OLDER)
    build_site(root)
    assert tree(root / "public") == _clean(root, tmp_path)
    _edit_body(root / OLDER, "And another.")
    assert _edited(build_site(root))  # the full build left state the next edit can use
    assert tree(root / "public") == _clean(root, tmp_path)


def test_a_broken_edit_is_reported_and_the_next_fix_is_an_edit(tmp_path: Path) -> None:
    """Front matter that no longer parses: the full build reports it with its line and leaves
    the output as it was; once fixed, the edit path builds it."""
    from sitegen.errors import ProblemsFound

    root = _built(tmp_path)
    before = tree(root / "public")
    good = (root / OLDER).read_text(encoding="utf-8")
    (root / OLDER).write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        build_site(root)
    assert any(p.file == OLDER and p.line for p in found.value.problems)
    assert tree(root / "public") == before
    (root / OLDER).write_text(good + "\nFixed.\n", encoding="utf-8")
    build_site(root)
    assert tree(root / "public") == _clean(root, tmp_path)
