"""Made pictures kept between builds in ``.sitegen/pictures/``, by cache key.

A picture is made once per source content and recipe, whichever output folder needs it (the
build's, the preview's, a ``--clean`` build's). Entries are the encoded bytes themselves (data,
never pickles) written atomically; the key digests the source's bytes and the recipe, so an
entry can only ever hold the picture its name promises.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.engine.jobs import PictureJob
from sitegen.errors import Problem
from sitegen.render.encode import PictureError, make_picture
from sitegen.state.layout import picture_cache

PICTURE_CACHE = picture_cache(Path()).name
"""Folder of the picture cache inside ``.sitegen/``."""
SHARED_CACHE_VARIABLE = "SITEGEN_PICTURE_CACHE"
"""Environment variable naming a picture cache shared by several sites (or CI runs): entries
are named by content, so sharing is safe."""

__all__ = ["PICTURE_CACHE", "PictureError", "cache_folder", "picture_bytes", "picture_problem"]


def cache_folder(state: Path) -> tuple[Path, bool]:
    """The picture cache folder and whether it is the site's own (in ``state``, ``.sitegen/``)
    rather than a shared one (which ``--clean`` leaves alone)."""
    shared = os.environ.get(SHARED_CACHE_VARIABLE)
    if shared:
        return Path(shared).expanduser(), False
    return picture_cache(state), True


def picture_bytes(job: PictureJob, cache: str | None) -> bytes:
    """The bytes of ``job``'s picture: from the cache, or made (and kept there)."""
    if cache is None:
        return make_picture(job.source, job.recipe)
    import PIL

    # another Pillow may encode the same recipe into other bytes
    path = Path(cache, PIL.__version__, job.cache_key[:2], job.cache_key)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make_picture(job.source, job.recipe)
    tmp = path.with_name(f".{job.cache_key}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written (damaged state, a full disk) only costs time
    return data


def picture_problem(job: PictureJob, exc: PictureError) -> Problem:
    """A picture that cannot be made, reported where it is named."""
    file, line, field = job.origin
    return Problem(
        file,
        line,
        field,
        f"{job.file} is not a usable picture: {exc}",
        "save it again as JPEG, PNG or WebP (at most 100 megapixels)",
    )
