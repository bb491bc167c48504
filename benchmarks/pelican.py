"""Pelican 4.12 on the same corpus, with comparable pages, installed into a scratch venv.

Comparable output: one page per article with previous/next (the ``neighbors`` plugin) and related
posts (``related_posts``), the paginated index, category (= section), tag and author listings
(10 per page, as sitegen), year and month archives, and Atom feeds (all + per category).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.corpus import CorpusArticle, png

PELICAN = "pelican==4.12.*"
PLUGINS = ("pelican-neighbors", "pelican-related-posts")

CONFIG = """\
SITENAME = "Benchmark News"
SITEURL = "https://bench.example"
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
RELATED_POSTS_MAX = 4
STATIC_PATHS = ["images"]
LOAD_CONTENT_CACHE = False
"""


def install(venv: Path) -> tuple[Path | None, str]:
    """``(pelican executable, note)``; the venv is made once and reused."""
    exe = venv / "bin" / "pelican"
    if exe.exists():
        return exe, _plugins_note(venv)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, PELICAN, "markdown"], check=True)
    except subprocess.CalledProcessError as exc:
        return None, f"pelican: could not install ({exc})"
    subprocess.run([*pip, *PLUGINS], check=False)
    return exe, _plugins_note(venv)


def _plugins_note(venv: Path) -> str:
    found = list((venv / "lib").glob("python*/site-packages/pelican/plugins/*"))
    names = sorted(p.name for p in found if p.is_dir() and not p.name.startswith("_"))
    missing = [p for p in ("neighbors", "related_posts") if p not in names]
    if missing:
        return f"pelican plugins missing (pages lack them): {', '.join(missing)}"
    return "pelican plugins: neighbors, related_posts"


def write_pelican_site(root: Path, articles: list[CorpusArticle]) -> None:
    """The corpus in Pelican's Markdown metadata format, with a comparable ``pelicanconf.py``."""
    content = root / "content"
    (content / "images" / "bench").mkdir(parents=True, exist_ok=True)
    for i in range(24):
        (content / "images" / "bench" / f"lead-{i}.png").write_bytes(png(64, 36, 40 + i * 8))
    (root / "pelicanconf.py").write_text(CONFIG, encoding="utf-8")
    for article in articles:
        folder = content / f"{article.date:%Y}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{article.slug}.md").write_text(
            f"Title: {article.title}\n"
            f"Date: {article.date:%Y-%m-%d %H:%M}\n"
            f"Slug: {article.slug}\n"
            f"Category: {article.section.title()}\n"
            f"Tags: {', '.join(article.tags)}\n"
            f"Author: {article.author}\n"
            f"Image: /{article.image}\n"
            f"Caption: {article.caption}\n\n"
            f"![Lead picture: {article.caption}](/{article.image})\n\n" + article.body,
            encoding="utf-8",
        )


def command(exe: Path, root: Path) -> list[str]:
    """The timed Pelican build."""
    return [
        str(exe),
        str(root / "content"),
        "-o",
        str(root / "output"),
        "-s",
        str(root / "pelicanconf.py"),
        "--delete-output-directory",
        "-q",
    ]
