"""The Jinja environment's attribute lookup: dict keys first, with stock Jinja's meaning kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup, escape

from sitegen.render.environment import escape_output, make_environment


def _render(source: str, **context: object) -> str:
    env = make_environment([Path("/nonexistent")], "https://example.org/", "/")
    return env.from_string(source).render(context)


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ card.title }}", {"card": {"title": "A <b>"}}, "A &lt;b&gt;"),
        ("{{ card.image.width }}", {"card": {"image": {"width": 640}}}, "640"),
        ("{{ card['title'] }}", {"card": {"title": "T"}}, "T"),
        # A key named like a dict method: ``x.items`` is the method, as in stock Jinja.
        ("{{ d.items() | list | length }}", {"d": {"items": [1, 2, 3], "b": 2}}, "2"),
        ("{{ d['items'] | length }}", {"d": {"items": [1, 2, 3]}}, "3"),
        ("{{ d.get('a') }}", {"d": {"a": "x"}}, "x"),
        ("{{ 'x' if d.missing is defined else 'y' }}", {"d": {}}, "y"),
        ("{{ s.upper() }}", {"s": "abc"}, "ABC"),
    ],
)
def test_lookup(source: str, context: dict[str, object], expected: str) -> None:
    assert _render(source, **context) == expected


def test_missing_key_raises() -> None:
    with pytest.raises(UndefinedError, match="has no attribute 'missing'"):
        _render("{{ d.missing }}", d={"present": 1})


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ url('a/b/') }}|{{ 'a/b/' | url }}", "/sub/a/b/|/sub/a/b/"),
        ("{{ url('') }}|{{ '' | url }}", "/sub/|/sub/"),
        (
            "{{ abs_url('x/') }}|{{ 'x/' | abs_url }}",
            "https://example.org/sub/x/|https://example.org/sub/x/",
        ),
        ("{{ 'https://o.org/p' | abs_url }}", "https://o.org/p"),
        ("{{ p | url }}", "/sub/a&amp;b/"),
    ],
)
def test_url_function_and_filter_agree(source: str, expected: str) -> None:
    env = make_environment([Path("/nonexistent")], "https://example.org/sub/", "/sub/")
    assert env.from_string(source).render(p="a&b/") == expected


@pytest.mark.parametrize(
    "value",
    ["plain", "<a href=\"x\">'&'</a>", "&amp; already", "", 5, 1.5, None, Markup("<b>ok</b>")],
)
def test_escape_output_matches_markupsafe(value: object) -> None:
    assert escape_output(value) == str(escape(value))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ v }}", "&lt;b&gt; &amp; &#34;q&#34; &#39;s&#39;"),
        ("{% set x %}[{{ v }}]{% endset %}{{ x }}", "[&lt;b&gt; &amp; &#34;q&#34; &#39;s&#39;]"),
        (
            "{% macro m(a) %}({{ a }}){% endmacro %}{{ m(v) }}",
            "(&lt;b&gt; &amp; &#34;q&#34; &#39;s&#39;)",
        ),
        ("{{ v | safe }}", "<b> & \"q\" 's'"),
        ("{% autoescape false %}{{ v }}{% endautoescape %}", "<b> & \"q\" 's'"),
        ("{{ m }}", "<i>markup</i>"),
    ],
)
def test_output_is_escaped_once(source: str, expected: str) -> None:
    assert _render(source, v="<b> & \"q\" 's'", m=Markup("<i>markup</i>")) == expected


def test_undefined_output_raises() -> None:
    with pytest.raises(UndefinedError):
        _render("{{ nothing }}")
