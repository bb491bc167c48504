"""Find the site's content files: articles, pages, and the files under content/ nothing reads."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ARTICLES_DIR = "content/articles"
PAGES_DIR = "content/pages"
STATIC_DIR = "static"
CONTENT_DIR = "content"
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
"""File endings read as Markdown (those Hugo and Jekyll read); any other file is not."""


def is_markdown(name: str) -> bool:
    """Whether a file of this name is read as Markdown (by its ending, in any case)."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


@dataclass(frozen=True)
class Found:
    """The files under ``content/`` by what becomes of them; site-relative POSIX paths, sorted."""

    articles: list[str]
    pages: list[str]
    others: list[str]
    """Every other file: published only if an article names it as its lead image."""


def find_content(root: Path) -> Found:
    """Walk ``content/`` once and sort its files into articles, pages and the rest."""
    articles: list[str] = []
    pages: list[str] = []
    others: list[str] = []
    for rel in _files(root, CONTENT_DIR):
        if is_markdown(rel) and rel.startswith(ARTICLES_DIR + "/"):
            articles.append(rel)
        elif is_markdown(rel) and rel.startswith(PAGES_DIR + "/"):
            pages.append(rel)
        else:
            others.append(rel)
    return Found(articles, pages, others)


def discover(root: Path, folder: str) -> list[Path]:
    """Markdown files under ``root/folder``, sorted; symlinks out of the site are skipped."""
    return [root / rel for rel in discover_relative(root, folder)]


def discover_relative(root: Path, folder: str) -> list[str]:
    """Site-relative POSIX paths of the Markdown files under ``root/folder``, sorted."""
    return [rel for rel in _files(root, folder) if is_markdown(rel)]


def relative(root: Path, path: str | Path) -> str:
    """``path`` relative to ``root`` as POSIX text (string slicing; pathlib costs ~20 us)."""
    base, full = str(root), str(path)
    if full.startswith(base + os.sep):
        return full[len(base) + 1 :].replace(os.sep, "/")
    return Path(path).relative_to(root).as_posix()


def _files(root: Path, folder: str) -> list[str]:
    """Site-relative POSIX paths of the regular files under ``root/folder``, sorted.

    Symlinks out of the site are skipped, and a linked folder is walked once (no loops). Plain
    ``os.scandir``: its entries know their type without a ``stat``, and only symbolic links are
    resolved (one ``realpath`` or ``Path`` per file would dominate a no-op rebuild of a large
    archive).
    """
    base = os.path.join(root, folder)
    resolved_root = os.path.realpath(root)
    prefix = resolved_root.rstrip(os.sep) + os.sep

    def inside(path: str) -> bool:
        real = os.path.realpath(path)
        return real == resolved_root or real.startswith(prefix)

    if not os.path.isdir(base) or not inside(base):
        return []
    start = len(str(root)) + 1
    found: list[str] = []
    seen: set[str] = set()  # real paths of linked folders already walked: no symlink loops
    pending = [base]
    while pending:
        try:
            with os.scandir(pending.pop()) as scan:
                entries = list(scan)
        except OSError:  # unreadable or vanished folder: skipped, as os.walk does
            continue
        folders = []
        for entry in entries:
            if entry.is_dir():
                if entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if real in seen or not inside(real):
                        continue
                    seen.add(real)
                folders.append(entry.path)
            elif entry.is_file():
                if entry.is_symlink() and not inside(entry.path):
                    continue
                found.append(entry.path[start:].replace(os.sep, "/"))
        pending += reversed(folders)  # depth first in listing order, as os.walk goes
    return sorted(found)
