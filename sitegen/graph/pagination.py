"""Pagination as a small pure object: 1-based, always at least one page."""

from __future__ import annotations

from dataclasses import dataclass


def page_path(base: str, number: int) -> str:
    """Site-relative path of page ``number`` of a listing whose first page is ``base``."""
    return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True)
class Pager:
    """Page ``number`` of a listing of ``total`` items, ``per_page`` at a time."""

    base: str
    """Site-relative path of page 1 (``politics/``; ``""`` for the front page)."""
    total: int
    per_page: int
    number: int = 1

    @property
    def count(self) -> int:
        """Number of pages; an empty listing still has one (empty) page."""
        return max(1, -(-self.total // self.per_page))

    @property
    def start(self) -> int:
        """Index of the first item on this page."""
        return (self.number - 1) * self.per_page

    @property
    def end(self) -> int:
        """Index one past the last item on this page."""
        return min(self.start + self.per_page, self.total)

    @property
    def path(self) -> str:
        return page_path(self.base, self.number)

    @property
    def prev_path(self) -> str | None:
        return page_path(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next_path(self) -> str | None:
        return page_path(self.base, self.number + 1) if self.number < self.count else None

    def pages(self) -> list[Pager]:
        """Every page of this listing, in order."""
        return [Pager(self.base, self.total, self.per_page, n) for n in range(1, self.count + 1)]
