"""The link memo (``.sitegen/link-memo.json``) stores the structure with each article named by
its place in the newest-first order: read back, it gives the same site as linking afresh, and a
file whose places do not name an article (crafted with a valid checksum) only makes the build
link again."""

from __future__ import annotations

import base64
import json
import shutil
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen.errors import ProblemsFound
from sitegen.state import STATE_DIR
from sitegen.state.files import read_data, write_data
from tests.conftest import REPO

from .conftest import build_site, copy_example, tree

MEMO = "link-memo.json"
LANG_MULTI = REPO / "tests" / "sites" / "lang-multi"


def _copy(kind: str, dest: Path) -> Path:
    if kind == "example":
        return copy_example(dest)
    return Path(shutil.copytree(LANG_MULTI, dest))


def _first_article(root: Path) -> Path:
    return sorted((root / "content" / "articles").rglob("*.md"))[0]


def _edit_body(root: Path) -> None:
    path = _first_article(root)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", "utf-8")


def _header(memo: Path) -> tuple[str, int]:
    head = json.loads(memo.read_bytes().split(b"\n", 1)[0])
    return head["kind"], head["version"]


def _clean_edited(kind: str, tmp_path: Path) -> dict[str, bytes]:
    other = _copy(kind, tmp_path / "clean")
    _edit_body(other)
    build_site(other, clean=True)
    return tree(other / "public")


@pytest.mark.parametrize("kind", ["example", "lang-multi"])
def test_a_body_edit_reads_the_structure_back(tmp_path: Path, kind: str) -> None:
    """A body edit keeps every article's shape: the memo is read back, not written again, and
    the output (listings, neighbours, Related Posts, translations) equals a clean build's."""
    root = _copy(kind, tmp_path / "site")
    build_site(root)
    memo = root / STATE_DIR / MEMO
    written = memo.stat().st_mtime_ns
    _edit_body(root)
    build_site(root)
    assert memo.stat().st_mtime_ns == written
    assert tree(root / "public") == _clean_edited(kind, tmp_path)


def _edited(holder: list[Any], index: int, change: Callable[[list[int]], None]) -> None:
    """Change the places packed in ``holder[index]`` (base64 of 32-bit little-endian integers,
    as the memo stores them)."""
    data = base64.b64decode(holder[index])
    places = list(struct.unpack(f"<{len(data) // 4}i", data))
    change(places)
    holder[index] = base64.b64encode(struct.pack(f"<{len(places)}i", *places)).decode()


def _home(value: Any) -> list[Any]:
    home: list[Any] = value[1][4]  # (key, packed): the home listing; its places at 4
    return home


CRAFTED: dict[str, Callable[[Any], None]] = {
    "listing place past the end": lambda v: _edited(_home(v), 4, lambda p: p.append(10**6)),
    "negative listing place": lambda v: _edited(_home(v), 4, lambda p: p.append(-1)),
    "neighbour below -1": lambda v: _edited(v[1][2], 1, lambda p: p.__setitem__(0, -7)),
    "related place past the end": lambda v: _edited(
        v[1][3], 2, lambda p: p.__setitem__(0, len(v[1][0]))
    ),
    "fewer paths than keys": lambda v: v[1][1][1].pop(),
    "fewer neighbours than keys": lambda v: _edited(v[1][2], 2, lambda p: p.pop()),
    "fewer related lists than keys": lambda v: _edited(v[1][3], 1, lambda p: p.pop()),
    "related list starting past the end": lambda v: _edited(
        v[1][3], 1, lambda p: p.__setitem__(-1, 10**6)
    ),
    "places cut mid-number": lambda v: v[1][2].__setitem__(
        1, base64.b64encode(base64.b64decode(v[1][2][1])[:-1]).decode()
    ),
}


@pytest.mark.parametrize("damage", sorted(CRAFTED))
def test_a_crafted_memo_only_makes_the_build_link_again(tmp_path: Path, damage: str) -> None:
    root = _copy("lang-multi", tmp_path / "site")
    build_site(root)
    memo = root / STATE_DIR / MEMO
    kind, version = _header(memo)
    value = read_data(memo, kind, version, list[Any])
    assert value is not None
    CRAFTED[damage](value)
    write_data(memo, kind, version, value)  # a valid checksum over the crafted payload
    _edit_body(root)
    build_site(root)
    assert tree(root / "public") == _clean_edited("lang-multi", tmp_path)
    assert read_data(memo, kind, version, list[Any]) != value  # linked again and replaced


def test_a_build_stopped_by_a_broken_article_leaves_the_memo(tmp_path: Path) -> None:
    """Loading found a problem: the build links what it could (to report every problem) but
    keeps the memo, which the build after the fix reads back."""
    root = _copy("example", tmp_path / "site")
    build_site(root)
    memo = root / STATE_DIR / MEMO
    kept = memo.read_bytes(), memo.stat().st_mtime_ns
    path = _first_article(root)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound):
        build_site(root)
    assert (memo.read_bytes(), memo.stat().st_mtime_ns) == kept
    path.write_text(good + "\nOne more paragraph.\n", encoding="utf-8")
    build_site(root)
    assert (memo.read_bytes(), memo.stat().st_mtime_ns) == kept
    assert tree(root / "public") == _clean_edited("example", tmp_path)
