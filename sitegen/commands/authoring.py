"""``sitegen new``: start an article with complete, valid front matter.

The file is written at ``content/articles/<year>/<slug>.md`` with a fresh UUID (the feeds' GUID),
the current time in the newsroom's timezone and the slug made from the headline, in any script.
It is never written over an existing file.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from sitegen.commands.cli_options import HELP_OPTIONS, root_option
from sitegen.config import SiteConfig, load_config
from sitegen.content.discover import ARTICLES_DIR, discover
from sitegen.content.models import ArticleMeta
from sitegen.errors import UsageError
from sitegen.text.datetext import parse_datetime
from sitegen.text.slugs import is_valid_slug, normal_form, slugify
from sitegen.text.textchars import FORBIDDEN, describe
from sitegen.text.yamlsource import parse_mapping

BODY_PLACEHOLDER = (
    "Write the story here. The first paragraph is the summary shown in listings "
    "unless you set `summary:` above.\n"
)


@dataclass(frozen=True)
class NewArticle:
    """What the editor asked for."""

    headline: str
    section: str | None = None
    location: str | None = None
    source: str | None = None
    author: str | None = None
    slug: str | None = None
    """Explicit slug; default: from the headline."""
    draft: bool = True
    """New articles start as drafts: the preview shows them, a build leaves them out."""
    date: datetime | None = None
    """Publication time; default: now in the site timezone."""


def front_matter(article: NewArticle, slug: str, when: datetime, article_id: str) -> str:
    """The complete front-matter block; optional fields left empty are written as comments."""

    def field(name: str, value: str | None, placeholder: str) -> str:
        if value:
            return f"{name}: {json.dumps(value, ensure_ascii=False)}\n"
        return f"# {name}: {placeholder}\n"

    return (
        "---\n"
        f"id: {article_id}\n"
        f"title: {json.dumps(article.headline, ensure_ascii=False)}\n"
        f"slug: {json.dumps(slug, ensure_ascii=False)}\n"
        f"date: {when.isoformat()}\n"
        + field("author", article.author, "Name Surname  (or authors: [A, B])")
        + field("source", article.source, "agency credit for the dateline")
        + field("location", article.location, "DATELINE PLACE")
        + field("section", article.section, "a section slug from sitegen.yaml")
        + "tags: []\n"
        "# summary: One-sentence standfirst (default: the first paragraph).\n"
        "# image:\n"
        "#   src: /images/picture.jpg\n"
        "#   alt: What the picture shows, for screen readers\n"
        "#   caption: What, where and when\n"
        "#   credit: Who took it\n"
        f"draft: {'true' if article.draft else 'false'}\n"
        "---\n"
    )


def create_article(root: Path, article: NewArticle) -> Path:
    """Write the new article file and return its path; raise UsageError rather than overwrite."""
    config = load_config(root)
    headline = article.headline.strip()
    if not headline:
        raise UsageError("the headline is empty")
    _check_characters(article)
    _check_section(config, article.section)
    slug = normal_form(article.slug) if article.slug else slugify(headline)
    if not slug or not is_valid_slug(slug):
        raise UsageError(
            f"cannot make a slug from {headline!r}; pass --slug with letters, digits and hyphens"
        )
    when = (article.date or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
    path = root / ARTICLES_DIR / f"{when:%Y}" / f"{slug}.md"
    _check_unused(root, slug, path)
    text = front_matter(article, slug, when, str(uuid.uuid4())) + "\n" + BODY_PLACEHOLDER
    _self_check(text, config)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; not overwriting it") from None
    return path


def _check_characters(article: NewArticle) -> None:
    given = [("the headline", article.headline)]
    given += [(f"--{name}", getattr(article, name)) for name in ("location", "source", "author")]
    for name, value in given:
        found = FORBIDDEN.search(value or "")
        if found is not None:
            raise UsageError(f"{name} contains {describe(found.group())}; remove it")


def _check_section(config: SiteConfig, section: str | None) -> None:
    if section is not None and config.section(section) is None:
        known = ", ".join(s.slug for s in config.sections) or "(none configured)"
        raise UsageError(f"unknown section {section!r}; sitegen.yaml has: {known}")


def _check_unused(root: Path, slug: str, path: Path) -> None:
    if path.exists():
        raise UsageError(f"{path} already exists; not overwriting it")
    for other in discover(root, ARTICLES_DIR):
        if other.stem == slug:
            raise UsageError(
                f"an article with the slug {slug!r} already exists: {other}; "
                "pass --slug to choose another"
            )


def _self_check(text: str, config: SiteConfig) -> None:
    """The written front matter must load as valid; a failure here is a bug, not a user error."""
    block = text.split("---\n", 2)[1]
    ArticleMeta.model_validate(parse_mapping(block, first_line=2).data, context={"tz": config.tz})


@click.command("new", context_settings=HELP_OPTIONS)
@click.argument("headline")
@click.option("--section", help="Section slug (from sitegen.yaml).")
@click.option("--location", help="Dateline place, e.g. SULAIMANI.")
@click.option("--source", help="Wire or agency credit, e.g. ESTA.")
@click.option("--author", help="Byline.")
@click.option("--slug", help="URL slug (default: made from the headline).")
@click.option(
    "--draft/--no-draft",
    default=True,
    show_default=True,
    help="Start as a draft (shown by 'sitegen serve', left out of 'sitegen build').",
)
@click.option("--date", "date_text", metavar="ISO-8601", help="Publication time (default: now).")
@root_option
def new_command(
    headline: str,
    section: str | None,
    location: str | None,
    source: str | None,
    author: str | None,
    slug: str | None,
    draft: bool,
    date_text: str | None,
    root: Path,
) -> None:
    """Create a new article file with complete front matter and print its path."""
    when = None
    if date_text is not None:
        try:
            when = parse_datetime(date_text, load_config(root).tz)
        except ValueError as exc:
            raise UsageError(f"--date: {exc}") from None
    request = NewArticle(headline, section, location, source, author, slug, draft, when)
    click.echo(str(create_article(root, request)))
