"""Ordering, Previous/Next Article and Related Posts, over article keys (slugs).

Rule (documented in the README): articles are sorted oldest to newest by (date, slug). Previous
is the next *older* article, Next the next *newer* one, within the whole site or within the
article's section (``navigation: section``). ``previous:``/``next:`` front matter overrides a side.
"""

from __future__ import annotations

from collections import Counter
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
) -> tuple[str, ...]:
    """Pinned ``related:`` slugs first, then by shared tags (x2) and same section (x1).

    ``info`` maps slug -> (section, recency rank, higher is newer). Ties go to the more recent
    article, then to the slug. When too few share a tag, the newest articles of the same section
    (``newest_in_section``) fill the rest.
    """
    chosen = [s for s in dict.fromkeys(article.related) if s != article.slug][:count]
    scores: Counter[str] = Counter()
    for tag in article.tags:
        for slug in by_tag.get(tag, ()):
            scores[slug] += 2
    excluded = {article.slug, *chosen}

    def key(slug: str) -> tuple[int, int, str]:
        section, rank = info[slug]
        return (-scores[slug] - (section == article.section), -rank, slug)

    chosen += sorted((s for s in scores if s not in excluded), key=key)[: count - len(chosen)]
    for slug in newest_in_section:
        if len(chosen) >= count:
            break
        if slug not in excluded and slug not in chosen:
            chosen.append(slug)
    return tuple(chosen[:count])
