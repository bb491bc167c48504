"""Every field of the article, page and config models, changed: the incremental rebuild equals a
clean build byte for byte.

The cases are generated from the models (nested ones too), so a field added to one is covered
without editing this test: its new value comes from its type. Where the type alone cannot give a
valid value (a slug that must name another article, a URL), :data:`VALUES` gives one; a new
field of that kind shows up here as a failing case whose problem says which value is wrong.
"""

from __future__ import annotations

import copy
import shutil
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin
from uuid import UUID

import pytest
import yaml
from pydantic import BaseModel

from sitegen.config import SiteConfig
from sitegen.content.models import ArticleMeta, PageMeta
from sitegen.pipeline import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]
BUILD_TIME = datetime(2026, 11, 28, 12, tzinfo=UTC)

IMAGE = {
    "src": "/images/lead.png",
    "alt": "A lead",
    "caption": "C",
    "credit": "K",
    "focus": [0.5, 0.5],
}

CONFIG: dict[str, Any] = {
    "title": "Field Wire",
    "base_url": "http://127.0.0.1:8000/",
    "description": "Every field, changed.",
    "language": "en",
    "direction": "auto",
    "timezone": "Asia/Baghdad",
    "languages": [
        {
            "code": "ku",
            "name": "Kurdî",
            "direction": "ltr",
            "prefix": "/ku/",
            "locale": "ku_TR",
            "title": "Nûçeyên Zeviyan",
            "description": "Her zevî.",
        },
        {"code": "ar", "name": "العربية", "direction": "rtl", "locale": "ar_IQ"},
        {"code": "en", "name": "English"},
    ],
    "sections": [
        {
            "slug": "sport",
            "name": "Sport",
            "description": "Games.",
            "names": {"ar": "رياضة"},
            "descriptions": {"ar": "ألعاب."},
        },
        {"slug": "politics", "name": "Politics", "description": "Votes."},
        {"slug": "economy", "name": "Economy", "description": "Prices."},
    ],
    "page_size": 2,
    "permalink": "/{year}/{month}/{slug}/",
    "navigation": "site",
    "related_count": 2,
    "publisher": {"name": "Field Agency", "logo": "images/logo.png"},
    "authors": {
        "Ava Karim": {
            "bio": "Reporter.",
            "url": "https://example.org/ava",
            "title": "Correspondent",
            "photo": "images/lead.png",
            "email": "ava@example.org",
            "social": {"Mastodon": "https://mastodon.example/@ava"},
        }
    },
    "locale": "en_GB",
    "digits": "latn",
    "labels": {"Home": "Front page"},
    "front_page": {"picks": ["vote"], "picks_count": 3, "date": True},
    "social": {"Mastodon": "https://mastodon.example/@field"},
    "copyright": "© Field Agency",
    "breaking": {
        "text": "Polls close at six",
        "link": "/2026/11/vote/",
        "start": "2026-11-28T00:00:00+03:00",
        "until": "2026-11-29T00:00:00+03:00",
    },
    "feeds": {
        "size": 5,
        "formats": ["rss"],
        "sections": True,
        "tags": False,
        "authors": False,
        "full_content": True,
    },
    "sitemaps": {"news": True, "robots": True},
    "output_dir": "public",
    "images": {"widths": [32], "quality": 70, "avif": False, "keep_metadata": False},
    "search": True,
    "extra": {"motto": "Facts"},
    "deploy": {
        "copy": {"type": "folder", "path": "../copy", "delete": True, "max_deletes": 9},
        "pages": {
            "type": "git",
            "repo": "../pages.git",
            "branch": "gh-pages",
            "message": "Deploy",
            "author_name": "Bot",
            "author_email": "bot@example.org",
        },
        "bucket": {
            "type": "s3",
            "bucket": "news-site",
            "prefix": "www/",
            "region": "eu-west-1",
            "endpoint_url": "https://s3.example.org",
            "cache_rules": [
                {"match": "*.html", "fingerprinted": False, "cache_control": "no-cache"}
            ],
        },
    },
}

