"""``sitegen init``: a new site that validates, builds with the installed theme, and parses."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel

from sitegen.commands.newsite import create_site
from sitegen.config import FeedsConfig, SectionConfig, SiteConfig, load_config
from sitegen.config.deploy import CacheRule, FolderTarget, GitTarget, S3Target
from sitegen.config.doc import docstrings


def test_init_then_build(tmp_path: Path, kit: Any) -> None:
    site = tmp_path / "newsite"
    result = kit.run_cli("init", str(site))
    assert result.exit_code == 0, result.output
    assert "created " in result.output and "sitegen.yaml" in result.output
    assert (site / "templates").is_dir() and (site / "static").is_dir()
    check = kit.run_cli("check", "--root", str(site))
    assert check.exit_code == 0 and "OK: 1 article and 1 page" in check.output
    built = kit.run_cli("build", "--root", str(site))
    assert built.exit_code == 0, built.output
    public = site / "public"
    articles = list(public.glob("*/*/welcome-to-my-news-site/index.html"))
    assert len(articles) == 1
    page = BeautifulSoup(articles[0].read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in page.select("h1")] == ["Welcome to My News Site"]
    assert page.select_one(".article-body p .dateline").get_text() == "NEWSROOM —"
    assert page.select_one('a[rel="author"]').get_text() == "Newsroom"
    front = BeautifulSoup((public / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Welcome to My News Site" in [a.get_text() for a in front.select(".card-title a")]
    about = BeautifulSoup((public / "about/index.html").read_text(encoding="utf-8"), "html.parser")
    assert about.select_one("h1").get_text() == "About"
    assert not (public / ".gitkeep").exists() and not (public / "README.md").exists()


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    written = create_site(tmp_path)
    assert Path("sitegen.yaml") in written and (tmp_path / "sitegen.yaml").is_file()


@pytest.mark.parametrize("existing", ["notes.txt", "sub/"])
def test_init_refuses_a_non_empty_folder(tmp_path: Path, kit: Any, existing: str) -> None:
    site = tmp_path / "taken"
    (site / existing).parent.mkdir(parents=True, exist_ok=True)
    if existing.endswith("/"):
        (site / existing).mkdir()
    else:
        (site / existing).write_text("keep me", encoding="utf-8")
    before = sorted(p.name for p in site.rglob("*"))
    result = kit.run_cli("init", str(site))
    assert result.exit_code == 2
    assert "is not empty" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in site.rglob("*")) == before


def test_init_refuses_a_file(tmp_path: Path, kit: Any) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = kit.run_cli("init", str(target))
    assert result.exit_code == 2 and "is not a folder" in result.output


def _models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every model its fields hold, however deep (lists, mappings, unions)."""
    yield model
    for info in model.model_fields.values():
        for arg in _type_args(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from _models(arg)


def _type_args(annotation: object) -> Iterator[object]:
    yield annotation
    for arg in get_args(annotation):
        yield from _type_args(arg)


def test_init_config_shows_every_setting(tmp_path: Path) -> None:
    create_site(tmp_path)
    text = (tmp_path / "sitegen.yaml").read_text(encoding="utf-8")
    models = set(_models(SiteConfig))
    assert {FolderTarget, GitTarget, S3Target, CacheRule, FeedsConfig, SectionConfig} <= models
    for model in models:
        for name in model.model_fields:
            assert re.search(rf"^[ #-]*{name}:", text, re.M), f"{model.__name__}.{name} missing"
            doc = docstrings(model)[name]
            first_words = " ".join(doc.replace("``", "`").split()[:4])
            assert first_words in " ".join(text.replace("#", " ").split()), (model, name)


def test_init_config_is_valid_and_says_the_defaults(tmp_path: Path) -> None:
    create_site(tmp_path)
    config = load_config(tmp_path)
    assert config.title == "My News Site" and [s.slug for s in config.sections] == [
        "news",
        "features",
    ]
    text = (tmp_path / "sitegen.yaml").read_text(encoding="utf-8")
    for name in ("page_size", "permalink", "navigation", "related_count", "output_dir"):
        shown = re.search(rf"^# {name}: (.*)$", text, re.M)
        assert shown is not None
        assert yaml.safe_load(shown.group(1)) == getattr(config, name)
    feeds = re.search(r"^# feeds:\n((?:  .*\n)+)", text, re.M)
    assert feeds is not None
    # settings start with a key or a list item; their comments start with a capital or a `
    settings = re.sub(r"^(\s*)# (?=[a-z_]+:|- )", r"\1", feeds.group(1), flags=re.M)
    uncommented = "feeds:\n" + settings
    assert FeedsConfig.model_validate(yaml.safe_load(uncommented)["feeds"]) == config.feeds


def test_init_writes_a_gitignore_for_the_output_and_state(tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    create_site(tmp_path)
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    for folder in ("public", ".public.staging", ".sitegen/preview"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "index.html").write_text("x", encoding="utf-8")
    status = subprocess.run(
        [git, "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert ".gitignore" in status and "sitegen.yaml" in status
    assert "public" not in status and ".sitegen" not in status
