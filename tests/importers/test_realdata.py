"""The shared real-world inputs import, check with zero errors and build (issue 17's bar)."""

from __future__ import annotations

import re
from pathlib import Path
from uuid import UUID

from bs4 import BeautifulSoup

from tests.importers.conftest import articles, checked_and_built, front, sitegen

PELICAN = "pelican-wxr/pelican/tests/content"
WXR_2025 = "jekyll-import-wxr/test/mocks/sitetitle.wordpress.2025-01-19.000.xml"


def _page(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / "public" / url_path / "index.html").read_bytes(), "html.parser")


def _summary_line(stderr: str) -> tuple[int, int, int, int]:
    found = re.search(
        r"Imported (\d+) articles and (\d+) pages .*: (\d+) shortcodes converted, (\d+) left",
        stderr,
    )
    assert found, stderr
    return tuple(int(g) for g in found.groups())  # type: ignore[return-value]


def test_wordpress_wxr_11_with_custom_types_and_empty_titles(
    realdata: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    run = sitegen(
        "import", "wordpress", str(realdata / PELICAN / "wordpressexport.xml"), "--into", str(site)
    )
    assert run.code == 0, run.stderr
    assert _summary_line(run.stderr)[:2] == (11, 2)
    checked_and_built(site)
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    for custom in ("post type 'custom1'", "post type 'custom2'"):
        assert custom in report
    assert "4 comments (3 approved) not imported" in report
    found = articles(site)
    untitled = front(found["this-is-a-draft-with-no-title"])
    assert untitled["title"] == "This is a draft with no title" and untitled["draft"] is True
    for path in found.values():
        UUID(front(path)["id"])
    caption = _page(site, "2012/02/caption-on-image")
    captions = [f.get_text(strip=True) for f in caption.select("article figure figcaption")]
    assert "This is a pelican" in captions and "Yet another pelican" in captions
    raw = _page(site, "2012/02/post-with-raw-data")
    assert raw.select_one("iframe[src*='youtube-nocookie.com/embed/QNNl_uWmQXE'][title]")
    excerpt = front(found["with-excerpt"])
    assert excerpt["summary"].startswith("Lorem ipsum") and excerpt["section"] == "categ-1"
    assert excerpt["tags"] == ["tag 1", "Tag2"]
    assert excerpt["aliases"] == ["/with-excerpt/"]  # the item's link: its old URL
    assert (site / "public" / "with-excerpt" / "index.html").is_file()


def test_wordpress_export_with_a_page_without_title(realdata: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    export = realdata / PELICAN / "wordpressexport-notitle.xml"
    run = sitegen("import", "wordpress", str(export), "--into", str(site))
    assert run.code == 0, run.stderr
    page = front(site / "content" / "pages" / "contact.md")
    assert page["title"].startswith("Lorem ipsum dolor")
    checked_and_built(site)


def test_wordpress_2025_block_editor_export(realdata: Path, tmp_path: Path) -> None:
    site, uploads = tmp_path / "site", tmp_path / "uploads"
    picture = uploads / "2025" / "01" / "0565b-tt4_post_1.jpg"
    picture.parent.mkdir(parents=True)
    picture.write_bytes((REPO_IMAGE).read_bytes())
    run = sitegen(
        "import",
        "wordpress",
        str(realdata / WXR_2025),
        "--into",
        str(site),
        "--media",
        str(uploads),
    )
    assert run.code == 0, run.stderr
    checked_and_built(site)
    found = articles(site)
    post = front(found["blog-post-1"])
    assert post["date"] == "2025-01-18T18:39:44-08:00"  # the GMT time, at the site's offset
    assert post["section"] == "foo" and post["tags"] == ["code", "ruby", "ship", "stars"]
    assert "/2025/01/18/blog-post-1/" in post["aliases"]
    body = found["blog-post-1"].read_text(encoding="utf-8")
    assert "wp:" not in body and "```\nquery = " in body
    art = front(found["the-art-of-connection"])
    assert art["image"]["src"] == "/wp-content/uploads/2025/01/0565b-tt4_post_1.jpg"
    assert (site / "static" / "wp-content/uploads/2025/01/0565b-tt4_post_1.jpg").is_file()
    assert front(found["beyond-the-obstacle"])["image"]["src"].startswith("https://")
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "b3f2c-tt4_post_3-scaled-1.jpg" in report  # referenced, not in --media: reported
    assert "post type 'wp_navigation'" in report
    config = (site / "sitegen.yaml").read_text(encoding="utf-8")
    assert "{slug: foo, name: Foo}" in config and "jekyllbot: {}" in config
    redirect = _page(site, "2025/01/18/blog-post-1")
    assert redirect.select_one("link[rel=canonical]")["href"].endswith("/2025/01/blog-post-1/")


REPO_IMAGE = Path(__file__).resolve().parents[2] / "static" / "images" / "logo.png"


def test_jekyll_18f_posts(realdata: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = sitegen(
        "import",
        "jekyll",
        str(realdata / "18f-posts"),
        "--into",
        str(site),
        "--permalink",
        "pretty",
    )
    assert run.code == 0, run.stderr
    imported, pages, converted, leftovers = _summary_line(run.stderr)
    print(f"18F: {imported} articles, {converted} converted, {leftovers} left in place")
    assert (imported, pages) == (509, 0)
    checked_and_built(site)
    found = articles(site)
    assert not any(re.match(r"\d{4}-\d{1,2}-\d{1,2}-", slug) for slug in found)
    assert {"andrew-hyder-award", "andrew-hyder-award-2", "andrew-hyder-award-3"} <= set(found)
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "slug 'andrew-hyder-award' is taken" in report
    slug = "content-debt-what-it-is-where-to-find-it-and-how-to-prevent-it-in-the-first-place"
    assert front(found[slug])["author"] == "melody"  # its front matter has tabs
    assert re.search(r"`content/posts/[^`]+\.md:\d+`: `\{\{ \"\w+\" \| team_link \}\}`", report)
    for path in found.values():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\]\([^)]*\{[{%]", text), path  # no template syntax as a target
        assert "| url }}" not in text and "{% raw %}" not in text
    hello = front(found["hello-world-we-are-18f"])
    assert hello["date"] == "2014-03-19T10:14:29-04:00"
    assert hello["aliases"] == ["/2014/03/19/hello-world-we-are-18f/"]
    tock = front(found["tockingtime"])
    assert "/2015/05/21/TockingTime/" in tock["aliases"]  # redirect_from kept


def test_hugo_basic_example(realdata: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run = sitegen("import", "hugo", str(realdata / "hugo-basic-example"), "--into", str(site))
    assert run.code == 0, run.stderr
    imported, pages, converted, leftovers = _summary_line(run.stderr)
    print(f"Hugo: {imported} articles, {pages} pages, {converted} converted, {leftovers} left")
    assert (imported, pages) == (5, 1)
    checked_and_built(site)
    found = articles(site)
    syntax = front(found["markdown-syntax"])  # TOML front matter
    assert syntax["aliases"] == ["/post/markdown-syntax/", "/post/migrate-from-jekyl/"]
    assert syntax["section"] == "themes" and "syntax" in syntax["tags"]
    assert "summary" not in syntax  # the <!--more--> teaser is the first paragraph: the default
    teaser = _page(site, "2019/03/markdown-syntax").select_one("meta[name=description]")
    assert teaser["content"].startswith("This article offers a sample")
    math = front(found["math-typesetting"])["extra"]  # YAML front matter
    assert math == {"math": True, "description": "A brief guide to setup KaTeX"}
    rich = _page(site, "2019/03/rich-content")
    assert rich.select_one("iframe[src='https://www.youtube-nocookie.com/embed/ZJthWmvUzzc']")
    assert rich.select_one("iframe[src='https://player.vimeo.com/video/48912912']")
    emoji = _page(site, "2019/03/emoji-support")
    assert emoji.select_one("pre code.language-html")  # {{< highlight html >}}
    report = (site / "IMPORT-REPORT.md").read_text(encoding="utf-8")
    assert "`content/post/emoji-support.md:32`: `{{< css.inline >}}`" in report
    assert "`content/post/_index.md`: a Hugo list page" in report
    assert "/about-us/: pages have no aliases" in report
