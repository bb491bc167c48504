"""Plan the pictures: cleaned originals, the resized copies of every picture an article shows
(lead, gallery, body) and the crops of lead images.

Each copy is a :class:`PictureJob` like any other output, so the writer installs it with the
rest of the build and removes the copies of a picture no article uses any more.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.content.models import Article, Image
from sitegen.content.sitefiles import Stamp
from sitegen.digests import digest
from sitegen.engine.jobs import CopyJob, Job, PictureJob
from sitegen.graph.site import SiteGraph
from sitegen.render.pictures import VERSION, original_recipe, pictures_of

Origin = tuple[str, int | None, str | None]
"""A site file, line and field (an article's ``image.src``, ``gallery.1.src`` or ``body``) where
a problem with a picture shows."""


def published(
    output: str, source: tuple[str, str, Stamp | None], keep_metadata: bool, origin: Origin
) -> Job:
    """A file published at ``output``: a picture is cleaned of its metadata, anything else (or
    everything, with ``keep_metadata``) is copied as it is. ``source`` is the absolute path,
    the path from the site root and the file's size and modification time as loading found
    them (None: not found); ``origin``, where a problem with the picture is reported."""
    path, file, found = source
    recipe = original_recipe(output, keep_metadata)
    if recipe is None:
        return CopyJob(output, path)
    stamp: tuple[object, ...] = (path, *found) if found else (path,)
    return PictureJob(output, path, file, recipe, digest(VERSION, stamp, recipe), origin)


def picture_jobs(graph: SiteGraph, root: Path) -> tuple[list[Job], dict[str, Origin]]:
    """The resized copies of every picture articles show and the crops of lead images, each
    once (articles share pictures), and where each picture is named (the first article by
    slug; a lead image or gallery item at its ``src`` line, a body picture at its body line)."""
    settings = graph.config.images
    jobs: dict[str, Job] = {}
    origins: dict[str, Origin] = {}
    # pictures already planned (with crops or not): thousands of articles may share one
    done: set[tuple[object, ...]] = set()
    for slug in sorted(graph.articles):
        article = graph.articles[slug]
        for image, field in _fields(article):
            crops = image is article.image
            # what the copies are made from (alt texts and captions differ between articles)
            seen = (image.file, image.url, image.digest, image.width, image.height, image.focus)
            if (*seen, crops) in done:
                continue  # same variants, same URLs: planned with its first article
            done.add((*seen, crops))
            pictures = pictures_of(image, settings)
            if pictures is None or image.file is None:
                continue
            source = str(root / image.file)
            origin = origins.setdefault(image.file, (article.file, image.line, field))
            for variant in pictures.variants(crops=crops):
                if variant.url not in jobs:
                    job = PictureJob(
                        variant.url, source, image.file, variant.recipe, variant.key, origin
                    )
                    jobs[variant.url] = job
    return list(jobs.values()), origins


def _fields(article: Article) -> list[tuple[Image, str]]:
    """The article's pictures with the field that names each."""
    lead = [(article.image, "image.src")] if article.image else []
    gallery = [(image, f"gallery.{n}.src") for n, image in enumerate(article.gallery)]
    return [*lead, *gallery, *((image, "body") for image in article.body_images)]
