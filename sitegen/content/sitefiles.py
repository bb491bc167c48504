"""The site's inputs besides its articles and pages, read once in the load stage.

Planning and rendering need more of the site folder than ``content/``: the theme's assets (and
the site's ``static/assets/`` files that replace them), the files of ``static/``, the publisher
logo's pixel size, the size and modification time of the pictures articles show, and the
interface languages' catalogues (``locale/``). :func:`read_site_files` reads them all into a
:class:`SiteFiles`, so that the later stages work from data only: paths are kept as data, for
the write stage's copies and for messages, never read again before writing.

Nothing is read from outside ``static/``: a link out of it, a broken link or a link loop is a
problem, as is a file sitegen may not read or whose name is not UTF-8, so that ``check`` finds
what would otherwise stop ``build`` while copying. Hidden files (``.gitkeep``) are left out.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sitegen.config import CONFIG_FILE, SiteConfig, setting_line
from sitegen.content.discover import LINK_HINT, STATIC_DIR, Bounds, name_problem, unreadable
from sitegen.content.imagesize import ImageSizeError, image_size, read_image_size
from sitegen.content.models import Article
from sitegen.errors import Problem
from sitegen.i18n.locale import Lang, interface_languages, site_lang

FINGERPRINTED = (".css", ".js")
"""Theme assets published with a digest of their bytes in their name."""

Stamp = tuple[int, int]
"""A file's size and modification time (ns): what the keys of copied files are made from."""


@dataclass(frozen=True)
class ThemeAsset:
    """A file of the theme's ``static/``, published under ``assets/``."""

    name: str
    """Its path in the theme's ``static/`` (``css/site.css``), as templates name it."""
    output: str
    """Its path in the output (``assets/css/site.0123456789.css``: CSS and JS carry a digest)."""
    source: str
    """The file copied: the theme's, or the site's ``static/assets/`` file of the same name."""


@dataclass(frozen=True)
class StaticFile:
    """A file of the site's ``static/``, copied to the same path in the output."""

    output: str
    """Its path under ``static/`` (POSIX), which is its path in the output."""
    source: str
    """Its absolute path."""


@dataclass(frozen=True)
class SiteFiles:
    """What planning and rendering know of the site folder besides its articles and pages."""

    root: Path
    """The site folder, as data: the source paths of copies are made from it."""
    assets: tuple[ThemeAsset, ...]
    """The theme's assets, sorted by name."""
    static: tuple[StaticFile, ...]
    """The files of ``static/``, sorted."""
    problems: tuple[Problem, ...]
    """The entries of ``static/`` that cannot be published (links out, unreadable...)."""
    stamps: Mapping[str, Stamp]
    """Size and modification time of the files of ``static/`` and of every picture an article
    shows, by path from the site root (``static/logo.png``, ``content/articles/a/lead.jpg``)."""
    logo_size: tuple[int, int] | None
    """The publisher logo's pixel size, when it is set and readable."""
    warnings: tuple[Problem, ...]
    """What is worth fixing about these files (the publisher logo missing or unreadable)."""
    langs: Mapping[str, Lang]
    """Every interface language the site's articles and ``languages:`` may show, by code."""


