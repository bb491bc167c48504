"""Resolve an article's lead image against the site: where the file is, where it is published,
and how big it is (a size that cannot be read is a warning: the page would shift as it loads)."""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from sitegen.content.discover import CONTENT_DIR, STATIC_DIR, relative
from sitegen.content.imagesize import SVG_SUFFIXES, ImageSizeError, read_image_size
from sitegen.content.models import Image, ImageMeta
from sitegen.errors import Problem
from sitegen.text.yamlsource import YamlDoc


@dataclass
class Resolved:
    """The resolved image (None when there is none or it is missing) and what was found."""

    image: Image | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def resolve_image(
    root: Path,
    path: Path,
    rel: str,
    doc: YamlDoc,
    meta: ImageMeta | None,
    key: tuple[str | int, ...] = ("image",),
) -> Resolved:
    """The picture ``meta`` of the article at ``path`` (``rel`` from the root, front matter
    ``doc``; ``key``, where it is in the front matter: the lead image or a gallery item), as
    published; a missing file is a problem, an unreadable size a warning."""
    if meta is None:
        return Resolved()
    if meta.src.startswith(("http://", "https://")):
        return Resolved(Image(meta.src, None, meta.alt, meta.caption, meta.credit, None, None))
    line = doc.line_of((*key, "src"))
    where = ".".join(map(str, key)) + ".src"
    found = _image_file(root, path, meta.src)
    if found is None:
        expected = "a file under static/ (for a path starting with '/') or next to the article"
        message = f"{meta.src!r} does not exist (expected {expected})"
        return Resolved(problems=[Problem(rel, line, where, message)])
    file, (size, why, sha) = found
    if not os.access(os.path.join(root, file), os.R_OK):
        message = f"{meta.src!r} cannot be read (permission denied)"
        return Resolved(problems=[Problem(rel, line, where, message, "check its permissions")])
    warnings = []
    if size is None:
        hint = "save it as JPEG, PNG, GIF, WebP or AVIF, or an SVG with width/height or viewBox"
        if not file.lower().endswith(SVG_SUFFIXES):
            message = f"{file} is not a usable picture: {why}"
            return Resolved(problems=[Problem(rel, line, where, message, hint)])
        message = f"cannot read the pixel size of {file} ({why}); the page will shift as it loads"
        warnings.append(Problem(rel, line, where, message, hint))
    width, height = size or (None, None)
    url = _published_path(file)
    focus = (meta.focus[0], meta.focus[1]) if meta.focus else None
    image = Image(url, file, meta.alt, meta.caption, meta.credit, width, height, sha, line, focus)
    return Resolved(image, [], warnings)


_Size = tuple[tuple[int, int] | None, str, str | None]
"""The pixel size (or None and why not) and the SHA-256 of a raster picture's bytes."""


_INLINE_IMAGE = re.compile(
    r"""!\[[^\]\n]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))"""  # Markdown ![alt](src "title")
    r"""|<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^"'\s>]+))""",  # raw HTML <img src>
    re.IGNORECASE,
)
_REFERENCE_IMAGE = re.compile(r"!\[([^\]\n]*)\](?!\()(?:\[([^\]\n]*)\])?")
"""``![alt][label]``, ``![label][]`` and ``![label]`` (CommonMark reference images)."""
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(?:<([^>\n]+)>|(\S+))", re.MULTILINE)
"""``[label]: src "title"``, a link reference definition."""


def body_images(root: Path, article: Path, body: str, first_line: int = 1) -> tuple[Image, ...]:
    """The pictures an article body shows, each once, in order: written inline
    (``![alt](src)``, ``<img src>``) or by reference (``![alt][label]``), with a site path
    (``/images/x.jpg``: a file of ``static/``) or a path beside the article (``x.jpg``,
    ``pics/x.jpg``: a file of ``content/``). Other sources (external, missing, outside the site)
    are left as written.

    A text search of the Markdown: a path written inside a code block is taken too, which only
    makes copies no page shows (the render leaves code alone). Each picture's ``line`` is where
    the body (whose first line is ``first_line`` of the file) first names it."""
    found: dict[str, Image] = {}
    for at, src in _written_sources(body):
        path = body_image_path(src)
        if path is None or path in found:
            continue
        located = _image_file(root, article, path)
        if located is None:
            continue
        file, (size, _why, sha) = located
        if size is not None and sha is not None:
            line = first_line + body.count("\n", 0, at)
            found[path] = Image(_published_path(file), file, "", "", "", *size, sha, line)
    return tuple(found.values())


def _written_sources(body: str) -> list[tuple[int, str]]:
    """Every picture source ``body`` names and where, in the order they appear."""
    at: list[tuple[int, str]] = []
    for match in _INLINE_IMAGE.finditer(body):
        at.append((match.start(), next(g for g in match.groups() if g is not None)))
    if "]:" in body:
        targets = {_label(m[1]): m[2] or m[3] for m in _DEFINITION.finditer(body)}
        for match in _REFERENCE_IMAGE.finditer(body):
            target = targets.get(_label(match[2] or match[1]))
            if target is not None:
                at.append((match.start(), target))
    return sorted(at)


def _label(text: str) -> str:
    """A reference label as CommonMark matches it: case and inner spaces do not count."""
    return " ".join(text.split()).casefold()


def body_image_path(src: str) -> str | None:
    """``/images/a%20b.jpg?x#y`` -> ``/images/a b.jpg``, ``./x.jpg`` -> ``x.jpg``; None for what
    is neither a site path nor a path beside the page (``https:``, ``//host``, ``data:``)."""
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path or path.startswith("//") or ":" in path.split("/", 1)[0]:
        return None
    if not path.startswith("/"):
        path = posixpath.normpath(path)
        if path == "." or path.startswith("../"):
            return None
    return path


def _image_file(root: Path, article: Path, src: str) -> tuple[str, _Size] | None:
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
        _real_folder(os.path.join(root, CONTENT_DIR)),
    )
    if not stat.S_ISREG(st.st_mode) or not any(real.startswith(a + os.sep) for a in allowed):
        return None
    size = _image_size(candidate, st.st_size, st.st_mtime_ns)
    return relative(root, os.path.normpath(candidate)), size


@functools.lru_cache(maxsize=1024)
def _image_size(path: str, _size: int, _mtime_ns: int) -> _Size:
    """The size (or None and why not) and the digest; read once per version of a file (many
    articles share a picture)."""
    if path.lower().endswith(SVG_SUFFIXES):
        try:
            return read_image_size(path), "", None
        except ImageSizeError as exc:
            return None, str(exc), None
    try:
        size = read_image_size(path)
    except ImageSizeError as exc:
        return None, str(exc), None
    with open(path, "rb") as handle:
        return size, "", hashlib.file_digest(handle, "sha256").hexdigest()


@functools.lru_cache(maxsize=4096)
def _real_folder(path: str) -> str:
    return os.path.realpath(path)


def forget_folders() -> None:
    """Forget resolved folders: they may have become links since the last load (serve)."""
    _real_folder.cache_clear()


def _published_path(rel: str) -> str:
    """Site-relative URL path of a source file: static/x -> x, content/x -> media/x."""
    if rel.startswith(STATIC_DIR + "/"):
        return rel[len(STATIC_DIR) + 1 :]
    return "media/" + rel[len(CONTENT_DIR + "/") :]
