"""The permalink pattern: only the documented placeholders, no format tricks, no traversal."""

from __future__ import annotations

import pytest

from sitegen.text.permalinks import fill, parse_permalink

VALUES = {"year": "2021", "month": "01", "day": "14", "slug": "story", "section": "politics"}


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("/{year}/{month}/{slug}/", "/2021/01/story/"),
        ("/{section}/{year}-{month}-{day}-{slug}/", "/politics/2021-01-14-story/"),
        ("/{slug}/", "/story/"),
        ("/news/{slug}.html/", "/news/story.html/"),
        ("/ئەرشیف/{slug}/", "/ئەرشیف/story/"),
    ],
)
def test_documented_placeholders_are_filled(pattern: str, path: str) -> None:
    assert fill(parse_permalink(pattern), VALUES) == path


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("/{slug.__class__}/{slug}/", "{slug.__class__} is not a placeholder"),
        ("/{slug.__class__.__init__.__globals__}/", "is not a placeholder"),
        ("/{slug[0]}/{slug}/", "{slug[0]} is not a placeholder"),
        ("/{year}/{foo}/{slug}/", "{foo} is not a placeholder"),
        ("/{0}/{slug}/", "{0} is not a placeholder"),
        ("/{}/{slug}/", "{} is not a placeholder"),
        ("/{slug!r}/", "{slug!r} is not a placeholder"),
        ("/{slug:>40}/", "{slug:>40} is not a placeholder"),
        ("/{year:%Y}/{slug}/", "is not a placeholder"),
        ("/../../{slug}/", "'..' is not allowed"),
        ("/{year}/../{slug}/", "'..' is not allowed"),
        ("/./{slug}/", "'.' is not allowed"),
        ("//{slug}/", "an empty segment"),
        ("/{slug}?page=1/", "is not allowed"),
        ("/{slug}#top/", "is not allowed"),
        ("/%2e%2e/{slug}/", "is not allowed"),
        ("/a b/{slug}/", "is not allowed"),
        ("/{{slug}}/{slug}/", "is not allowed"),
        ("/{slug/", "unmatched"),
        ("/{year}/", "must contain {slug}"),
        ("{slug}/", "must start and end with '/'"),
        ("/{slug}", "must start and end with '/'"),
    ],
)
def test_anything_else_is_refused(pattern: str, says: str) -> None:
    with pytest.raises(ValueError, match=None) as caught:
        parse_permalink(pattern)
    assert says in str(caught.value)