ARTICLES: dict[str, dict[str, Any]] = {
    "budget": {
        "title": "Budget passed",
        "date": "2026-11-27T09:00:00+03:00",
        "id": "3f0e7a56-5a43-4c1e-9f53-6a2b3c5d7e01",
        "updated": "2026-11-27T20:00:00+03:00",
        "slug": "budget",
        "author": "Ava Karim",
        "source": "ESTA",
        "location": "ERBIL",
        "section": "politics",
        "tags": ["Budget"],
        "image": IMAGE,
        "gallery": [{**IMAGE, "alt": "In the gallery"}],
        "summary": "The budget passed.",
        "previous": "oil",
        "next": "vote",
        "related": ["vote"],
        "canonical": "https://other.example/budget/",
        "draft": False,
        "featured": True,
        "aliases": ["/old/budget/"],
        "extra": {"kicker": "Breaking"},
        "expires": "2026-12-30T00:00:00+03:00",
        "corrections": [{"date": "2026-11-27T21:00:00+03:00", "text": "A name was misspelt."}],
        "updates": [{"date": "2026-11-27T18:00:00+03:00", "text": "The vote was counted."}],
        "type": "analysis",
        "kicker": "Money",
        "pick": False,
        "language": "en",
        "translation": "budget-story",
    },
    "oil": {
        "title": "Oil exports rise",
        "date": "2026-11-20T09:00:00+03:00",
        "authors": ["Ava Karim", "Lana Hassan"],
        "section": "economy",
        "tags": ["Oil", "Budget"],
    },
    "vote": {
        "title": "Parliament votes",
        "date": "2026-11-26T09:00:00+03:00",
        "section": "politics",
    },
}
BODY = "Talks went on late.\n\n![Chart](/images/lead.png)\n"

PAGE: dict[str, Any] = {
    "title": "About",
    "slug": "about",
    "summary": "Who we are.",
    "draft": False,
    "extra": {"x": 1},
}

VALUES: dict[str, Any] = {
    "config.base_url": "https://news.example.org/sub/",
    "config.language": "ar",
    "config.languages.0.code": "ckb",
    "config.languages.0.prefix": "/kurdi/",
    "config.languages.0.locale": "ku",
    "config.sections.0.names": {"ar": "الرياضة"},
    "config.sections.0.descriptions": {"ar": "مباريات."},
    "config.timezone": "Europe/Berlin",
    "config.sections.0.slug": "sports",
    "config.permalink": "/{section}/{slug}/",
    "config.locale": "en_US",
    "config.front_page.picks": ["oil"],
    "config.breaking.link": "/2026/11/budget/",
    "config.authors.Ava Karim.photo": "images/logo.png",
    "config.authors.Ava Karim.email": "ava.karim@example.org",
    "article.language": "ar",
    "article.translation": "budget-story-2",
    "config.social": {"Mastodon": "https://mastodon.example/@field", "X": "https://x.com/field"},
    "config.authors.Ava Karim.social": {"Mastodon": "https://mastodon.example/@ava-karim"},
    "config.publisher.logo": "images/lead.png",
    "config.authors.Ava Karim.url": "https://example.org/ava-karim",
    "config.output_dir": "site",
    "config.deploy.copy.path": "../elsewhere",
    "config.deploy.pages.branch": "main",
    "config.deploy.pages.author_email": "robot@example.org",
    "config.deploy.bucket.bucket": "news-site-2",
    "config.deploy.bucket.endpoint_url": "https://s3.example.net",
    "article.slug": "budget-passed",
    "article.section": "economy",
    "article.previous": "vote",
    "article.next": "oil",
    "article.related": ["oil"],
    "article.canonical": "https://other.example/budget-2/",
    "article.aliases": ["/old/budget/", "/older/budget/"],
    "article.image.src": "/images/logo.png",
    "article.gallery.0.src": "/images/logo.png",
    "config.images.widths": [32, 48],
    "config.feeds.formats": ["rss", "atom"],
    "page.slug": "about-us",
}
"""Values the field's type cannot give: other names that must exist, URLs, patterns."""
REPLACED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # the discriminator: another kind of target altogether
    "config.deploy.copy.type": lambda target: {"type": "git", "repo": "../deploy.git"},
    "config.deploy.pages.type": lambda target: {"type": "s3", "bucket": "pages"},
    "config.deploy.bucket.type": lambda target: {"type": "folder", "path": "../bucket"},
    # several authors instead of one: the model forbids both at once
    "article.authors": lambda meta: {**meta, "author": None, "authors": ["Ava Karim", "Lana"]},
}
"""Changes of a field that need its siblings changed with it: the new parent, from the old."""


