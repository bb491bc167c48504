"""Plan the pictures: cleaned originals and the resized copies and crops of every lead image.

Each copy is a :class:`PictureJob` like any other output, so the writer installs it with the
rest of the build and removes the copies of a picture no article uses any more.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.build.jobs import CopyJob, Job, PictureJob
from sitegen.digests import digest
from sitegen.graph.site import SiteGraph
from sitegen.render.pictures import VERSION, original_recipe, pictures_of


def published(output: str, source: str, keep_metadata: bool, origin: tuple[str, int | None]) -> Job:
    """A file published at ``output``: a picture is cleaned of its metadata, anything else (or
    everything, with ``keep_metadata``) is copied as it is. ``origin`` is the file (and line)
    a problem with the picture is reported at."""
    recipe = original_recipe(output, keep_metadata)
    if recipe is None:
        return CopyJob(output, source)
    try:
        st = os.stat(source)
        stamp: tuple[object, ...] = (source, st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = (source,)
    return PictureJob(output, source, recipe, digest(VERSION, stamp, recipe), origin)


def picture_jobs(graph: SiteGraph, root: Path) -> list[Job]:
    """The resized copies and crops of every lead image, each once (articles share pictures)."""
    settings = graph.config.images
    jobs: dict[str, Job] = {}
    for slug in sorted(graph.articles):
        article = graph.articles[slug]
        image = article.image
        pictures = pictures_of(image, settings)
        if pictures is None or image is None or image.file is None:
            continue
        source = str(root / image.file)
        origin = (article.file, image.line)
        for variant in pictures.variants():
            if variant.url not in jobs:
                job = PictureJob(variant.url, source, variant.recipe, variant.key, origin)
                jobs[variant.url] = job
    return list(jobs.values())
