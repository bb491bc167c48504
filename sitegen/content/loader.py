"""Load every article and page: read, split, parse YAML with lines, validate, resolve images.

Each file is handled on its own (:func:`load_article`, :func:`load_page`) so the result can be
cached per file; problems are returned, never raised, so a run reports them all.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from markupsafe import escape
from pydantic import BaseModel, ValidationError

from sitegen.config import SiteConfig
from sitegen.content.bodies import Bodies
from sitegen.content.discover import (
    MARKDOWN_SUFFIXES,
    find_content,
    is_markdown,
    relative,
    unreadable,
)
from sitegen.content.foreign import foreign_syntax
from sitegen.content.frontmatter import Dropped, FrontMatterError, split_front_matter
from sitegen.content.htmlcheck import raw_html_warnings
from sitegen.content.images import body_images, forget_folders, resolve_image
from sitegen.content.loadcache import LoadCache, Stat, body_rows
from sitegen.content.markdown import (
    MAX_INDENT_LEVELS,
    inline_html,
    markdown_plain,
    summarize,
    too_deep,
)
from sitegen.content.models import Article, ArticleMeta, ImageMeta, Page, PageMeta
from sitegen.content.newsroom import Notice, NoticeMeta
from sitegen.errors import Problem, not_utf8
from sitegen.text.pathlimits import segment_problem, shown
from sitegen.text.slugs import is_valid_slug, normal_form, slugify
from sitegen.text.textchars import describe
from sitegen.text.yamlsource import YamlDoc, YamlSyntaxError, parse_mapping
from sitegen.validation import problems_from


@dataclass(frozen=True)
class Loaded:
    """Everything read from ``content/``, before linking."""

    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    shapes: Mapping[str, str] = field(default_factory=dict)
    """Digest of each article's link shape, by file (:func:`sitegen.content.models.article_shape`),
    kept in the load cache with the record: linking checks them all on every build."""
    warnings: tuple[Problem, ...] = ()
    """What is worth fixing but does not stop the build, by file and line."""
    bodies: Bodies = field(default_factory=Bodies)
    """Where the articles' bodies left out of the records are read from."""


