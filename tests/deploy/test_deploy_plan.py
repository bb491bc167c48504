"""The shared plan: local inventory, the diff, the delete guard, writing order."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sitegen.deploy.plan import (
    DeployError,
    LocalFile,
    Plan,
    Run,
    diff,
    inventory,
    review,
    upload_order,
)


def _local(path: str, data: bytes) -> LocalFile:
    return LocalFile(path, Path("/nowhere") / path, len(data), hashlib.md5(data).hexdigest())


def _same(local: LocalFile, remote_md5: str) -> bool:
    return local.md5 == remote_md5


SITE = {p: _local(p, p.encode()) for p in ("b.html", "a.css", "c/d.html")}
ALL = ("a.css", "b.html", "c/d.html")
MATCHING = {p: f.md5 for p, f in SITE.items()}


@pytest.mark.parametrize(
    ("remote", "delete", "force", "expected"),
    [
        ({}, True, False, Plan(ALL, (), (), 0)),
        (MATCHING, True, False, Plan((), (), (), 3)),
        (MATCHING, True, True, Plan((), ALL, (), 0)),
        (
            {"b.html": "old", "a.css": SITE["a.css"].md5, "z.html": "x", "e/f.js": "y"},
            True,
            False,
            Plan(("c/d.html",), ("b.html",), ("e/f.js", "z.html"), 1),
        ),
        ({"z.html": "x"}, False, False, Plan(ALL, (), (), 0)),
    ],
)
def test_diff(remote: dict[str, str], delete: bool, force: bool, expected: Plan) -> None:
    assert diff(SITE, remote, _same, delete=delete, force=force) == expected


def test_diff_asks_same_only_for_paths_on_both_sides() -> None:
    asked: list[str] = []

    def same(local: LocalFile, remote: str) -> bool:
        asked.append(local.path)
        return True

    diff(SITE, {"a.css": "?", "gone.html": "?"}, same)
    assert asked == ["a.css"]


def test_inventory_hashes_every_file(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.html").write_bytes(b"hello")
    (tmp_path / "index.html").write_bytes(b"")
    found = inventory(tmp_path)
    assert list(found) == ["a/b/x.html", "index.html"]
    assert found["a/b/x.html"] == LocalFile(
        "a/b/x.html", tmp_path / "a/b/x.html", 5, hashlib.md5(b"hello").hexdigest()
    )


def test_inventory_reports_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "dangling.html").symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(DeployError, match="cannot read .*dangling.html"):
        inventory(tmp_path)


def test_inventory_of_missing_output_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DeployError, match="does not exist"):
        inventory(tmp_path / "public")


def _run(lines: list[str], *, dry_run: bool = False, max_deletes: int | None = None) -> Run:
    return Run({}, dry_run, False, max_deletes, lines.append)


@pytest.mark.parametrize(
    ("deletes", "limit", "override", "allowed"),
    [(2, 2, None, True), (3, 2, None, False), (3, 2, 3, True), (1, 5, 0, False)],
)
def test_delete_guard(deletes: int, limit: int, override: int | None, allowed: bool) -> None:
    plan = Plan((), (), tuple(f"{i}.html" for i in range(deletes)), 0)
    lines: list[str] = []
    if allowed:
        assert review(_run(lines, max_deletes=override), "there", plan, limit)
    else:
        with pytest.raises(DeployError, match="nothing was changed"):
            review(_run(lines, max_deletes=override), "there", plan, limit)
    assert f"0 to upload, 0 to update, {deletes} to delete, 0 unchanged" in "\n".join(lines)


def test_review_prints_the_plan_before_anything_and_dry_run_stops() -> None:
    lines: list[str] = []
    plan = Plan(("new.html",), ("changed.css",), ("old.html",), 4)
    assert not review(_run(lines, dry_run=True), "folder /x", plan, 10)
    assert lines == [
        "Dry run: deploy to folder /x",
        "  1 to upload, 1 to update, 1 to delete, 4 unchanged\n"
        "  + new.html\n  ~ changed.css\n  - old.html",
        "Dry run: nothing was changed.",
    ]


def test_review_of_an_empty_plan_does_nothing() -> None:
    lines: list[str] = []
    assert not review(_run(lines), "there", Plan((), (), (), 3), 0)
    assert lines[-1] == "Already up to date."


def test_pages_are_written_after_assets() -> None:
    paths = ["index.html", "z.css", "feed.xml", "a/b.jpg", "data.json", "a/index.html"]
    assert upload_order(paths) == [
        "a/b.jpg",
        "z.css",
        "a/index.html",
        "data.json",
        "feed.xml",
        "index.html",
    ]
