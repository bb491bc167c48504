"""Ordering, Previous/Next Article and Related Posts, over article keys (slugs).

Rule (documented in docs/writing.md): articles are sorted oldest to newest by (date, slug). Previous
is the next *older* article, Next the next *newer* one, within the whole site or within the
article's section (``navigation: section``). ``previous:``/``next:`` front matter overrides a side.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

from sitegen.content.models import Article


def chronological(articles: Iterable[Article]) -> list[Article]:
    """Oldest first, ties broken by slug: a total, deterministic order."""
    return sorted(articles, key=lambda a: (a.date, a.slug))


def neighbours(
    ordered: Sequence[Article], by_section: bool
) -> dict[str, tuple[str | None, str | None]]:
    """``slug -> (previous, next)`` from a bookended walk over the chronological list."""
    groups: dict[str | None, list[Article]] = {}
    for article in ordered:
        groups.setdefault(article.section if by_section else None, []).append(article)
    result: dict[str, tuple[str | None, str | None]] = {}
    for group in groups.values():
        slugs: list[str | None] = [None, *(a.slug for a in group), None]
        for older, current, newer in zip(slugs, slugs[1:], slugs[2:], strict=False):
            assert current is not None
            result[current] = (older, newer)
    for article in ordered:
        older, newer = result[article.slug]
        result[article.slug] = (article.previous or older, article.next or newer)
    return result


def related(
    article: Article,
    by_tag: Mapping[str, Sequence[str]],
    newest_in_section: Sequence[str],
    info: Mapping[str, tuple[str | None, int]],
    count: int,
    tag_sets: Mapping[str, frozenset[str]] | None = None,
) -> tuple[str, ...]:
    """Pinned ``related:`` slugs first, then by shared tags (x2) and same section (x1).

    ``info`` maps slug -> (section, recency rank, higher is newer). Ties go to the more recent
    article, then to the slug. When too few share a tag, the newest articles of the same section
    (``newest_in_section``) fill the rest.
    """
    chosen = [s for s in dict.fromkeys(article.related) if s != article.slug][:count]
    excluded = {article.slug, *chosen}
    tags = [t for t in dict.fromkeys(article.tags) if t in by_tag]
    lists = [by_tag[t] for t in tags]
    sets = [tag_sets[t] if tag_sets else frozenset(by_tag[t]) for t in tags]
    # Two or more shared tags outrank any single shared tag (score >= 4 > 3). Pairwise set
    # intersections find those few at C speed; nothing loops over every candidate.
    several: set[str] = set()
    for i, first in enumerate(sets):
        for second in sets[i + 1 :]:
            several |= first & second
    several -= excluded

    def key(slug: str) -> tuple[int, int, str]:
        section, rank = info[slug]
        shared = sum(slug in tag_set for tag_set in sets)
        return (-2 * shared - (section == article.section), -rank, slug)

    chosen += sorted(several, key=key)[: count - len(chosen)]
    if len(chosen) < count:
        chosen += _single_tag(article, lists, several | excluded, info, count - len(chosen))
    for slug in newest_in_section:
        if len(chosen) >= count:
            break
        if slug not in excluded and slug not in chosen:
            chosen.append(slug)
    return tuple(chosen[:count])


def _single_tag(
    article: Article,
    lists: list[Sequence[str]],
    skip: set[str],
    info: Mapping[str, tuple[str | None, int]],
    wanted: int,
) -> list[str]:
    """The best ``wanted`` articles sharing exactly one tag: same section first, newest first.

    The tag lists are newest first, so a lazy merge visits only as many as it needs.
    """
    same: list[str] = []
    other: list[str] = []
    for slug in heapq.merge(*lists, key=lambda s: -info[s][1]):
        if slug in skip:
            continue
        if info[slug][0] == article.section:
            same.append(slug)
            if len(same) >= wanted:
                break
        elif len(other) < wanted:
            other.append(slug)
    return (same + other)[:wanted]