def load_content(
    root: Path,
    config: SiteConfig,
    cache_dir: Path | None = None,
    workers: int = 1,
    stats: Mapping[str, Stat] | None = None,
) -> Loaded:
    """Load and validate all articles and pages under ``root/content``.

    With ``cache_dir``, files whose size and modification time (and those of their lead image)
    are unchanged since the last load are taken from the cache instead of being parsed again.
    Many uncached articles (a cold build) are parsed in ``workers`` processes. ``stats``, the
    sources' stats taken at the start of the build, spares the cache a ``stat`` per file.
    """
    forget_folders()
    cache = LoadCache.open(cache_dir, config.timezone)
    if stats:
        cache.stats.update(stats)
    articles: list[Article] = []
    pages: list[Page] = []
    found_files = find_content(root)
    problems: list[Problem] = list(found_files.problems)
    rels = found_files.articles
    hits = [cache.lookup(root, rel) for rel in rels]
    misses = [
        root / rel for rel, hit in zip(rels, hits, strict=True) if not isinstance(hit, Article)
    ]
    fresh = _load_many(root, misses, config, workers)
    for rel, hit in zip(rels, hits, strict=True):
        if isinstance(hit, Article):
            articles.append(hit)
            continue
        article, found = next(fresh)
        problems += found
        if article is not None:
            files = dict.fromkeys(i.file for i in article.local_images if i.file)
            cache.store(root, rel, article, [rel, *files])
            # the body is read back from the load cache's bodies when its page is rendered
            # (Bodies): held for every article until then, a cold build of 100,000 would keep
            # ~400 MiB of text. Without the cache (check) it stays here.
            articles.append(replace(article, body=None) if cache.keeps_bodies else article)
    for rel in found_files.pages:
        hit = cache.lookup(root, rel)
        if isinstance(hit, Page):
            pages.append(hit)
            continue
        page, found = load_page(root, root / rel)
        problems += found
        if page is not None:
            cache.store(root, rel, page, [rel])
            pages.append(page)
    cache.save()
    warnings = [w for a in articles for w in a.warnings] + [w for p in pages for w in p.warnings]
    warnings += unread_files(found_files.others, articles)
    warnings.sort(key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
    bodies = Bodies(root, body_rows(cache_dir) if cache.keeps_bodies and cache_dir else None)
    records = (tuple(articles), tuple(pages), tuple(problems))
    return Loaded(*records, cache.shapes, tuple(warnings), bodies)


def unread_files(others: list[str], articles: list[Article]) -> list[Problem]:
    """A warning for each file under ``content/`` that the build neither reads nor publishes.

    Pictures an article shows (lead, gallery, body) are published; hidden files (``.gitkeep``) are
    left alone.
    """
    used = {i.file for a in articles for i in a.local_images}
    out = []
    for rel in others:
        if rel in used or rel.rsplit("/", 1)[-1].startswith("."):
            continue
        if is_markdown(rel):
            message = (
                "is not read: Markdown is read only under content/articles/ and content/pages/"
            )
            hint = "move it into content/articles/ (an article) or content/pages/ (a page)"
        else:
            endings = ", ".join(MARKDOWN_SUFFIXES)
            message = (
                f"is neither read nor published: only Markdown ({endings}) is read, and only "
                "pictures an article shows (image.src, gallery, body) are published from content/"
            )
            hint = "files the site should publish as they are go under static/"
        out.append(Problem(rel, None, None, message, hint))
    return out


PARALLEL_FROM = 512
"""Fewer uncached articles than this are parsed in this process (starting workers costs more)."""

_Result = tuple[Article | None, list[Problem]]


CHUNK = 1024
"""At most this many articles per worker task: the results come back a chunk at a time and
are let go as they are used (each holds its body until the load cache has it)."""


def _load_many(
    root: Path, paths: list[Path], config: SiteConfig, workers: int
) -> Iterator[_Result]:
    """``load_article`` over ``paths``, in order, as they come; in forked workers when there are
    many. A generator: a cold build of 100,000 articles held them all, bodies included, until
    the last one was parsed (about 900 MiB more)."""
    if workers <= 1 or len(paths) < PARALLEL_FROM or "fork" not in get_all_start_methods():
        yield from (load_article(root, path, config) for path in paths)
        return
    size = max(64, min(CHUNK, len(paths) // (workers * 4)))
    chunks = [(root, paths[i : i + size], config) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(workers, get_context("fork")) as pool:
        for part in pool.map(_load_chunk, chunks):
            yield from part


def _load_chunk(args: tuple[Path, list[Path], SiteConfig]) -> list[_Result]:
    root, paths, config = args
    return [load_article(root, path, config) for path in paths]


@dataclass(frozen=True)
class _Parsed:
    rel: str
    digest: str
    doc: YamlDoc
    body: str
    body_line: int
    warnings: list[Problem]


def _read(root: Path, path: Path) -> tuple[_Parsed | None, list[Problem]]:
    rel = relative(root, path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [unreadable(rel, exc)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [not_utf8(rel, raw, exc)]
    try:
        split = split_front_matter(text)
        doc = parse_mapping(split.front_matter, first_line=split.fence_line + 1)
    except FrontMatterError as exc:
        return None, [Problem(rel, exc.line, None, str(exc), exc.hint)]
    except YamlSyntaxError as exc:
        hint = exc.hint or "check indentation and quoting"
        return None, [Problem(rel, exc.line, exc.field, str(exc), hint)]
    deep = too_deep(split.body)
    if deep is not None:
        message = f"is indented {deep[1]} levels deep; at most {MAX_INDENT_LEVELS} can be converted"
        line = split.body_line + deep[0]
        return None, [Problem(rel, line, None, message, "flatten the nested lists")]
    digest = hashlib.sha256(raw).hexdigest()
    warnings = [_dropped_warning(rel, split.dropped)] if split.dropped else []
    if split.fence_line > 1:
        blank = split.fence_line - 1
        warnings.append(
            Problem(
                rel,
                split.fence_line,
                None,
                f"{blank} blank line{'s' if blank != 1 else ''} before the opening '---' "
                "(read anyway; other generators refuse the file)",
                "start the file with the '---' line",
            )
        )
    if not split.body.strip():
        warnings.append(
            Problem(
                rel,
                split.body_line - 1,
                None,
                "has no body: nothing follows the front matter, so the page would be empty",
                "write the text after the closing '---' line",
            )
        )
    return _Parsed(rel, digest, doc, split.body, split.body_line, warnings), []


def _dropped_warning(rel: str, dropped: Dropped) -> Problem:
    count = f"{dropped.count} character{'s' if dropped.count != 1 else ''}"
    return Problem(
        rel,
        dropped.line,
        "body",
        f"{count} that feeds, sitemaps and HTML cannot hold left out, the first "
        + describe(dropped.first),
        "delete them from the file; they are invisible in most editors",
    )


def _validate(model: type[BaseModel], parsed: _Parsed, context: dict[str, Any]) -> Any:
    try:
        return model.model_validate(parsed.doc.data, context=context), []
    except ValidationError as exc:
        fields = sorted(model.model_fields)
        return None, problems_from(exc, parsed.rel, parsed.doc, fields)


def load_article(
    root: Path, path: Path, config: SiteConfig
) -> tuple[Article | None, list[Problem]]:
    """Validate one article file into an :class:`Article`, or return its problems.

    Every problem the file and the config alone can show is reported in one run: when some
    fields are invalid, the section, the lead image and the slug are still checked.
    """
    parsed, problems = _read(root, path)
    if parsed is None:
        return None, problems
    meta, problems = _validate(ArticleMeta, parsed, {"tz": config.tz})
    if meta is None:
        return None, problems + _salvage(root, path, parsed, config, problems)
    assert isinstance(meta, ArticleMeta)
    slug, slug_problems = _slug_for(parsed, meta.slug, path)
    image = resolve_image(root, path, parsed.rel, parsed.doc, meta.image)
    gallery = [
        resolve_image(root, path, parsed.rel, parsed.doc, item, ("gallery", index))
        for index, item in enumerate(meta.gallery)
    ]
    broken_links, warnings = foreign_syntax(parsed.rel, parsed.body, parsed.body_line)
    warnings += raw_html_warnings(parsed.rel, parsed.body, parsed.body_line)
    problems = slug_problems + image.problems + broken_links
    problems += [p for item in gallery for p in item.problems]
    if problems:  # linking will not see this article: check its section here
        return None, problems + _section_problems(parsed, meta.section, config)
    summary, summary_html = _summary(meta.summary, parsed.body)
    # Names shared by many articles are interned: one string each in memory.
    byline = [(item.name, item.role or "") for item in meta.authors or ()]
    byline = byline or ([(meta.author, "")] if meta.author else [])
    authors = tuple(sys.intern(name) for name, _ in byline)
    roles = tuple(role for _, role in byline)
    article = Article(
        file=parsed.rel,
        digest=parsed.digest,
        slug=slug,
        title=meta.title,
        date=meta.date,
        updated=meta.updated,
        id=str(meta.id) if meta.id else None,
        authors=authors,
        source=meta.source or None,
        location=meta.location or None,
        section=sys.intern(meta.section) if meta.section else meta.section,
        tags=tuple(dict.fromkeys(map(sys.intern, meta.tags))),
        image=image.image,
        summary=summary,
        standfirst=summary if meta.summary else "",
        body=parsed.body,
        previous=meta.previous,
        next=meta.next,
        related=tuple(meta.related),
        draft=meta.draft,
        featured=meta.featured,
        aliases=tuple(a.lstrip("/") for a in meta.aliases),
        canonical=meta.canonical,
        lines=dict(parsed.doc.lines),
        extra=dict(meta.extra),
        summary_html=summary_html,
        gallery=tuple(item.image for item in gallery if item.image),
        body_images=body_images(root, path, parsed.body, parsed.body_line),
        language=meta.language or _folder_language(parsed.rel, config),
        translation=meta.translation,
        expires=meta.expires,
        corrections=_notices(meta.corrections),
        updates=_notices(meta.updates),
        roles=roles if any(roles) else (),
        type=meta.type,
        kicker=meta.kicker,
        pick=meta.pick,
        warnings=tuple(
            parsed.warnings + image.warnings + [w for i in gallery for w in i.warnings] + warnings
        ),
    )
    return article, []


def _notices(written: list[NoticeMeta]) -> tuple[Notice, ...]:
    """Corrections or updates as records, oldest first (stable: same-date notes keep order)."""
    notes = [Notice(n.date, markdown_plain(n.text), inline_html(n.text)) for n in written]
    return tuple(sorted(notes, key=lambda n: n.date))


def _salvage(
    root: Path, path: Path, parsed: _Parsed, config: SiteConfig, found: list[Problem]
) -> list[Problem]:
    """The checks a valid record would have had, for the fields that are valid on their own."""
    bad = {p.field.split(".")[0] for p in found if p.field}
    bad_items = {".".join(p.field.split(".")[:2]) for p in found if p.field}
    data = parsed.doc.data
    out: list[Problem] = []
    if "section" not in bad and isinstance(data.get("section"), str):
        out += _section_problems(parsed, data["section"].strip(), config)
    if "image" not in bad and isinstance(data.get("image"), dict):
        try:
            meta = ImageMeta.model_validate(data["image"])
        except ValidationError:
            meta = None  # cannot happen: pydantic reported the image's own errors above
        out += resolve_image(root, path, parsed.rel, parsed.doc, meta).problems
    gallery = data.get("gallery")
    for index, item in enumerate(gallery if isinstance(gallery, list) else []):
        if f"gallery.{index}" in bad_items or not isinstance(item, dict):
            continue
        meta = ImageMeta.model_validate(item)  # valid: pydantic reported nothing about it
        key = ("gallery", index)
        out += resolve_image(root, path, parsed.rel, parsed.doc, meta, key).problems
    if "slug" not in bad and not data.get("slug"):
        out += _slug_for(parsed, None, path)[1]
    return out


def _section_problems(parsed: _Parsed, section: str | None, config: SiteConfig) -> list[Problem]:
    if section is None or config.section(section) is not None:
        return []
    return [unknown_section(parsed.rel, parsed.doc.lines.get("section"), section, config)]


def unknown_section(file: str, line: int | None, section: str, config: SiteConfig) -> Problem:
    """The problem of an article whose ``section:`` names no configured section."""
    known = ", ".join(s.slug for s in config.sections)
    return Problem(
        file,
        line,
        "section",
        f"{section!r} is not a section",
        f"expected one of: {known} (sections are listed in sitegen.yaml)",
    )


def _summary(written: str | None, body: str) -> tuple[str, str]:
    """The plain text and the inline HTML of an article's summary: the front matter's
    (Markdown), else the body's first paragraph, cut."""
    if written:
        return markdown_plain(written), inline_html(written)
    derived = summarize(body)
    return derived, str(escape(derived))


def load_page(root: Path, path: Path) -> tuple[Page | None, list[Problem]]:
    """Validate one standalone page file into a :class:`Page`, or return its problems."""
    parsed, problems = _read(root, path)
    if parsed is None:
        return None, problems
    meta, problems = _validate(PageMeta, parsed, {})
    if meta is None:
        return None, problems
    assert isinstance(meta, PageMeta)
    slug, problems = _slug_for(parsed, meta.slug, path)
    broken_links, warnings = foreign_syntax(parsed.rel, parsed.body, parsed.body_line)
    warnings += raw_html_warnings(parsed.rel, parsed.body, parsed.body_line)
    problems += broken_links
    if problems:
        return None, problems
    page = Page(
        parsed.rel,
        parsed.digest,
        slug,
        meta.title,
        markdown_plain(meta.summary),
        parsed.body,
        meta.draft,
        dict(meta.extra),
        dict(parsed.doc.lines),
        tuple(parsed.warnings + warnings),
    )
    return page, []


def _slug_for(parsed: _Parsed, explicit: str | None, path: Path) -> tuple[str, list[Problem]]:
    if explicit:
        return explicit, []
    stem = normal_form(path.stem)
    slug = stem if is_valid_slug(stem) else slugify(stem)
    if not slug:
        wrong = f"cannot make a slug from the file name {path.name!r}"
    elif too_long := segment_problem(slug):
        wrong = f"{shown(slug)} (from the file name) {too_long}"
    else:
        return slug, []
    return "", [Problem(parsed.rel, 1, "slug", wrong, "add a short 'slug:' to the front matter")]


def _folder_language(rel: str, config: SiteConfig) -> str | None:
    """The language a multilingual site's article folder names: ``content/articles/ckb/...``
    is in ``ckb`` when ``languages:`` lists it."""
    parts = rel.split("/")
    named = len(parts) > 3 and parts[:2] == ["content", "articles"] and bool(config.languages)
    return parts[2] if named and parts[2] in config.language_codes else None
