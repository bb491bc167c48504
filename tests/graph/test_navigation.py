"""Chronological order, Previous/Next (with overrides and section scope) and Related Posts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from sitegen.content.models import Article
from sitegen.graph.navigation import chronological, neighbours, related

Make = Callable[..., Article]


@pytest.fixture
def art(make_article: Make) -> Make:
    """Short name for the article factory."""
    return make_article


def slugs(articles: list[Article]) -> list[str]:
    return [a.slug for a in articles]


def test_chronological_is_oldest_first(art: Make) -> None:
    items = [art("c", 2), art("a", 0), art("b", 1)]
    assert slugs(chronological(items)) == ["a", "b", "c"]


def test_same_timestamp_ties_break_by_slug_whatever_the_input_order(art: Make) -> None:
    items = [art("zeta"), art("alpha"), art("mid")]
    assert slugs(chronological(items)) == ["alpha", "mid", "zeta"]
    assert slugs(chronological(reversed(items))) == ["alpha", "mid", "zeta"]


def test_same_instant_in_different_offsets_is_a_tie(art: Make) -> None:
    utc = art("b-utc", date=datetime(2021, 1, 14, 8, 20, tzinfo=UTC))
    local = art("a-local")  # 11:20+03:00 is the same instant
    assert slugs(chronological([utc, local])) == ["a-local", "b-utc"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, {"a": (None, "b"), "b": ("a", "c"), "c": ("b", "d"), "d": ("c", None)}),
        (
            {"b": {"previous": "d"}},
            {"a": (None, "b"), "b": ("d", "c"), "c": ("b", "d"), "d": ("c", None)},
        ),
        (
            {"b": {"next": "d"}},
            {"a": (None, "b"), "b": ("a", "d"), "c": ("b", "d"), "d": ("c", None)},
        ),
        (
            {"a": {"previous": "c", "next": "d"}},
            {"a": ("c", "d"), "b": ("a", "c"), "c": ("b", "d"), "d": ("c", None)},
        ),
    ],
)
def test_neighbours_site_wide_with_overrides(
    art: Make,
    overrides: dict[str, dict[str, str]],
    expected: dict[str, tuple[str | None, str | None]],
) -> None:
    ordered = [art(s, i, **overrides.get(s, {})) for i, s in enumerate("abcd")]
    assert neighbours(ordered, by_section=False) == expected


def test_neighbours_within_section(art: Make) -> None:
    ordered = [
        art("p1", 0, section="politics"),
        art("e1", 1, section="economy"),
        art("p2", 2, section="politics"),
        art("n1", 3),
        art("e2", 4, section="economy"),
        art("p3", 5, section="politics", next="e1"),
        art("n2", 6),
    ]
    assert neighbours(ordered, by_section=True) == {
        "p1": (None, "p2"),
        "p2": ("p1", "p3"),
        "p3": ("p2", "e1"),
        "e1": (None, "e2"),
        "e2": ("e1", None),
        "n1": (None, "n2"),
        "n2": ("n1", None),
    }
    site = neighbours(ordered, by_section=False)
    assert site["e1"] == ("p1", "p2")


def _related(article: Article, others: list[Article], count: int = 4) -> tuple[str, ...]:
    """Call ``related`` with indexes built the way the link stage builds them."""
    everyone = chronological([article, *others])
    newest = [a.slug for a in reversed(everyone)]
    by_tag: dict[str, list[str]] = {}
    for a in reversed(everyone):
        for tag in a.tags:
            by_tag.setdefault(tag, []).append(a.slug)
    info = {a.slug: (a.section, i) for i, a in enumerate(everyone)}
    same_section = [s for s in newest if info[s][0] == article.section]
    return related(article, by_tag, same_section, info, count)


def test_related_pins_first_then_shared_tags_then_section(art: Make) -> None:
    me = art("me", 10, section="politics", tags=("iraq", "iran"), related=("pinned",))
    others = [
        art("pinned", 0, section="sport"),
        art("two-tags", 1, section="economy", tags=("iraq", "iran")),
        art("tag-and-section", 2, section="politics", tags=("iraq",)),
        art("one-tag", 3, section="economy", tags=("iran",)),
        art("section-only", 4, section="politics"),
        art("unrelated", 5, section="sport"),
    ]
    assert _related(me, others) == ("pinned", "two-tags", "tag-and-section", "one-tag")
    assert _related(me, others, count=2) == ("pinned", "two-tags")


def test_related_ties_go_to_the_newer_article_then_the_slug(art: Make) -> None:
    me = art("me", 10, tags=("iraq",))
    others = [
        art("old", 0, tags=("iraq",)),
        art("b-new", 5, tags=("iraq",)),
        art("a-new", 5, tags=("iraq",)),
    ]
    # a-new and b-new share a timestamp; chronological order puts b-new later, so it ranks newer.
    assert _related(me, others) == ("b-new", "a-new", "old")


def test_related_fills_from_newest_in_section_and_never_lists_itself(art: Make) -> None:
    me = art("me", 3, section="health", tags=("x",), related=("me", "pin", "pin"))
    others = [
        art("pin", 0),
        art("h1", 1, section="health"),
        art("h2", 2, section="health"),
        art("h3", 4, section="health"),
    ]
    result = _related(me, others)
    assert result == ("pin", "h3", "h2", "h1")
    assert "me" not in result and len(set(result)) == len(result)


def test_related_count_zero_is_empty(art: Make) -> None:
    assert (
        _related(art("me", tags=("x",), related=("a",)), [art("a", 1, tags=("x",))], count=0) == ()
    )
