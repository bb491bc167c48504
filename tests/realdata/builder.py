"""Scratch sites made from the real third-party content in ``<repo>/../shared/realdata/``.

Nothing here is copied into the repository: :func:`write_sites` reads the shared folder and
writes two sites into a scratch folder (a ``tmp_path``). Bodies are kept as written; only front
matter is mapped onto sitegen's article model, plus the few body rewrites listed below, each of
which a real import would need too.

**English site** (``en``, timezone America/New_York, permalink ``/{year}/{month}/{day}/{slug}/``
as on 18f.gsa.gov, so the posts' own internal links resolve):

- *18F posts* (``18f-posts/content/posts/*.md``, all 509) become articles in section ``blog``,
  at ``content/articles/<year>/<slug>.md``. Front matter:

  ``title`` -> ``title``; ``date`` -> ``date`` exactly as written (ISO date or date-time, quoted
  or not: sitegen parses it); a post without ``date`` takes it from its file name
  ``YYYY-M-D-slug.md`` (zero-padded, a bare date, read in the site timezone); ``authors`` ->
  ``authors`` (18F's handles, e.g. ``greg``); ``tags`` -> ``tags``; ``excerpt`` -> ``summary``
  (verbatim, whatever Markdown or HTML it holds); ``hero: true`` -> ``featured``;
  ``redirect_from`` and a ``permalink`` that differs from the new URL -> ``aliases`` (the old URLs
  keep working); ``description``, ``image``, ``image_alt``, ``image_caption``,
  ``image_figcaption``, ``layout``, ``tumblr_url``, ``github`` and any other key -> ``extra``
  (the data set has no image files, so there is no lead image). The slug is the file name
  without its date (sitegen slugifies mixed case); a slug taken by an older post gets the date
  appended (three posts are all called ``andrew-hyder-award``). Every article gets a fixed
  ``id`` (a UUID5 of its source file name), as an importer would assign, so ``sitegen check``'s
  warnings are about the content, not about missing ids.

  One post's YAML has tabs after a value (``- melody<TAB><TAB>``), which PyYAML's pure-Python
  loader used here refuses (libyaml, which sitegen uses, accepts it); its front-matter lines are
  right-stripped before parsing. Another post's folded excerpt holds a
  line with ``": "`` that YAML reads as a key; that stray key goes to ``extra`` like any other.

  Body rewrite: 18F's Eleventy link helpers as the *target* of a Markdown link or image or of an
  HTML ``href``/``src`` (``[x]({{ "/a/" | url }})``, ``src="{{site.baseurl}}/img.png"``) are
  resolved to the plain path (``/a/``, ``/img.png``), and the post's own image variable there
  (``![x]({{ image | url }})``, ``src="{{ page.image }}"``) to its ``image`` front matter: a link
  whose target is foreign template syntax is an error by design, and an importer has to replace
  these. Every other template tag (``{% image ... %}``, ``{% raw %}``, ``{{ "x" | team_link }}``...)
  stays, to be warned about.

- *Python-Markdown's test inputs* (``python-markdown-tests/tests/**/*.txt``, 104 files, plus the
  46 ``*.text`` inputs of the PHP Markdown suites under ``pl/``) each become one article in
  section ``markdown``, the input file verbatim as the body (bytes kept, CRLF included). Title
  ``Markdown case: <path>``, slug ``md-<path slugified>``, tag = the suite folder, a synthetic
  date (2025-01-01 plus one day per file in sorted order), no author. The upstream expected HTML
  (``*.html`` beside each input) is recorded by :func:`markdown_expectations` for the tests.

**Arabic site** (``language: ar``, so right-to-left): the 17 pages of ``rtl-arabic-t3-docs``.
Files in sub-folders (``usage/``, ``deployment/``) become articles in sections of those names,
with synthetic dates (2024-01-01 plus one day per file in sorted order); the 8 top-level files
become standalone pages (``/<name>/``). ``title`` -> ``title``, ``description`` -> ``summary``;
``lang``, ``dir``, ``layout``, ``isMdx`` -> ``extra`` (the site's language already makes it
right-to-left). The three ``.mdx`` files are MDX, not Markdown: their ``import`` lines are
dropped and their JSX components (``<Callout type="warning">``, ``<Form />``) become ``<div>``
(self-closing ones are dropped), outside code fences.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
REALDATA = REPO.parent / "shared" / "realdata"
"""Where CI (and this machine) keep the shared real content: beside the repository."""

POSTS_18F = "18f-posts/content/posts"
MARKDOWN_SUITE = "python-markdown-tests/tests"
ARABIC_DOCS = "rtl-arabic-t3-docs/www/src/pages/ar"

EN_CONFIG = {
    "title": "Real content: 18F posts and Markdown cases",
    "base_url": "http://127.0.0.1:8000/",
    "description": "Fixture site built from third-party content (18F blog, Python-Markdown).",
    "language": "en",
    "timezone": "America/New_York",
    "permalink": "/{year}/{month}/{day}/{slug}/",
    "publisher": {"name": "Realdata fixture"},
    "sections": [
        {"slug": "blog", "name": "18F blog", "description": "Posts of 18F's blog, 2014-2024."},
        {
            "slug": "markdown",
            "name": "Markdown cases",
            "description": "Python-Markdown's and PHP Markdown's test inputs.",
        },
    ],
}
AR_CONFIG = {
    "title": "توثيق Create T3 App",
    "base_url": "http://127.0.0.1:8000/",
    "description": "صفحات التوثيق العربية لـ Create T3 App",
    "language": "ar",
    "timezone": "UTC",
    "publisher": {"name": "Create T3 App"},
    "sections": [
        {"slug": "usage", "name": "الاستخدام"},
        {"slug": "deployment", "name": "النشر"},
    ],
}

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
_DATED_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_ID_NAMESPACE = uuid.UUID("6f1c7e2a-3b4d-5e6f-8a9b-0c1d2e3f4a5b")


class _TextDates(yaml.SafeLoader):
    """PyYAML's safe loader, leaving dates as written (sitegen parses them itself)."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class SourceFile:
    """One file to write into a scratch site: front matter fields and the body as written."""

    rel: str
    """Path inside the site (``content/articles/2014/hello-world.md``)."""
    origin: str
    """Path of the source inside the realdata folder, for messages."""
    front: dict[str, Any]
    body: str


