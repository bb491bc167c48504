"""The real-content fixture builder's mapping, on small inputs (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.realdata.builder import (
    date_from_name,
    map_18f_post,
    mdx_to_markdown,
    parse_front,
    resolve_url_helpers,
)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("2024-12-5-18f-project-defaults", ("2024-12-05", "18f-project-defaults")),
        ("2014-03-19-hello-world-we-are-18f", ("2014-03-19", "hello-world-we-are-18f")),
        ("2015-1-2-We-Are-Hiring", ("2015-01-02", "We-Are-Hiring")),
        ("no-date-here", None),
    ],
)
def test_date_from_name(stem: str, expected: tuple[str, str] | None) -> None:
    assert date_from_name(stem) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[All]({{ "/" | url }})', "[All](/)"),
        ('![x]({{ "/assets/a.png" | url }})', "![x](/assets/a.png)"),
        ('<img src="{{site.baseurl}}/assets/a.png">', '<img src="/assets/a.png">'),
        ("<a href='{{ site.baseurl }}/x/'>", "<a href='/x/'>"),
        # not a link target: left for sitegen to warn about
        ('{{ "greg" | team_link }} and {% image "a.png" %}', None),
        ('See {{ "/" | url }} here', None),
        ('<img src="{{ image | url }}">', '<img src="/assets/a.png">'),
        ("![x]({{ page.image }}) and {{ image }}", "![x](/assets/a.png) and {{ image }}"),
    ],
)
def test_url_helpers_are_resolved_only_as_link_targets(body: str, expected: str | None) -> None:
    assert resolve_url_helpers(body, "/assets/a.png") == (body if expected is None else expected)


def test_image_variable_stays_when_the_post_has_no_image() -> None:
    body = '![x]({{ image | url }}) <img src="{{ page.image }}">'
    assert resolve_url_helpers(body, None) == body


def test_mdx_imports_and_components_outside_fences() -> None:
    body = (
        'import Callout from "../callout.tsx";\n\n<Form />\n\n<Callout type="warning">\nNote\n'
        '</Callout>\n\n```ts\nimport { db } from "./db";\n<Component {...props} />\n```\n'
    )
    fence = '```ts\nimport { db } from "./db";\n<Component {...props} />\n```\n'
    assert body.endswith(fence)
    assert mdx_to_markdown(body) == "\n\n\n<div>\nNote\n</div>\n\n" + fence


def test_front_matter_keeps_dates_as_written_and_survives_tabs() -> None:
    meta = parse_front("date: 2016-01-05 9:00:06 -0400\nauthors:\n- melody\t\t\n")
    assert meta == {"date": "2016-01-05 9:00:06 -0400", "authors": ["melody"]}


def test_18f_post_mapping(tmp_path: Path) -> None:
    post = tmp_path / "2015-5-21-TockingTime.md"
    post.write_text(
        "---\nlayout: post\ntitle: Tock\nauthors:\n- greg\ntags:\n- how we work\n"
        "excerpt: The *short* version\ndescription: Longer\nhero: true\nimage: /a.png\n"
        "permalink: /2015/05/21/tockingtime/\nredirect_from:\n- /old/tock/\n---\n"
        'Body [home]({{ "/" | url }}) {% image "a.png" %}\n',
        encoding="utf-8",
    )
    taken = {"tockingtime"}
    mapped = map_18f_post(post, taken)
    assert mapped.rel == "content/articles/2015/tockingtime-2015-05-21.md"
    front = mapped.front
    assert front["date"] == "2015-05-21"  # from the file name, zero-padded
    assert front["slug"] == "tockingtime-2015-05-21"  # 'tockingtime' was taken
    assert front["summary"] == "The *short* version"
    assert front["featured"] is True
    assert front["aliases"] == ["/old/tock/", "/2015/05/21/tockingtime/"]
    assert front["extra"] == {"layout": "post", "description": "Longer", "image": "/a.png"}
    assert (front["authors"], front["tags"], front["section"]) == (
        ["greg"],
        ["how we work"],
        "blog",
    )
    assert mapped.body == 'Body [home](/) {% image "a.png" %}\n'
    yaml.safe_dump(front)  # plain data, writable as front matter
