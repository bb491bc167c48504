"""Pure conversions: loose dates, shortcodes and Liquid tags, WordPress paragraphs, front matter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from sitegen.importers.dates import parse_loose
from sitegen.importers.frontmatter import parse
from sitegen.importers.media import safe_relative
from sitegen.importers.naming import alias_candidate
from sitegen.importers.report import Report
from sitegen.importers.templates import Context, convert_hugo, convert_liquid
from sitegen.importers.wphtml import autop, to_markdown

EST = timezone(timedelta(hours=-4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-01-05 9:00:06 -0400", datetime(2016, 1, 5, 9, 0, 6, tzinfo=EST)),
        ("2015-05-21 9:30:00 -4", datetime(2015, 5, 21, 9, 30, tzinfo=EST)),
        ("2015-5-1", datetime(2015, 5, 1, tzinfo=UTC)),
        ("2014-03-19T10:14:29-04:00", datetime(2014, 3, 19, 10, 14, 29, tzinfo=EST)),
        ("2021-07-01T12:00:00.000Z", datetime(2021, 7, 1, 12, tzinfo=UTC)),
        ("yesterday", None),
        ("2021-13-01", None),
    ],
)
def test_loose_dates(text: str, expected: datetime | None) -> None:
    assert parse_loose(text, UTC) == expected


def _ctx(report: Report, **fields: object) -> Context:
    links = {"posts/b.md": "/2020/05/b/", "2016-01-06-second": "/2016/01/second/"}
    return Context("post.md", 10, links, dict(fields), report)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[B]({{< ref "posts/b.md#part" >}})', "[B](/2020/05/b/#part)"),
        ('{{< relref "/posts/b" >}}', "/2020/05/b/"),
        ("{{</* youtube x */>}}", "{{< youtube x >}}"),
        ('{{< tweet user="GoHugoIO" id="1315233626070503424" >}}', "twitter.com/GoHugoIO/status/"),
        ("{{< gist spf13 7896402 >}}", "https://gist.github.com/spf13/7896402"),
        ("{{< highlight go >}}\nx := 1\n{{< /highlight >}}", "```go\nx := 1\n```"),
        ('{{< figure src="/a.png" title="T" >}}', '<img src="/a.png" alt="T">'),
    ],
)
def test_hugo_shortcodes(body: str, expected: str) -> None:
    report = Report()
    assert expected in convert_hugo(body, _ctx(report))
    assert report.converted == 1 and report.leftovers == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[x]({% post_url 2016-01-06-second %})", "[x](/2016/01/second/)"),
        ('![A]({{ "/img/a.png" | relative_url }})', "![A](/img/a.png)"),
        ("{{ site.baseurl }}/about/", "/about/"),
        ("{% raw %}{{ keep }}{% endraw %}", "{{ keep }}"),
        ("a{% comment %}hidden{% endcomment %}b", "ab"),
        ('{% image "assets/a.jpg" "An A" %}', "![An A](/assets/a.jpg)"),
        ("{% youtube ZJthWmvUzzc %}", "youtube-nocookie.com/embed/ZJthWmvUzzc"),
        ('{% img left /images/a.png 300 200 "Title" "Alt text" %}', "![Alt text](/images/a.png"),
        ("{{ page.image }}", "/lead.jpg"),
    ],
)
def test_liquid_tags(body: str, expected: str) -> None:
    report = Report()
    assert expected in convert_liquid(body, _ctx(report, image="/lead.jpg"))
    assert report.converted >= 1 and report.leftovers == 0


def test_unknown_tags_stay_and_are_reported_with_their_line() -> None:
    report = Report()
    body = "one\n\n{% include card.html %}\n\nSee [team]({{ 'x' | team_link }}) now.\n"
    out = convert_liquid(body, _ctx(report))
    assert "{% include card.html %}" in out
    assert "See team now." in out  # a link to nowhere: text kept, link removed
    where = sorted(e.where for e in report.entries)
    assert where == ["post.md:12", "post.md:14"]


def test_autop_matches_wordpress_for_pelicans_encoded_and_decoded_pair(realdata: Path) -> None:
    folder = realdata / "pelican-wxr/pelican/tests/content"
    encoded = (folder / "wordpress_content_encoded").read_text(encoding="utf-8")
    decoded = (folder / "wordpress_content_decoded").read_text(encoding="utf-8")
    assert to_markdown(autop(encoded), str)[0] == to_markdown(decoded, str)[0]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ('+++\ntitle = "A"\ntags = ["x"]\n+++\nBody\n', {"title": 2, "tags": 3}),
        ("\n---\ntitle: A\ndate: 2020-01-01\n---\nBody\n", {"title": 3, "date": 4}),
        ('{\n  "title": "A",\n  "draft": true\n}\nBody\n', {"title": 2, "draft": 3}),
    ],
    ids=["toml", "yaml-after-a-blank-line", "json"],
)
def test_front_matter_kinds(text: str, keys: dict[str, int]) -> None:
    parsed = parse(text)
    assert parsed is not None and parsed.body.strip() == "Body"
    assert {k: parsed.lines[k] for k in keys} == keys


@pytest.mark.parametrize(
    ("raw", "alias"),
    [
        ("https://old.example/2019/05/story/", "/2019/05/story/"),
        ("/news/story.html", "/news/story.html"),
        ("/2019/05/story", "/2019/05/story/"),
        ("/%D8%B3%D9%84%D8%A7%D9%85/", "/سلام/"),
        ("/?p=12", None),
        ("/feed.php", None),
        ("/a/../../b/", None),
    ],
)
def test_old_urls_as_aliases(raw: str, alias: str | None) -> None:
    assert alias_candidate(raw, "/")[0] == alias


@pytest.mark.parametrize(
    ("path", "clean"),
    [("2020/01/a.jpg", "2020/01/a.jpg"), ("../a.jpg", None), ("/etc/passwd", None),
     ("a/%2e%2e/%2e%2e/b", None), ("C:/x", None), ("a//b.png", "a/b.png")],
)  # fmt: skip
def test_paths_from_the_input_cannot_climb_out(path: str, clean: str | None) -> None:
    assert safe_relative(path) == clean