@dataclass
class SiteSources:
    """A site to write: its config and its files."""

    name: str
    config: dict[str, Any]
    files: list[SourceFile] = field(default_factory=list)


def split_front(text: str) -> tuple[str, str]:
    """The YAML between the opening and closing ``---`` lines, and the rest (the body)."""
    match = _FRONT.match(text)
    if match is None:
        return "", text
    return match.group(1), text[match.end() :]


def parse_front(yaml_text: str) -> dict[str, Any]:
    """Front matter with dates kept as text; lines right-stripped when PyYAML refuses tabs."""
    try:
        data = yaml.load(yaml_text, Loader=_TextDates)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        stripped = "\n".join(line.rstrip() for line in yaml_text.splitlines())
        data = yaml.load(stripped, Loader=_TextDates)  # noqa: S506
    return data or {}


def date_from_name(stem: str) -> tuple[str, str] | None:
    """``('2024-12-05', '18f-project-defaults')`` from ``2024-12-5-18f-project-defaults``."""
    match = _DATED_NAME.match(stem)
    if match is None:
        return None
    year, month, day, rest = match.groups()
    return date(int(year), int(month), int(day)).isoformat(), rest


_URL_HELPER = (
    r"\{\{\s*(?:site\.baseurl\s*|\"([^\"]*)\"\s*\|\s*url\s*"
    r"|(?:page\.)?(image)\s*(?:\|\s*url\s*)?)\}\}"
)
_LINK_TARGET = re.compile(r"(\]\(\s*<?)" + _URL_HELPER)
_ATTR_TARGET = re.compile(r"(\b(?:href|src)=[\"'])" + _URL_HELPER)


def resolve_url_helpers(body: str, image: str | None = None) -> str:
    """Replace 18F's URL helpers where they are link targets: ``{{ "/x/" | url }}`` -> ``/x/``,
    ``{{ site.baseurl }}`` -> nothing, ``{{ image | url }}`` / ``{{ page.image }}`` -> the post's
    ``image`` (when it has one)."""

    def plain(match: re.Match[str]) -> str:
        if match.group(3):  # the post's image variable
            return match.group(0) if image is None else match.group(1) + image
        return match.group(1) + (match.group(2) or "")

    return _ATTR_TARGET.sub(plain, _LINK_TARGET.sub(plain, body))