@dataclass(frozen=True)
class Case:
    """One field of one model and the value it is changed to."""

    path: tuple[str, ...]
    """``("article", "image", "caption")``: the document, then keys into it."""
    value: Any

    @property
    def name(self) -> str:
        return ".".join(self.path)


def _members(annotation: Any) -> tuple[Any, ...]:
    """The members of a union (without None), else the annotation alone."""
    if get_origin(annotation) is typing.Annotated:
        return _members(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(a for m in get_args(annotation) if m is not type(None) for a in _members(m))
    return (annotation,)


def _model_of(annotation: Any, value: Any) -> type[BaseModel] | None:
    """The model a nested value is validated as (the union member that accepts it)."""
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            literal = member.model_fields.get("type")
            if literal is None or value.get("type") in get_args(literal.annotation):
                return member
    return None


def _changed(annotation: Any, current: Any) -> Any:
    """A value of ``annotation``'s type other than ``current``."""
    members = _members(annotation)
    kind = members[0]
    origin = get_origin(kind)
    if origin is Literal:
        return next(choice for choice in get_args(kind) if choice != current)
    if kind is bool:
        return not current
    if kind is int:
        return (current or 0) + 1
    if kind is str:
        return f"{current} changed" if current else "changed"
    if kind is datetime:
        return (datetime.fromisoformat(current) + timedelta(minutes=90)).isoformat()
    if kind is UUID:
        return "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
    if origin is list:
        return [*(current or []), _changed(get_args(kind)[0], None)]
    if origin is tuple:
        return [0.25, 0.75]
    if origin is dict:
        return {**(current or {}), "changed": "value"}
    raise TypeError(f"no value for a field of type {annotation!r}: add one to VALUES")


def _cases(document: str, model: type[BaseModel], data: dict[str, Any]) -> Iterator[Case]:
    """A case per field of ``model`` (recursing into nested models present in ``data``)."""
    for name, info in model.model_fields.items():
        yield from _field_cases((document, name), info.annotation, data.get(name))


def _field_cases(path: tuple[str, ...], annotation: Any, current: Any) -> Iterator[Case]:
    name = ".".join(path)
    if name in REPLACED:
        yield Case(path, None)
        return
    if isinstance(current, dict):
        nested = _model_of(annotation, current)
        if nested is not None:
            for field, info in nested.model_fields.items():
                yield from _field_cases((*path, field), info.annotation, current.get(field))
            return
        value_type = get_args(_members(annotation)[0])
        if value_type and _model_of(value_type[1], next(iter(current.values()))):
            for key, entry in current.items():  # each entry: a union's members may differ
                yield from _field_cases((*path, key), value_type[1], entry)
            return
    if isinstance(current, list) and current and isinstance(current[0], dict):
        item = get_args(_members(annotation)[0])[0]
        yield from _field_cases((*path, "0"), item, current[0])
        return
    yield Case(path, VALUES[name] if name in VALUES else _changed(annotation, current))


CASES = [
    *_cases("config", SiteConfig, CONFIG),
    *_cases("article", ArticleMeta, ARTICLES["budget"]),
    *_cases("page", PageMeta, PAGE),
]


def _documents() -> dict[str, Any]:
    return {"config": CONFIG, "article": ARTICLES["budget"], "page": PAGE}


def _write(root: Path, documents: dict[str, Any]) -> None:
    (root / "sitegen.yaml").write_text(yaml.safe_dump(documents["config"]), encoding="utf-8")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name, meta in {**ARTICLES, "budget": documents["article"]}.items():
        shown = {key: value for key, value in meta.items() if value is not None}
        text = f"---\n{yaml.safe_dump(shown, allow_unicode=True)}---\n\n{BODY}"
        (articles / f"{name}.md").write_text(text, encoding="utf-8")
    pages = root / "content" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    text = f"---\n{yaml.safe_dump(documents['page'])}---\n\nWho we are.\n"
    (pages / "about.md").write_text(text, encoding="utf-8")
    images = root / "static" / "images"
    images.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "static" / "images" / "logo.png", images / "logo.png")
    shutil.copy(REPO / "static" / "images" / "2021" / "book-fair.png", images / "lead.png")


