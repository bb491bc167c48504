"""Pagination: 1-based, at least one page, prev/next paths, page slices."""

from __future__ import annotations

import pytest

from sitegen.graph.pagination import Pager, page_path


@pytest.mark.parametrize(
    ("base", "number", "path"),
    [
        ("", 1, ""),
        ("", 2, "page/2/"),
        ("politics/", 1, "politics/"),
        ("tag/iraq/", 3, "tag/iraq/page/3/"),
    ],
)
def test_page_path(base: str, number: int, path: str) -> None:
    assert page_path(base, number) == path


@pytest.mark.parametrize(
    ("total", "per_page", "count"),
    [(0, 10, 1), (1, 10, 1), (10, 10, 1), (11, 10, 2), (31, 5, 7), (30, 5, 6), (3, 1, 3)],
)
def test_count(total: int, per_page: int, count: int) -> None:
    assert Pager("x/", total, per_page).count == count


@pytest.mark.parametrize(
    ("number", "start", "end", "prev", "next_"),
    [
        (1, 0, 5, None, "s/page/2/"),
        (2, 5, 10, "s/", "s/page/3/"),
        (3, 10, 12, "s/page/2/", None),
    ],
)
def test_pages_of_twelve_by_five(
    number: int, start: int, end: int, prev: str | None, next_: str | None
) -> None:
    pager = Pager("s/", 12, 5, number)
    assert (pager.start, pager.end, pager.prev_path, pager.next_path) == (start, end, prev, next_)


def test_empty_listing_has_one_page_without_links() -> None:
    pager = Pager("tag/x/", 0, 10)
    assert [p.number for p in pager.pages()] == [1]
    assert (pager.start, pager.end, pager.prev_path, pager.next_path) == (0, 0, None, None)


def test_pages_cover_every_item_once() -> None:
    pages = Pager("", 23, 4).pages()
    covered = [i for p in pages for i in range(p.start, p.end)]
    assert covered == list(range(23))
    assert [p.path for p in pages][:3] == ["", "page/2/", "page/3/"]