_18F_KEYS = {"title", "date", "authors", "tags", "excerpt", "hero", "redirect_from", "permalink"}


def map_18f_post(path: Path, taken: set[str]) -> SourceFile:
    """One 18F post as an article of section ``blog`` (see the module docstring)."""
    text = path.read_text(encoding="utf-8")
    yaml_text, body = split_front(text)
    meta = parse_front(yaml_text)
    named = date_from_name(path.stem)
    assert named is not None, f"{path.name}: 18F post names start with a date"
    file_date, name = named
    raw_date = meta.get("date")
    when = str(raw_date).strip() if raw_date else file_date
    slug = _slug(name)
    if slug in taken:
        slug = f"{slug}-{file_date}"
    taken.add(slug)
    year, month, day = when[:10].split("-")
    front: dict[str, Any] = {
        "id": str(uuid.uuid5(_ID_NAMESPACE, path.name)),
        "title": meta["title"],
        "date": when,
        "section": "blog",
        "slug": slug,
    }
    if meta.get("authors"):
        front["authors"] = [str(a).strip() for a in meta["authors"]]
    if meta.get("tags"):
        front["tags"] = [str(t).strip() for t in meta["tags"]]
    if meta.get("excerpt"):
        front["summary"] = meta["excerpt"]
    if meta.get("hero") is True:
        front["featured"] = True
    own_url = f"/{year}/{month}/{day}/{slug}/"
    aliases = _as_list(meta.get("redirect_from")) + _as_list(meta.get("permalink"))
    aliases = [a.strip() for a in aliases if a.strip() and a.strip() != own_url]
    if aliases:
        front["aliases"] = list(dict.fromkeys(aliases))
    extra = {k: v for k, v in meta.items() if k not in _18F_KEYS and v not in (None, "")}
    if extra:
        front["extra"] = extra
    return SourceFile(
        f"content/articles/{year}/{slug}.md",
        f"{POSTS_18F}/{path.name}",
        front,
        resolve_url_helpers(body, str(meta["image"]).strip() if meta.get("image") else None),
    )


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def markdown_inputs(realdata: Path) -> list[Path]:
    """Every Markdown test input of the Python-Markdown suites (``.txt`` and PHP ``.text``)."""
    base = realdata / MARKDOWN_SUITE
    return sorted(p for p in base.rglob("*") if p.suffix in (".txt", ".text") and p.is_file())


def map_markdown_case(path: Path, base: Path, index: int) -> SourceFile:
    """One test input as an article of section ``markdown`` (the body is the file, verbatim)."""
    rel = path.relative_to(base).as_posix()
    slug = "md-" + _slug(rel.rsplit(".", 1)[0])
    front = {
        "id": str(uuid.uuid5(_ID_NAMESPACE, rel)),
        "title": f"Markdown case: {rel}",
        "date": (date(2025, 1, 1) + timedelta(days=index)).isoformat(),
        "section": "markdown",
        "slug": slug,
        "tags": [rel.split("/")[0]],
    }
    body = path.read_bytes().decode("utf-8")
    year = front["date"][:4]
    return SourceFile(f"content/articles/{year}/{slug}.md", f"{MARKDOWN_SUITE}/{rel}", front, body)


def markdown_expectations(realdata: Path) -> dict[str, Path]:
    """The upstream expected HTML of each case, by the article's slug (where there is one)."""
    base = realdata / MARKDOWN_SUITE
    found: dict[str, Path] = {}
    for path in markdown_inputs(realdata):
        expected = path.with_suffix(".html")
        if not expected.is_file():
            expected = path.with_suffix(".xhtml")
        if expected.is_file():
            rel = path.relative_to(base).as_posix()
            found["md-" + _slug(rel.rsplit(".", 1)[0])] = expected
    return found