def read_site_files(
    root: Path,
    config: SiteConfig,
    articles: Iterable[Article],
    theme: Path,
    languages: Iterable[str | None] | None = None,
) -> SiteFiles:
    """The site's inputs besides ``content/``; ``theme``, the theme's ``static/`` folder.

    The pictures of ``articles`` are stated; the interface languages are those of ``languages``
    (the site's articles' languages; by default, those of ``articles``).

    Raise ProblemsFound for a site catalogue that cannot be read.
    """
    articles = tuple(articles)
    static, problems, stamps = _static_files(root)
    for article in articles:
        for image in article.local_images:
            if image.file and image.file not in stamps:
                stamps[image.file] = _stamp(root / image.file)
    shown = (a.language for a in articles) if languages is None else languages
    codes = [*shown, *config.language_codes]
    langs = {
        code: site_lang(config, root, code) for code in interface_languages(config.language, codes)
    }
    logo = config.publisher.logo if config.publisher else None
    return SiteFiles(
        root,
        _theme_assets(root, theme),
        tuple(static),
        tuple(problems),
        {file: st for file, st in stamps.items() if st is not None},
        _logo_size(root, logo),
        tuple(_logo_warnings(root, config)),
        langs,
    )


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _static_files(root: Path) -> tuple[list[StaticFile], list[Problem], dict[str, Stamp | None]]:
    """The files of ``root/static/``, the problems of entries that cannot be published, and the
    stamp of each file."""
    base = root / STATIC_DIR
    files: list[StaticFile] = []
    problems: list[Problem] = []
    stamps: dict[str, Stamp | None] = {}
    if not base.is_dir():
        return files, problems, stamps
    bounds = _bounds(root)
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        shown = f"{STATIC_DIR}/{rel}"
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        wrong = bounds.problem(str(path)) if path.is_symlink() else None
        if wrong is not None:
            problems.append(Problem(shown, 1, None, wrong, LINK_HINT))
            continue
        if (wrong_name := name_problem(shown)) is not None:
            problems.append(wrong_name)
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        if not os.access(path, os.R_OK):
            problems.append(unreadable(shown, PermissionError(errno.EACCES, "Permission denied")))
            continue
        files.append(StaticFile(rel, str(path)))
        stamps[shown] = (st.st_size, st.st_mtime_ns)
    return files, problems, stamps


def _is_static_file(root: Path, path: Path) -> bool:
    """Whether ``path`` is a readable file inside ``root/static/`` (links resolved)."""
    if not path.is_file() or _bounds(root).problem(str(path)) is not None:
        return False
    return os.access(path, os.R_OK)


def _bounds(root: Path) -> Bounds:
    return Bounds(root / STATIC_DIR, f"the {STATIC_DIR}/ folder")


def _theme_assets(root: Path, theme: Path) -> tuple[ThemeAsset, ...]:
    """Theme assets under ``assets/``; CSS and JS get a content hash in their name.

    A file of the same name in the site's ``static/assets/`` replaces the theme's.
    """
    found: list[ThemeAsset] = []
    for path in sorted(p for p in theme.rglob("*") if p.is_file()):
        rel = path.relative_to(theme).as_posix()
        override = root / STATIC_DIR / "assets" / rel
        if _is_static_file(root, override):
            path = override
        out = f"assets/{rel}"
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            out = str(PurePosixPath(out).with_suffix(f".{digest}{path.suffix}"))
        found.append(ThemeAsset(rel, out, str(path)))
    return tuple(found)


def _logo_size(root: Path, logo: str | None) -> tuple[int, int] | None:
    if not logo:
        return None
    path = root / STATIC_DIR / logo.lstrip("/")
    return image_size(path) if path.is_file() else None


def _logo_warnings(root: Path, config: SiteConfig) -> list[Problem]:
    """One warning when the publisher's logo is not set, missing, or of unreadable size.

    Every NewsArticle's structured data names the publisher with its logo; search engines
    ignore article markup without one.
    """
    publisher = config.publisher
    logo = publisher.logo if publisher else None
    if not logo:
        line = setting_line(root, ("publisher", "logo")) if publisher else None
        return [
            Problem(
                CONFIG_FILE,
                line,
                "publisher.logo",
                "is not set: the articles' NewsArticle structured data has no publisher logo",
                "add 'logo: images/logo.png' under 'publisher:' with the picture in static/",
            )
        ]
    path = root / STATIC_DIR / logo.lstrip("/")
    line = setting_line(root, ("publisher", "logo"))
    if not path.is_file():
        message = f"{logo!r} is not a file under static/ (the logo's URL would be broken)"
        return [Problem(CONFIG_FILE, line, "publisher.logo", message)]
    try:
        read_image_size(path)
    except ImageSizeError as exc:
        message = f"cannot read the pixel size of static/{logo.lstrip('/')} ({exc})"
        return [Problem(CONFIG_FILE, line, "publisher.logo", message)]
    return []
