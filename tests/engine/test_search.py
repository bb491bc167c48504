"""The search index: what Pagefind indexes, when it runs again, and ``search: false``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.parsing import html_file

SEED = "content/articles/2021/pompeo-says-iran-still-poses-threat-to-iraq.md"
SEED_PAGE = "2021/01/pompeo-says-iran-still-poses-threat-to-iraq/index.html"


def _build(kit: Any, root: Path) -> None:
    result = kit.run_cli("build", "--root", str(root), "--build-time", kit.build_time)
    assert result.exit_code == 0, result.output


def _bundle_times(out: Path) -> dict[str, int]:
    bundle = out / "pagefind"
    return {p.relative_to(bundle).as_posix(): p.stat().st_mtime_ns for p in bundle.rglob("*")}


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    # the example's English, Sorani and Arabic articles are indexed per language
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def test_the_index_holds_every_article_and_nothing_else(built_example: Path) -> None:
    articles = [
        p
        for p in built_example.rglob("index.html")
        if html_file(p).find(attrs={"data-pagefind-body": True})
    ]
    assert len(articles) == 45  # the example site's articles; listings and pages are not indexed
    bundle = built_example / "pagefind"
    # one shard per month of the newest year (2021), one per older year
    shard = {p: p.parts[-4] if p.parts[-4] < "2021" else "-".join(p.parts[-4:-2]) for p in articles}
    assert sorted(p.name for p in bundle.iterdir()) == ["2020", "2021-01", "2021-02", "recent.json"]
    # a clean build indexes every shard whole: no recent shard, nothing to hide
    assert json.loads((bundle / "recent.json").read_text("utf-8")) == {"superseded": []}
    for name in ("2020", "2021-01", "2021-02"):
        assert _page_count(bundle / name) == list(shard.values()).count(name)
    assert not list(bundle.glob("*/pagefind-ui*"))  # Pagefind's own interfaces are not published
    search = html_file(built_example / "search/index.html").find(
        "script", attrs={"data-shards": True}
    )
    assert search is not None and search["data-shards"] == "2021-02 2021-01 2020"


def test_article_pages_mark_the_section_and_the_sort_date(built_example: Path) -> None:
    page = html_file(built_example / SEED_PAGE)
    body = page.find(attrs={"data-pagefind-body": True})
    assert body is not None and body.name == "article"
    meta = {m["data-pagefind-meta"]: m.get_text() for m in body.select("[data-pagefind-meta]")}
    assert meta == {"section": "Politics", "date": "14 January 2021, 11:20"}
    assert not body.select("[data-pagefind-filter]")  # see sitegen.engine.search: not stable
    time = body.find("time", attrs={"data-pagefind-sort": "date[datetime]"})
    assert time is not None and time["datetime"].startswith("2021-01-")
    assert body.find("nav", attrs={"data-pagefind-ignore": True}) is not None  # breadcrumbs


def test_every_page_has_a_search_form_that_works_as_a_plain_form(built_example: Path) -> None:
    for page in ["index.html", SEED_PAGE, "404.html", "search/index.html"]:
        forms = html_file(built_example / page).select('form[role="search"]')
        assert forms, page
        for form in forms:
            assert form["action"] == "/search/" and form["method"] == "get"
            field = form.find("input", attrs={"name": "q"})
            assert field is not None and form.find("label", attrs={"for": field["id"]})
    search = html_file(built_example / "search/index.html")
    assert search.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
    assert search.find("noscript") is not None


def test_the_index_is_made_again_only_when_pages_change(kit: Any, example_site: Path) -> None:
    _build(kit, example_site)
    out = example_site / "public"
    first = _bundle_times(out)
    _build(kit, example_site)  # nothing changed
    assert _bundle_times(out) == first
    seed = example_site / SEED
    seed.write_text(
        seed.read_text("utf-8") + "\nA word nobody wrote before: zyxwvutsrq.\n", "utf-8"
    )
    _build(kit, example_site)
    after = _bundle_times(out)
    assert after["2021-01/pagefind-entry.json"] != first["2021-01/pagefind-entry.json"]
    # the other shards are not indexed again: not one of their files is touched
    for other in ("2020/", "2021-02/"):
        assert {n: t for n, t in after.items() if n.startswith(other)} == {
            n: t for n, t in first.items() if n.startswith(other)
        }
    assert all(not Path(name).name.startswith(".") for name in after)  # no half-installed files
    count = _page_count(out / "pagefind" / "2021-01")
    seed.unlink()  # a removed article leaves its shard's index
    _build(kit, example_site)
    assert _page_count(out / "pagefind" / "2021-01") == count - 1


def test_search_false_publishes_no_search(kit: Any, example_site: Path) -> None:
    _build(kit, example_site)
    assert (example_site / "public" / "pagefind").is_dir()
    config = example_site / "sitegen.yaml"
    config.write_text(config.read_text("utf-8") + "search: false\n", "utf-8")
    _build(kit, example_site)
    out = example_site / "public"
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    assert not html_file(out / "index.html").select('form[role="search"]')
    assert html_file(out / SEED_PAGE).find(attrs={"data-pagefind-body": True}) is not None


def test_the_index_is_byte_identical_from_build_to_build(kit: Any, example_site: Path) -> None:
    trees = []
    for _ in range(2):
        result = kit.run_cli(
            "build", "--root", str(example_site), "--build-time", kit.build_time, "--clean"
        )
        assert result.exit_code == 0, result.output
        trees.append(kit.tree_bytes(example_site / "public" / "pagefind"))
    assert trees[0] == trees[1]
