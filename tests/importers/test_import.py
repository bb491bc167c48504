"""``sitegen import`` on small inputs written here: refusals, re-runs, Jekyll and Hugo details."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitegen.importers.model import ImportRefused
from sitegen.importers.writer import inside
from tests.importers.conftest import REPO, articles, checked_and_built, front, sitegen

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>
"""
BROKEN = '<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</title>\n</channel></rss>\n'


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (BOMB, 3, "declares the XML entity 'lol'"),
        (EXTERNAL, 2, "external entity"),
        (BROKEN, 4, "not well-formed XML (mismatched tag)"),
    ],
    ids=["entity-bomb", "external-entity", "not-well-formed"],
)
def test_hostile_or_broken_xml_is_refused_and_nothing_written(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    export = tmp_path / "export.xml"
    export.write_text(text, encoding="utf-8")
    new = tmp_path / "new-site"
    run = sitegen("import", "wordpress", str(export), "--into", str(new))
    assert run.code == 1
    assert f"Error: export.xml:{line}: " in run.stderr and words in run.stderr
    assert "Traceback" not in run.stderr and not new.exists()
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "sitegen.yaml", site / "sitegen.yaml")
    before = _tree(site)
    assert sitegen("import", "wordpress", str(export), "--into", str(site)).code == 1
    assert _tree(site) == before


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Daily</title><link>https://daily.example</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://daily.example</wp:base_blog_url>
<wp:author><wp:author_login>rk</wp:author_login>
<wp:author_display_name><![CDATA[Rebin Karim]]></wp:author_display_name></wp:author>
<wp:category><wp:category_nicename>politics</wp:category_nicename>
<wp:cat_name><![CDATA[Politics]]></wp:cat_name></wp:category>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><link>https://daily.example{link}</link>
<dc:creator>rk</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date>2021-01-14 11:20:00</wp:post_date>
<wp:post_date_gmt>2021-01-14 08:20:00</wp:post_date_gmt>
<wp:post_name>{name}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_type>{type}</wp:post_type>
<category domain="category" nicename="politics"><![CDATA[Politics]]></category>
{extra}</item>"""


def _wxr(path: Path, *items: dict[str, str]) -> Path:
    defaults = {"link": "/", "content": "Text.", "status": "publish", "type": "post", "extra": ""}
    body = "\n".join(ITEM.format(**{**defaults, **item}) for item in items)
    path.write_text(WXR.replace("{items}", body), encoding="utf-8")
    return path


def test_wordpress_details_shortcodes_statuses_and_dates(tmp_path: Path) -> None:
    content = (
        "First paragraph.\n\nSecond one.<!--more-->\n\n"
        '[caption id="a" width="300"]<img src="https://x.example/a.jpg" alt="Ruins" /> '
        "The old citadel[/caption]\n\n[embed]https://www.youtube.com/watch?v=ZJthWmvUzzc[/embed]"
        '\n\n[contact-form to="x@y"]\n\nhttps://vimeo.com/48912912\n\n[citation needed]'
    )
    export = _wxr(
        tmp_path / "e.xml",
        {"title": "Budget passes", "link": "/2021/01/budget/", "content": content,
         "id": "1", "name": "budget"},
        {"title": "Budget passes", "link": "/?p=2", "id": "2", "name": "budget"},
        {"title": "Plans", "id": "3", "name": "plans", "status": "future"},
        {"title": "Secret", "id": "4", "name": "secret", "status": "private"},
        {"title": "Gone", "id": "5", "name": "gone", "status": "trash"},
        {"title": "Escape", "id": "6", "name": "../../../etc/passwd"},
    )  # fmt: skip
    site = tmp_path / "site"
    run = sitegen("import", "wordpress", str(export), "--into", str(site))
    assert run.code == 0, run.stderr
    assert "3 shortcodes converted, 1 left in place" in run.stderr
    found = articles(site)
    assert set(found) == {"budget", "budget-2", "plans", "secret", "etc-passwd"}
    budget = found["budget"].read_text(encoding="utf-8")
    assert "<figcaption>The old citadel</figcaption>" in budget
    assert "youtube-nocookie.com/embed/ZJthWmvUzzc" in budget
    assert "player.vimeo.com/video/48912912" in budget
    assert '[contact-form to="x@y"]' in budget and "[citation needed]" in budget
    meta = front(found["budget"])
    assert meta["date"] == "2021-01-14T11:20:00+03:00" and meta["author"] == "Rebin Karim"
    assert meta["summary"] == "First paragraph. Second one." and meta["section"] == "politics"
    assert front(found["secret"])["draft"] is True
    assert "draft" not in front(found["plans"])
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "`e.xml:" in report and '`[contact-form to="x@y"]`' in report
    assert "status 'trash' is not imported" in report
    assert "slug 'budget' is taken" in report
    assert not (tmp_path / "etc").exists()
    checked_and_built(site)


def test_rerun_keeps_edits_and_force_overwrites(tmp_path: Path) -> None:
    export = _wxr(tmp_path / "e.xml", {"title": "One", "id": "1", "name": "one"})
    site = tmp_path / "site"
    assert sitegen("import", "wordpress", str(export), "--into", str(site)).code == 0
    article = articles(site)["one"]
    first = article.read_bytes()
    again = sitegen("import", "wordpress", str(export), "--into", str(site))
    assert "0 written, 1 unchanged, 0 left" in again.stderr and article.read_bytes() == first
    article.write_bytes(first + b"\nAn editor's addition.\n")
    kept = sitegen("import", "wordpress", str(export), "--into", str(site))
    assert "0 written, 0 unchanged, 1 left" in kept.stderr
    assert article.read_bytes().endswith(b"An editor's addition.\n")
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "was edited since the import; left as it is" in report
    forced = sitegen("import", "wordpress", str(export), "--into", str(site), "--force")
    assert "1 written" in forced.stderr and article.read_bytes() == first


def test_import_into_an_existing_site_keeps_its_config_comments(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert sitegen("init", str(site)).code == 0
    before = (site / "sitegen.yaml").read_text(encoding="utf-8")
    export = _wxr(tmp_path / "e.xml", {"title": "Welcome to my news site", "id": "1", "name": ""})
    assert sitegen("import", "wordpress", str(export), "--into", str(site)).code == 0
    after = (site / "sitegen.yaml").read_text(encoding="utf-8")
    assert "- {slug: politics, name: Politics}" in after
    assert "Rebin Karim: {}" in after
    kept = [line for line in before.splitlines() if line.startswith("#")]
    assert all(line in after for line in kept)
    assert "welcome-to-my-news-site-2" in articles(site)  # the sample article keeps its slug
    checked_and_built(site)


def test_not_a_site_and_not_empty_is_refused(tmp_path: Path) -> None:
    export = _wxr(tmp_path / "e.xml", {"title": "One", "id": "1", "name": "one"})
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    run = sitegen("import", "wordpress", str(export), "--into", str(tmp_path / "other"))
    assert run.code == 1 and "has no sitegen.yaml and is not empty" in run.stderr


def test_writes_stay_inside_the_site(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "site" / "content")
    for rel in ("../x.md", "/etc/x", "a/../../x", "content/articles/x.md"):
        with pytest.raises(ImportRefused):
            inside(tmp_path / "site", rel)
    assert inside(tmp_path / "site", "static/a.png") == tmp_path / "site" / "static" / "a.png"


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def test_jekyll_site(tmp_path: Path) -> None:
    logo = (REPO / "static" / "images" / "logo.png").read_bytes()
    source = _write(
        tmp_path / "blog",
        {
            "_config.yml": "title: Blog\nurl: https://blog.example\npermalink: pretty\n",
            "_data/authors.yml": "ak:\n  full_name: Ava Karim\n  bio: Reporter.\n",
            "_posts/2016-1-5-Hello_World.md": (
                "---\ntitle: Hello\ndate: 2016-01-05 9:00:06 -0400\nauthor: ak\n"
                "tags: budget erbil\nimage: /assets/img/logo.png\nimage_alt: The logo\n---\n"
                "See [the next one]({% post_url 2016-01-06-second %}) and [about]"
                "({{ site.baseurl }}/about/).\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}"
                "\n\n{% include note.html %}\n"
            ),
            "_posts/2016-01-06-second.md": (
                "---\ntitle: Second\npublished: false\nredirect_from: [/old/second.html]\n---\n"
                "Text.\n"
            ),
            "_drafts/idea.md": "---\ntitle: Idea\ndate: 2016-02-01\n---\nLater.\n",
            "about.md": "---\ntitle: About us\nlayout: page\n---\nWho we are.\n",
            "assets/img/logo.png": logo,
        },
    )
    site = tmp_path / "site"
    run = sitegen("import", "jekyll", str(source), "--into", str(site))
    assert run.code == 0, run.stderr
    found = articles(site)
    assert set(found) == {"hello-world", "second", "idea"}
    hello = front(found["hello-world"])
    assert hello["date"] == "2016-01-05T09:00:06-04:00" and hello["author"] == "Ava Karim"
    assert hello["tags"] == ["budget", "erbil"] and hello["aliases"] == ["/2016/01/05/hello-world/"]
    assert hello["image"] == {"src": "/assets/img/logo.png", "alt": "The logo"}
    body = found["hello-world"].read_text(encoding="utf-8")
    assert "[the next one](/2016/01/second/)" in body and "[about](/about/)" in body
    assert "```ruby\nputs 1\n```" in body and "{% include note.html %}" in body
    assert front(found["second"])["draft"] is True and front(found["idea"])["draft"] is True
    assert "/old/second.html" in front(found["second"])["aliases"]
    assert front(site / "content/pages/about.md")["title"] == "About us"
    config = (site / "sitegen.yaml").read_text(encoding="utf-8")
    assert "Ava Karim: {bio: Reporter.}" in config
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "`_posts/2016-1-5-Hello_World.md:15`: `{% include note.html %}`" in report
    checked_and_built(site)


def test_hugo_site(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "hugo",
        {
            "config.toml": 'baseURL = "https://news.example/"\ntitle = "News"\n'
            "[permalinks]\n  posts = '/:year/:month/:slug/'\n",
            "content/posts/a.md": (
                '+++\ntitle = "A"\ndate = 2020-05-01T10:00:00+03:00\n'
                'expirydate = 2030-01-01\ncategories = ["World"]\n+++\n'
                'Read {{< ref "posts/b.md" >}}.\n\n'
                '{{< figure src="/img/x.png" alt="X" caption="A caption" >}}\n\n{{< unknown >}}\n'
            ),
            "content/posts/b/index.md": (
                '{\n  "title": "B",\n  "date": "2020-05-02",\n  "aliases": ["/b-old/"]\n}\nBody.\n'
            ),
        },
    )
    site = tmp_path / "site"
    run = sitegen("import", "hugo", str(source), "--into", str(site))
    assert run.code == 0, run.stderr
    found = articles(site)
    a, b = front(found["a"]), front(found["b"])
    assert a["extra"]["expires"] == "2030-01-01T00:00:00+00:00" and a["section"] == "world"
    assert "/2020/05/a/" not in a.get("aliases", [])  # the old URL is the new one
    assert b["aliases"] == ["/b-old/"]  # /2020/05/b/ by the permalinks, as now
    body = found["a"].read_text(encoding="utf-8")
    assert "Read /2020/05/b/." in body and "<figcaption>A caption</figcaption>" in body
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "`content/posts/a.md:11`: `{{< unknown >}}`" in report
    assert "sitegen has no expiry yet" in report and "/img/x.png is not in static/" in report
    checked_and_built(site)
