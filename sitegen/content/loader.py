"""Load every article and page: read, split, parse YAML with lines, validate, resolve images.

Each file is handled on its own (:func:`load_article`, :func:`load_page`) so the result can be
cached per file; problems are returned, never raised, so a run reports them all.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sitegen.config import SiteConfig
from sitegen.content.discovery import scan_sources, unreadable
from sitegen.content.frontmatter import FrontMatterError, split_front_matter
from sitegen.content.imagesize import image_size
from sitegen.content.loadcache import LoadCache, Stat
from sitegen.content.markdown import MAX_INDENT_LEVELS, summarize, too_deep
from sitegen.content.models import Article, ArticleMeta, Image, ImageMeta, Page, PageMeta
from sitegen.errors import Problem
from sitegen.pathlimits import segment_problem, shown
from sitegen.slugs import is_valid_slug, slugify
from sitegen.validation import problems_from
from sitegen.yamlsource import YamlDoc, YamlSyntaxError, parse_mapping

ARTICLES_DIR = "content/articles"
PAGES_DIR = "content/pages"
STATIC_DIR = "static"


@dataclass(frozen=True)
class Loaded:
    """Everything read from ``content/``, before linking."""

    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    shapes: Mapping[str, str] = field(default_factory=dict)
    """Digest of each article's link shape, by file (:func:`sitegen.content.models.article_shape`),
    kept in the load cache with the record: linking checks them all on every build."""


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
    _real_folder.cache_clear()  # folders may have become links since the last load (serve)
    cache = LoadCache.open(cache_dir, config.timezone)
    if stats:
        cache.stats.update(stats)
    articles: list[Article] = []
    pages: list[Page] = []
    sources = scan_sources(root, ARTICLES_DIR)
    problems: list[Problem] = list(sources.problems)
    rels = sources.files
    hits = [cache.lookup(root, rel) for rel in rels]
    misses = [
        root / rel for rel, hit in zip(rels, hits, strict=True) if not isinstance(hit, Article)
    ]
    fresh = iter(_load_many(root, misses, config, workers))
    for rel, hit in zip(rels, hits, strict=True):
        if isinstance(hit, Article):
            articles.append(hit)
            continue
        article, found = next(fresh)
        problems += found
        if article is not None:
            image = article.image.file if article.image and article.image.file else None
            cache.store(root, rel, article, [rel, image] if image else [rel])
            articles.append(article)
    sources = scan_sources(root, PAGES_DIR)
    problems += sources.problems
    for rel in sources.files:
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
    return Loaded(tuple(articles), tuple(pages), tuple(problems), cache.shapes)


PARALLEL_FROM = 512
"""Fewer uncached articles than this are parsed in this process (starting workers costs more)."""

_Result = tuple[Article | None, list[Problem]]


def _load_many(root: Path, paths: list[Path], config: SiteConfig, workers: int) -> list[_Result]:
    """``load_article`` over ``paths``, in order; in forked workers when there are many."""
    if workers <= 1 or len(paths) < PARALLEL_FROM or "fork" not in get_all_start_methods():
        return [load_article(root, path, config) for path in paths]
    size = max(64, len(paths) // (workers * 4))
    chunks = [(root, paths[i : i + size], config) for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(workers, get_context("fork")) as pool:
        return [result for part in pool.map(_load_chunk, chunks) for result in part]


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


def _relative(root: Path, path: str | Path) -> str:
    """``path`` relative to ``root`` as POSIX text (string slicing; pathlib costs ~20 us)."""
    base, full = str(root), str(path)
    if full.startswith(base + os.sep):
        return full[len(base) + 1 :].replace(os.sep, "/")
    return Path(path).relative_to(root).as_posix()


def _read(root: Path, path: Path) -> tuple[_Parsed | None, list[Problem]]:
    rel = _relative(root, path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [unreadable(rel, exc)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                rel,
                line,
                None,
                f"is not UTF-8 text (bad byte at offset {exc.start})",
                "save the file as UTF-8",
            )
        ]
    try:
        split = split_front_matter(text)
        doc = parse_mapping(split.front_matter, first_line=2)
    except FrontMatterError as exc:
        return None, [Problem(rel, exc.line, None, str(exc), exc.hint)]
    except YamlSyntaxError as exc:
        return None, [Problem(rel, exc.line, None, str(exc), "check indentation and quoting")]
    deep = too_deep(split.body)
    if deep is not None:
        message = f"is indented {deep[1]} levels deep; at most {MAX_INDENT_LEVELS} can be converted"
        line = split.body_line + deep[0]
        return None, [Problem(rel, line, None, message, "flatten the nested lists")]
    digest = hashlib.sha256(raw).hexdigest()
    return _Parsed(rel, digest, doc, split.body, split.body_line), []


def _validate(model: type[BaseModel], parsed: _Parsed, context: dict[str, Any]) -> Any:
    try:
        return model.model_validate(parsed.doc.data, context=context), []
    except ValidationError as exc:
        fields = sorted(model.model_fields)
        return None, problems_from(exc, parsed.rel, parsed.doc, fields)


def load_article(
    root: Path, path: Path, config: SiteConfig
) -> tuple[Article | None, list[Problem]]:
    """Validate one article file into an :class:`Article`, or return its problems."""
    parsed, problems = _read(root, path)
    if parsed is None:
        return None, problems
    meta, problems = _validate(ArticleMeta, parsed, {"tz": config.tz})
    if meta is None:
        return None, problems
    assert isinstance(meta, ArticleMeta)
    slug, slug_problems = _slug_for(parsed, meta.slug, path)
    image, image_problems = _resolve_image(root, path, parsed, meta.image)
    problems = slug_problems + image_problems
    if problems:
        return None, problems
    # Names shared by many articles are interned: the load cache then pickles each once.
    authors = tuple(map(sys.intern, meta.authors or ([meta.author] if meta.author else [])))
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
        image=image,
        summary=meta.summary or summarize(parsed.body),
        standfirst=meta.summary or "",
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
    )
    return article, []


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
    if problems:
        return None, problems
    page = Page(
        parsed.rel,
        parsed.digest,
        slug,
        meta.title,
        meta.summary,
        parsed.body,
        meta.draft,
        dict(meta.extra),
        dict(parsed.doc.lines),
    )
    return page, []


def _slug_for(parsed: _Parsed, explicit: str | None, path: Path) -> tuple[str, list[Problem]]:
    if explicit:
        return explicit, []
    slug = path.stem if is_valid_slug(path.stem) else slugify(path.stem)
    if not slug:
        wrong = f"cannot make a slug from the file name {path.name!r}"
    elif too_long := segment_problem(slug):
        wrong = f"{shown(slug)} (from the file name) {too_long}"
    else:
        return slug, []
    return "", [Problem(parsed.rel, 1, "slug", wrong, "add a short 'slug:' to the front matter")]


def _resolve_image(
    root: Path, path: Path, parsed: _Parsed, meta: ImageMeta | None
) -> tuple[Image | None, list[Problem]]:
    if meta is None:
        return None, []
    if meta.src.startswith(("http://", "https://")):
        return Image(meta.src, None, meta.alt, meta.caption, meta.credit, None, None), []
    found = _image_file(root, path, meta.src)
    line = parsed.doc.line_of(("image", "src"))
    if found is not None and not os.access(os.path.join(root, found[0]), os.R_OK):
        message = f"{meta.src!r} cannot be read (permission denied)"
        return None, [Problem(parsed.rel, line, "image.src", message, "check its permissions")]
    if found is not None:
        rel, size = found
        width, height = size if size else (None, None)
        url = _published_path(rel)
        return Image(url, rel, meta.alt, meta.caption, meta.credit, width, height), []
    expected = "a file under static/ (for a path starting with '/') or next to the article"
    return None, [
        Problem(parsed.rel, line, "image.src", f"{meta.src!r} does not exist (expected {expected})")
    ]


def _image_file(root: Path, article: Path, src: str) -> tuple[str, tuple[int, int] | None] | None:
    """The site-relative path and pixel size of the file ``src`` names, if it is one.

    Only files inside the site's static/ and content/ folders count. Plain ``os`` calls (one
    ``lstat`` for a file that is not a link): this runs once per article.
    """
    if ".." in src.split("/"):
        return None
    if src.startswith("/"):
        base, rel = os.path.join(root, STATIC_DIR), src.lstrip("/")
    else:
        base, rel = os.path.dirname(article), src
    candidate = os.path.join(base, *rel.split("/"))
    # Resolve symlinks and stay inside the site: no image may come from outside it. Folders are
    # resolved once each (thousands of images share a few folders); the file itself only when
    # it is a link.
    try:
        st = os.lstat(candidate)
        if stat.S_ISLNK(st.st_mode):
            real = os.path.realpath(candidate)
            st = os.stat(candidate)
        else:
            folder, name = os.path.split(candidate)
            real = os.path.join(_real_folder(folder), name)
    except OSError:
        return None
    allowed = (
        _real_folder(os.path.join(root, STATIC_DIR)),
        _real_folder(os.path.join(root, "content")),
    )
    if not stat.S_ISREG(st.st_mode) or not any(real.startswith(a + os.sep) for a in allowed):
        return None
    size = _image_size(candidate, st.st_size, st.st_mtime_ns)
    return _relative(root, os.path.normpath(candidate)), size


@functools.lru_cache(maxsize=1024)
def _image_size(path: str, _size: int, _mtime_ns: int) -> tuple[int, int] | None:
    """:func:`image_size`, read once per version of a file (many articles share a picture)."""
    return image_size(path)


@functools.lru_cache(maxsize=4096)
def _real_folder(path: str) -> str:
    return os.path.realpath(path)


def _published_path(rel: str) -> str:
    """Site-relative URL path of a source file: static/x -> x, content/x -> media/x."""
    if rel.startswith(STATIC_DIR + "/"):
        return rel[len(STATIC_DIR) + 1 :]
    return "media/" + rel[len("content/") :]