_MDX_IMPORT = re.compile(r"^import\s.*$\n?", re.M)
_JSX_SELF_CLOSING = re.compile(r"<[A-Z][A-Za-z0-9.]*(?:\s[^<>]*)?/>")
_JSX_OPEN = re.compile(r"<[A-Z][A-Za-z0-9.]*(?:\s[^<>]*)?>")
_JSX_CLOSE = re.compile(r"</[A-Z][A-Za-z0-9.]*\s*>")
_FENCE = re.compile(r"^(```|~~~)", re.M)


def mdx_to_markdown(body: str) -> str:
    """Drop MDX imports and turn JSX components into ``<div>``, outside code fences."""
    parts = re.split(r"(^(?:```|~~~).*?^(?:```|~~~)[ \t]*$)", body, flags=re.S | re.M)
    for index in range(0, len(parts), 2):  # even parts are outside fences
        text = _MDX_IMPORT.sub("", parts[index])
        text = _JSX_SELF_CLOSING.sub("", text)
        text = _JSX_OPEN.sub("<div>", text)
        parts[index] = _JSX_CLOSE.sub("</div>", text)
    return "".join(parts)


_AR_KEYS = {"title", "description"}


def map_arabic_doc(path: Path, base: Path, index: int) -> SourceFile:
    """One Arabic doc page: an article of its folder's section, or a top-level page."""
    rel = path.relative_to(base).as_posix()
    yaml_text, body = split_front(path.read_text(encoding="utf-8"))
    meta = parse_front(yaml_text)
    if path.suffix == ".mdx":
        body = mdx_to_markdown(body)
    front: dict[str, Any] = {"title": meta["title"]}
    if meta.get("description"):
        front["summary"] = meta["description"]
    extra = {k: v for k, v in meta.items() if k not in _AR_KEYS}
    if "/" not in rel:
        if extra:
            front["extra"] = extra
        return SourceFile(f"content/pages/{path.stem}.md", f"{ARABIC_DOCS}/{rel}", front, body)
    section = rel.split("/")[0]
    front |= {
        "id": str(uuid.uuid5(_ID_NAMESPACE, rel)),
        "date": (date(2024, 1, 1) + timedelta(days=index)).isoformat(),
        "section": section,
    }
    if extra:
        front["extra"] = extra
    return SourceFile(
        f"content/articles/{section}/{path.stem}.md", f"{ARABIC_DOCS}/{rel}", front, body
    )


def english_site(realdata: Path, posts: Iterable[Path] | None = None) -> SiteSources:
    """The 18F posts (all, or ``posts``) and the Markdown cases as one English site."""
    site = SiteSources("en", EN_CONFIG)
    taken: set[str] = set()
    chosen = sorted((realdata / POSTS_18F).glob("*.md")) if posts is None else list(posts)
    # Oldest first, so a repeated slug keeps its plain form on the first post.
    for path in sorted(chosen, key=lambda p: (date_from_name(p.stem) or ("", ""))[0]):
        site.files.append(map_18f_post(path, taken))
    base = realdata / MARKDOWN_SUITE
    for index, path in enumerate(markdown_inputs(realdata)):
        site.files.append(map_markdown_case(path, base, index))
    return site


def arabic_site(realdata: Path) -> SiteSources:
    """The Arabic right-to-left docs as a ``language: ar`` site."""
    site = SiteSources("ar", AR_CONFIG)
    base = realdata / ARABIC_DOCS
    docs = sorted(p for p in base.rglob("*") if p.suffix in (".md", ".mdx"))
    for index, path in enumerate(docs):
        site.files.append(map_arabic_doc(path, base, index))
    return site


def write_site(site: SiteSources, root: Path) -> Path:
    """Write ``site`` into ``root`` (created): sitegen.yaml and one Markdown file per source."""
    root.mkdir(parents=True)
    (root / "sitegen.yaml").write_text(_dump(site.config), encoding="utf-8")
    for source in site.files:
        target = root / source.rel
        assert not target.exists(), f"{source.origin}: {source.rel} written twice"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = f"---\n{_dump(source.front)}---\n{source.body}"
        target.write_bytes(text.encode("utf-8"))
    return root


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def write_sites(realdata: Path, scratch: Path) -> dict[str, Path]:
    """Write the English and the Arabic site under ``scratch``; their roots by name."""
    return {
        site.name: write_site(site, scratch / site.name)
        for site in (english_site(realdata), arabic_site(realdata))
    }
