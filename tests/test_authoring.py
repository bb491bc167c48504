"""``sitegen new``: a complete, valid article file, readable slugs in any script, no overwrite."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from benchmarks.preview import copy_site
from sitegen.commands.cli import main
from sitegen.config import load_config
from sitegen.content.loader import load_article
from sitegen.pipeline import BuildOptions, build

EXAMPLE = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(EXAMPLE, tmp_path / "site")


def _new(site: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["new", "--root", str(site), *args])
    return result.exit_code, result.stdout, result.stderr


def test_new_article_has_complete_valid_front_matter(site: Path) -> None:
    code, out, _ = _new(
        site,
        "Erbil council approves new bus routes",
        "--section", "politics", "--location", "ERBIL", "--source", "ESTA",
        "--author", "Ava Karim",
    )  # fmt: skip
    assert code == 0
    path = Path(out.strip())
    assert path.is_file()
    assert path.relative_to(site).parts[:2] == ("content", "articles")
    assert path.name == "erbil-council-approves-new-bus-routes.md"
    config = load_config(site)
    article, problems = load_article(site, path, config)
    assert problems == []
    assert article is not None
    assert article.title == "Erbil council approves new bus routes"
    assert article.slug == "erbil-council-approves-new-bus-routes"
    assert (article.section, article.location, article.source) == ("politics", "ERBIL", "ESTA")
    assert article.authors == ("Ava Karim",)
    assert article.draft is True
    assert UUID(article.id or "").version == 4
    now = datetime.now(ZoneInfo("Asia/Baghdad"))
    assert article.date.utcoffset() == now.utcoffset()
    assert abs((now - article.date).total_seconds()) < 120
    assert path.parent.name == f"{article.date:%Y}"


def test_new_article_builds_with_drafts_and_is_left_out_without(site: Path) -> None:
    code, out, _ = _new(site, "Budget talks resume", "--date", "2021-02-01T09:00:00")
    assert code == 0
    page = site / "public/2021/02/budget-talks-resume/index.html"
    build(BuildOptions(site, drafts=True))
    assert page.is_file()
    build(BuildOptions(site))
    assert not page.exists()


def test_arabic_headline_gives_a_readable_slug(site: Path) -> None:
    code, out, _ = _new(site, "وزير الصحة يزور مستشفى السليمانية", "--date", "2021-02-01")
    assert code == 0
    path = Path(out.strip())
    assert path.stem == "وزير-الصحة-يزور-مستشفى-السليمانية"
    config = load_config(site)
    article, problems = load_article(site, path, config)
    assert problems == [] and article is not None
    build(BuildOptions(site, drafts=True))
    assert (site / "public/2021/02/وزير-الصحة-يزور-مستشفى-السليمانية/index.html").is_file()


def test_refuses_to_overwrite(site: Path) -> None:
    code, out, _ = _new(site, "Same headline", "--date", "2021-03-01")
    assert code == 0
    path = Path(out.strip())
    path.write_text(path.read_text("utf-8") + "\nThe editor's words.\n", "utf-8")
    before = path.read_bytes()
    code, _, err = _new(site, "Same headline", "--date", "2021-03-01")
    assert code == 2
    assert "already exists" in err
    assert path.read_bytes() == before


def test_refuses_a_slug_used_in_another_year(site: Path) -> None:
    assert _new(site, "Same headline", "--date", "2021-03-01")[0] == 0
    code, _, err = _new(site, "Same headline", "--date", "2022-03-01")
    assert code == 2
    assert "already exists" in err and "--slug" in err


def test_unknown_section_is_refused(site: Path) -> None:
    code, _, err = _new(site, "Headline", "--section", "weather")
    assert code == 2
    assert "unknown section 'weather'" in err and "politics" in err


def test_headline_without_letters_needs_a_slug(site: Path) -> None:
    code, _, err = _new(site, "!!!")
    assert code == 2
    assert "--slug" in err
    code, out, _ = _new(site, "!!!", "--slug", "exclamations", "--date", "2021-03-01")
    assert code == 0 and Path(out.strip()).name == "exclamations.md"


def test_quotes_and_yaml_specials_survive(site: Path) -> None:
    headline = 'Minister says: "no deal" # yet - true'
    code, out, _ = _new(site, headline, "--location", "yes", "--date", "2021-03-01")
    assert code == 0
    article, problems = load_article(site, Path(out.strip()), load_config(site))
    assert problems == [] and article is not None
    assert article.title == headline and article.location == "yes"


@pytest.mark.parametrize(
    "args", [("Budget\x0bdeal",), ("Budget deal", "--location", "ERBIL\ufffe")]
)
def test_characters_no_output_can_hold_are_refused(site: Path, args: tuple[str, ...]) -> None:
    code, out, err = _new(site, *args)
    assert code == 2 and out == ""
    assert "contains U+" in err and "Traceback" not in err


def test_a_decomposed_slug_is_written_composed(site: Path) -> None:
    code, out, _ = _new(site, "Cafe talks", "--slug", "cafe\u0301-talks", "--date", "2021-03-01")
    assert code == 0 and Path(out.strip()).name == "caf\u00e9-talks.md"