def _apply(case: Case) -> dict[str, Any]:
    """The documents with the case's field changed."""
    documents = copy.deepcopy(_documents())
    *above, key = case.path
    parent: Any = documents
    for step in above:
        parent = parent[int(step)] if isinstance(parent, list) else parent[step]
    if case.name in REPLACED:
        new = REPLACED[case.name](parent)
        parent.clear()
        parent.update(new)
    else:
        parent[key] = case.value
    return documents


def _build(root: Path, clean: bool = False) -> Path:
    return build(BuildOptions(root, build_time=BUILD_TIME, clean=clean)).output


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@dataclass(frozen=True)
class Baseline:
    """The fixture site built once, and a copy of it with its output and state."""

    site: Path
    """Where it was built: the state in ``.sitegen/`` names its output folder by this path."""
    saved: Path


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """Every case starts from the fixture site as built here, restored at the same path."""
    folder = tmp_path_factory.mktemp("fields")
    site = folder / "site"
    site.mkdir()
    _write(site, _documents())
    _build(site)
    shutil.copytree(site, folder / "saved")
    return Baseline(site, folder / "saved")


def test_every_model_field_has_a_case() -> None:
    """The cases reach every field of every model (a nested model's fields too)."""
    names = {case.name for case in CASES}
    for document, model in (("article", ArticleMeta), ("page", PageMeta), ("config", SiteConfig)):
        for field in model.model_fields:
            assert any(n.startswith(f"{document}.{field}") for n in names), field
    assert "config.base_url" in names and "article.image.caption" in names
    assert "config.feeds.size" in names and "config.sections.0.name" in names


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_changed_field_rebuilds_like_a_clean_build(
    baseline: Baseline, tmp_path: Path, case: Case
) -> None:
    site = baseline.site
    shutil.rmtree(site)
    shutil.copytree(baseline.saved, site)
    documents = _apply(case)
    _write(site, documents)
    incremental = _build(site)
    fresh = tmp_path / "clean"
    fresh.mkdir()
    _write(fresh, documents)
    clean = _build(fresh, clean=True)
    assert _tree(incremental) == _tree(clean)


ARTICLE_CASES = [case for case in CASES if case.path[0] == "article"]
BODIES = {
    "body.text": BODY.replace("late.", "late into the night."),
    "body.picture": BODY + "\n![Logo](/images/logo.png)\n",
}
"""Edits of the article's body: its text (the edit path's case) and a picture it shows."""


def _write_article(root: Path, meta: dict[str, Any], body: str = BODY) -> None:
    """Write the edited article alone: the other sources keep their modification times."""
    shown = {key: value for key, value in meta.items() if value is not None}
    text = f"---\n{yaml.safe_dump(shown, allow_unicode=True)}---\n\n{body}"
    (root / "content" / "articles" / "budget.md").write_text(text, encoding="utf-8")


def _edited_alone(baseline: Baseline, tmp_path: Path, meta: dict[str, Any], body: str) -> bool:
    """Edit the article alone in the built site, rebuild and compare with a clean build of the
    same sources; True when the rebuild took the edit path."""
    site = baseline.site
    shutil.rmtree(site)
    shutil.copytree(baseline.saved, site)
    _write_article(site, meta, body)
    result = build(BuildOptions(site, build_time=BUILD_TIME))
    fresh = tmp_path / "clean"
    fresh.mkdir()
    _write(fresh, _documents())
    _write_article(fresh, meta, body)
    clean = _build(fresh, clean=True)
    assert _tree(result.output) == _tree(clean)
    return "edit" in result.timings


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=lambda case: case.name)
def test_changed_article_field_alone_rebuilds_like_a_clean_build(
    baseline: Baseline, tmp_path: Path, case: Case
) -> None:
    """Only the article's file changed, as when a reporter saves it: the fields the edit path
    (:mod:`sitegen.engine.edits`) takes are built by it, every other by the full build, and
    both equal a clean build."""
    took_edit_path = _edited_alone(baseline, tmp_path, _apply(case)["article"], BODY)
    assert took_edit_path == (case.path[1] in ("title", "summary"))


@pytest.mark.parametrize("change", sorted(BODIES))
def test_changed_body_alone_rebuilds_like_a_clean_build(
    baseline: Baseline, tmp_path: Path, change: str
) -> None:
    """A body edit takes the edit path; one that shows another picture does not (the picture
    is published and resized: the full build plans it)."""
    took_edit_path = _edited_alone(baseline, tmp_path, ARTICLES["budget"], BODIES[change])
    assert took_edit_path == (change == "body.text")
