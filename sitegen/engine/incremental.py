"""What each output is made from, as one digest per job: the key the build manifest compares.

A RenderJob's key covers its template and every template it can reach (``extends``, ``include``,
``import``, resolved through the site's overrides), the digest of its template context itself
(``Contexts.page``), the URL settings the template helpers read, and the sitegen code itself. A
CopyJob's key is its source file's path, size and modification time; a DataJob's covers the
plain data it is serialized from; a PictureJob's, the source's digest and the recipe. Equal
key -> identical output.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from functools import cache

from jinja2 import Environment, TemplateError, meta

from sitegen.digests import code_digest, digest
from sitegen.engine.jobs import CopyJob, DataJob, Job, PictureJob, RenderJob


class TemplateDigests:
    """Per template name, a digest of the sources of every template it can reach."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._sources: dict[str, str | None] = {}
        self._closures: dict[str, str] = {}
        self._prefixes: dict[str, str] = {}
        self._references_of: dict[str, tuple[str | None, ...]] = {}
        """Templates each template source refers to, parsed once per source."""

    def _source(self, name: str) -> str | None:
        if name not in self._sources:
            try:
                assert self._env.loader is not None
                self._sources[name] = self._env.loader.get_source(self._env, name)[0]
            except TemplateError:  # missing, or unusable: rendering reports it
                self._sources[name] = None
        return self._sources[name]

    def _references(self, source: str) -> Iterable[str | None]:
        found = self._references_of.get(source)
        if found is None:
            try:
                found = tuple(meta.find_referenced_templates(self._env.parse(source)))
            except Exception:  # noqa: BLE001 - a syntax error is reported when rendering
                found = ()
            self._references_of[source] = found
        return found

    def prefix(self, name: str, settings: tuple[str, ...]) -> str:
        """The part of a RenderJob's key shared by every page of template ``name``."""
        if name not in self._prefixes:
            self._prefixes[name] = digest(code_digest(), settings, name, self.closure(name))
        return self._prefixes[name]

    def closure(self, name: str) -> str:
        """Digest of ``name`` and everything it extends, includes or imports."""
        if name not in self._closures:
            seen: dict[str, str | None] = {}
            pending: list[str | None] = [name]
            dynamic = False
            while pending:
                current = pending.pop()
                if current is None:
                    dynamic = True
                    continue
                if current in seen:
                    continue
                source = seen[current] = self._source(current)
                if source is not None:
                    pending.extend(self._references(source))
            digest = hashlib.sha256()
            for key in sorted(seen):
                digest.update(f"{key}\0{seen[key]}\0".encode())
            if dynamic:
                digest.update(self._everything().encode())
            self._closures[name] = digest.hexdigest()
        return self._closures[name]

    def _everything(self) -> str:
        """Digest of every template: the sound fallback when a name is computed at run time."""
        assert self._env.loader is not None
        names = self._env.loader.list_templates()
        return hashlib.sha256(
            "\0".join(f"{n}\0{self._source(n)}" for n in sorted(names)).encode()
        ).hexdigest()


def render_key(job: RenderJob, templates: TemplateDigests, settings: tuple[str, ...]) -> str:
    """The key of a RenderJob: two digests of everything its bytes depend on (its template's
    prefix and its inputs), side by side: hashing them again for every page gains nothing."""
    if job.inputs is None:
        raise ValueError(f"{job.output}: its key is known only once its context is built")
    return templates.prefix(job.template, settings) + job.inputs


def copy_key(job: CopyJob) -> str:
    """The key of a CopyJob: its source's path, size and modification time."""
    try:
        st = os.stat(job.source)
    except OSError:
        return ""
    return f"copy:{job.source}:{st.st_size}:{st.st_mtime_ns}"


def data_key(job: DataJob, settings: tuple[str, ...]) -> str:
    """The key of a DataJob (feed, sitemap...): its serializer and the plain data it is given."""
    return digest(code_digest(), settings, job.format, job.inputs or job.data)


def picture_key(job: PictureJob) -> str:
    """The key of a PictureJob: its cache key (the source's digest and the recipe) and the
    Pillow that encodes it (another version may give other bytes)."""
    return f"picture:{_pillow_version()}:{job.cache_key}"


@cache
def _pillow_version() -> str:
    """Looked up once: a rebuild keys thousands of pictures."""
    import PIL

    return PIL.__version__


def job_key(job: Job, templates: TemplateDigests, settings: tuple[str, ...]) -> str:
    """The key of any job."""
    if isinstance(job, CopyJob):
        return copy_key(job)
    if isinstance(job, PictureJob):
        return picture_key(job)
    if isinstance(job, DataJob):
        return data_key(job, settings)
    return render_key(job, templates, settings)
