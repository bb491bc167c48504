"""The units of output: one job per file to write, declared before anything is rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sitegen.render.pictures import Recipe


class ViewRef(NamedTuple):
    """Which page view a RenderJob shows, e.g. ``ViewRef("article", slug)`` or
    ``ViewRef("listing", "tags", 3, 2)`` (see :mod:`sitegen.engine.contexts`, which builds the
    template context from it). A tuple: cheap to hash, to compare and to send to a worker, and
    kept in the plan memo as a JSON array."""

    kind: str
    """``article``, ``page``, ``home``, ``front``, ``listing``, ``corrections``, ``search``,
    ``404`` or ``redirect``."""
    name: str = ""
    """The article's slug (``article``, ``redirect``), the listing's group (``listing``:
    ``sections``, ``tags``, ``authors``, ``years``, ``months``), or the language of a 404 page
    in another language than the site's."""
    position: int = 0
    """The position of the standalone page (``page``), of the other language's front page
    (``front``) or of the listing in its group (``listing``)."""
    number: int = 0
    """The page number, from 1, of a paginated view (``home``, ``front``, ``listing``)."""


EVERY = "*"
"""In a page's reads: its view went through all the articles (any article's edit may show)."""


@dataclass(frozen=True, slots=True)
class RenderJob:
    """A page rendered from a template and the view data its ``view`` names.

    The view data itself is built only when the page is rendered (in the render worker): a
    rebuild after a one-article edit renders a handful of pages, and planning every page's view
    data for an archive of 10,000 articles would cost more than the rendering.
    """

    output: str
    """File path inside the output folder (POSIX, relative)."""
    template: str
    """Template name, looked up in the site's templates/ first, then the theme."""
    view: ViewRef
    """Which view the page shows (resolved by :class:`sitegen.engine.contexts.Contexts`)."""
    inputs: str | None
    """Digest of the view's context from an earlier build, when none of the articles it was
    built from changed since (see :mod:`sitegen.engine.planmemo`); None: built and digested
    while rendering, and rendered only if that digest differs (see ``Contexts.page``)."""
    sources: tuple[str, ...] = ()
    """Site files the page is made from (for error messages)."""


@dataclass(frozen=True)
class CopyJob:
    """A file copied as it is (static assets, images)."""

    output: str
    """File path inside the output folder (POSIX, relative)."""
    source: str
    """Absolute path of the file to copy."""


@dataclass(frozen=True)
class DataJob:
    """A machine-readable file (feed, sitemap, robots.txt) serialized from plain data."""

    output: str
    """File path inside the output folder (POSIX, relative)."""
    format: str
    """Serializer name: ``rss``, ``atom``, ``json-feed``, ``sitemap``, ``sitemap-index``,
    ``news-sitemap`` or ``robots`` (see :mod:`sitegen.syndication.serialize`)."""
    data: dict[str, Any] | None
    """Plain data the serializer turns into bytes; None when it is built only if the file is
    rendered (sitemaps reused from the plan memo: see ``Contexts.data``)."""
    sources: tuple[str, ...] = ()
    """Site files the output is made from (for error messages)."""
    inputs: str = ""
    """A digest of ``data``, when it was worked out in planning: the key then uses it instead
    of digesting the data again (a sitemap lists every page of the site)."""


@dataclass(frozen=True, slots=True)
class PictureJob:
    """A picture made from a source picture: cleaned of metadata, resized or cropped."""

    output: str
    """File path inside the output folder (POSIX, relative)."""
    source: str
    """Absolute path of the source picture."""
    file: str
    """The source picture's path from the site root (for problems)."""
    recipe: Recipe
    """How it is made (size, format, crop, quality)."""
    cache_key: str
    """Names the made picture in the picture cache and the build manifest: a digest of the
    source's bytes (or, for a picture of ``static/`` published at its own path, its path, size
    and modification time) and the recipe."""
    origin: tuple[str, int | None, str | None]
    """The site file, line and field a problem with the picture is reported at: the article's
    ``image.src``, ``gallery.N.src`` or body line, or the picture itself under ``static/``."""


Job = RenderJob | CopyJob | DataJob | PictureJob
