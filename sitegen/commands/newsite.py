"""``sitegen init DIR``: a new site that builds with the default theme installed with sitegen.

The files come from ``sitegen/scaffold/`` (package data). The sample article is dated today and
gets a fresh ``id``; ``templates/`` and ``static/`` start empty, so the theme shows through.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from string import Template
from typing import Any

import click

from sitegen.commands.cli_options import HELP_OPTIONS
from sitegen.config import CONFIG_FILE, SiteConfig
from sitegen.config.doc import config_text
from sitegen.errors import UsageError

SCAFFOLD = Path(__file__).resolve().parent.parent / "scaffold"
"""The files a new site starts with."""
ARTICLE = "content/articles/welcome.md"
"""The sample article; placed under a folder for the current year as ``welcome-to-...md``."""
ARTICLE_NAME = "welcome-to-my-news-site.md"
CONFIG_HEADER = """\
# sitegen.yaml: the settings of your news site. Every key is optional except title and base_url;
# unknown keys are reported as errors, so a typo never silently falls back to a default.
# Every setting is listed: lines such as '# page_size: 10' show a default; remove the '# ' to
# change it.
"""
STARTER: dict[str, Any] = {
    "title": "My News Site",
    "base_url": "http://127.0.0.1:8000/",
    "description": "News from our newsroom.",
    "language": "en",
    "timezone": "UTC",
    "publisher": {"name": "My News Site"},
    "sections": [
        {"slug": "news", "name": "News", "description": "The latest reports from our newsroom."},
        {
            "slug": "features",
            "name": "Features",
            "description": "Longer stories, interviews and analysis.",
        },
    ],
    "authors": {"Newsroom": {"bio": "Reports written by the newsroom."}},
}
"""The settings a new site starts with (written live; every other one is commented out)."""
STARTERS: dict[str, dict[str, Any]] = {
    "en": STARTER,
    "ckb": {
        "title": "ماڵپەڕی هەواڵی من",
        "base_url": "http://127.0.0.1:8000/",
        "description": "هەواڵ لە دەستەی نووسەرانمانەوە.",
        "language": "ckb",
        "timezone": "Asia/Baghdad",
        "publisher": {"name": "ماڵپەڕی هەواڵی من"},
        "sections": [
            {"slug": "news", "name": "هەواڵ", "description": "دوایین هەواڵەکانی دەستەی نووسەران."},
            {"slug": "features", "name": "ڕاپۆرت", "description": "ڕاپۆرت، چاوپێکەوتن و شیکاری."},
        ],
        "authors": {"دەستەی نووسەران": {"bio": "هەواڵەکانی دەستەی نووسەران."}},
    },
    "ar": {
        "title": "موقعي الإخباري",
        "base_url": "http://127.0.0.1:8000/",
        "description": "أخبار من غرفة الأخبار لدينا.",
        "language": "ar",
        "locale": "ar_IQ",
        "timezone": "Asia/Baghdad",
        "publisher": {"name": "موقعي الإخباري"},
        "sections": [
            {"slug": "news", "name": "أخبار", "description": "آخر أخبار غرفة الأخبار."},
            {"slug": "features", "name": "تقارير", "description": "تقارير ومقابلات وتحليلات."},
        ],
        "authors": {"هيئة التحرير": {"bio": "أخبار تكتبها هيئة التحرير."}},
    },
}
"""The starter settings per ``sitegen init --language``: interface, dates and sample text in
that language (see docs/languages.md)."""
ARTICLE_NAMES = {"en": ARTICLE_NAME, "ckb": "بەخێربێن.md", "ar": "مرحبا.md"}


def _gitignore() -> str:
    """What a new site's repository should not track: the built site and sitegen's state."""
    output = SiteConfig.model_fields["output_dir"].default
    return (
        "# Written by sitegen: the built site (output_dir in sitegen.yaml), its staging folder\n"
        "# during a build, and the caches and preview under .sitegen/.\n"
        f"/{output}/\n/.{output}.staging/\n/.sitegen/\n"
    )


def create_site(dest: Path, today: datetime | None = None, language: str = "en") -> list[Path]:
    """Write a new site into ``dest`` (created if needed); refuse a non-empty folder.

    ``language`` (``en``, ``ckb``, ``ar``) picks the starter settings and sample text. Returns
    the files written, relative to ``dest``.
    """
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()):
        raise UsageError(f"{dest} is not empty; choose a new or empty folder")
    now = today or datetime.now(UTC)
    dest.mkdir(parents=True, exist_ok=True)
    starter = STARTERS[language]
    scaffold = SCAFFOLD if language == "en" else SCAFFOLD / language
    (dest / CONFIG_FILE).write_text(config_text(CONFIG_HEADER, starter), encoding="utf-8")
    (dest / ".gitignore").write_text(_gitignore(), encoding="utf-8")
    written = [Path(CONFIG_FILE), Path(".gitignore"), Path("content/pages/about.md")]
    (dest / "content/pages").mkdir(parents=True)
    shutil.copyfile(scaffold / "content/pages/about.md", dest / "content/pages/about.md")
    article = Path("content/articles") / f"{now.year:04d}" / ARTICLE_NAMES[language]
    text = Template((scaffold / ARTICLE).read_text(encoding="utf-8")).substitute(
        id=uuid.uuid4(), date=now.date().isoformat()
    )
    (dest / article).parent.mkdir(parents=True)
    (dest / article).write_text(text, encoding="utf-8")
    written.append(article)
    for folder in ("templates", "static"):
        (dest / folder).mkdir()
        # git does not keep empty folders; hidden files are never published from static/.
        (dest / folder / ".gitkeep").write_text("", encoding="utf-8")
        written.append(Path(folder) / ".gitkeep")
    shutil.copyfile(SCAFFOLD / "templates-README.md", dest / "templates" / "README.md")
    written.append(Path("templates/README.md"))
    return sorted(written)


@click.command("init", context_settings=HELP_OPTIONS)
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--language",
    type=click.Choice(sorted(STARTERS)),
    default="en",
    show_default=True,
    help="Language of the site: interface, dates and sample text (ckb: Central Kurdish).",
)
def init_command(directory: Path, language: str) -> None:
    """Create a new site in DIRECTORY (new or empty) that builds with the default theme."""
    for rel in create_site(directory, language=language):
        click.echo(f"created {(directory / rel).as_posix()}")
    click.echo(f"\nNext: cd {directory} && sitegen serve   (or: sitegen build)")
