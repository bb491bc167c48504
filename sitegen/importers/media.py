"""Media files brought along: a WordPress uploads folder, a Hugo or Jekyll site's static files.

Nothing is downloaded. Paths taken from the input are cleaned with :func:`safe_relative`, so a
name such as ``../../etc/passwd`` can never lead a copy out of the site folder.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from sitegen.importers.model import MediaCopy
from sitegen.importers.report import Report

UPLOADS = "wp-content/uploads"
"""Where WordPress media go under ``static/``: the old image URLs keep working on the new site."""
_MARKERS = ("/wp-content/uploads/", "/files/")
MEDIA_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .webp .avif .svg .ico .bmp .tif .tiff .pdf .mp3 .m4a .ogg .wav .mp4 "
    ".webm .mov .m4v .zip .csv .xlsx .docx .pptx .txt .json .geojson".split()
)
_SKIPPED_DIRS = frozenset({"node_modules", "vendor", "_site", "public", "resources"})


def safe_relative(path: str) -> str | None:
    """``path`` as a clean relative POSIX path, or None if it is empty or could climb out."""
    text = unquote(path).replace("\\", "/")
    if not text or text.startswith("/") or "\x00" in text or ":" in text.split("/", 1)[0]:
        return None
    parts = PurePosixPath(text).parts
    if not parts or any(p in ("..", ".", "") for p in parts):
        return None
    return "/".join(parts)


def uploads_relative(url: str) -> str | None:
    """The path under the uploads folder of a WordPress media URL (or attached-file value)."""
    path = urlsplit(url.strip()).path if "://" in url else url.strip()
    for marker in _MARKERS:
        if marker in path:
            return safe_relative(path.split(marker, 1)[1])
    return None


class UploadsMedia:
    """Maps media URLs of a WordPress site to copies of its uploads folder (``--media``)."""

    def __init__(self, folder: Path | None, report: Report) -> None:
        self.folder = folder
        self.report = report
        self.copies: list[MediaCopy] = []
        self.referenced = False
        """Whether any item refers to an uploaded file (to say once that none were copied)."""
        self._done: dict[str, str] = {}

    def rewrite(self, url: str, attached: str = "") -> str:
        """The new site's URL of the file at ``url``: a copy under ``static/``, or as it was."""
        rel = uploads_relative(url)
        if rel is None and attached:
            rel = uploads_relative(attached) or safe_relative(attached)
        if rel is None:
            return url
        self.referenced = True
        if self.folder is None:
            return url
        if rel not in self._done:
            self._done[rel] = self._copy(url, rel)
        return self._done[rel]

    def _copy(self, url: str, rel: str) -> str:
        assert self.folder is not None
        source = self.folder / rel
        if not source.is_file() or not _inside(source, self.folder):
            self.report.add("media", rel, f"{url}: not in the --media folder; the old URL is kept")
            return url
        dest = f"{UPLOADS}/{rel}"
        self.copies.append(MediaCopy(source, dest))
        return "/" + dest


def static_files(folder: Path, media_only: bool) -> list[MediaCopy]:
    """Files under ``folder`` to publish at the same paths (Hugo's ``static/``, Jekyll's site).

    Hidden entries, folders starting with ``_`` and build folders are left out; with
    ``media_only`` only media and documents are taken (a Jekyll site mixes them with templates).
    """
    if not folder.is_dir():
        return []
    found = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d not in _SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(current) / name
            if name.startswith(".") or path.is_symlink():
                continue
            if media_only and path.suffix.lower() not in MEDIA_SUFFIXES:
                continue
            rel = safe_relative(path.relative_to(folder).as_posix())
            if rel is not None:
                found.append(MediaCopy(path, rel))
    return found


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
