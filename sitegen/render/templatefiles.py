"""Template folders: where each template comes from, read only as UTF-8 and only from inside.

The site's ``templates/`` overrides the theme's. Each folder is its own loader, so a template
failure can be named by the folder it came from (``templates/article.html`` for the site's, the
full path for the theme's), and a template that cannot be used (a link out of the site, a link
loop, bytes that are not UTF-8) is a :class:`TemplateSourceError` at its file and line instead of
an ``OSError`` or ``UnicodeDecodeError`` from deep inside Jinja.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound
from jinja2 import TemplateSyntaxError as _TemplateSyntaxError
from jinja2.loaders import split_template_path

from sitegen.content.discover import LINK_HINT, Bounds


class TemplateSourceError(_TemplateSyntaxError):
    """A template file that cannot be used as a template; located like a syntax error."""

    def __init__(self, message: str, lineno: int, name: str, filename: str, hint: str) -> None:
        super().__init__(message, lineno, name, filename)
        self.hint = hint


class TemplateFolder(FileSystemLoader):
    """The templates of one folder; ``label`` names them in problems (None: the full path)."""

    def __init__(self, folder: Path, label: str | None, bounds: Bounds) -> None:
        super().__init__(str(folder))
        self.folder = os.path.normpath(folder)
        self.label = label
        self.bounds = bounds

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = os.path.join(self.folder, *split_template_path(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        wrong = self.bounds.problem(path)
        if wrong is not None:
            raise TemplateSourceError(wrong, 1, template, path, LINK_HINT)
        if not os.path.isfile(path):
            hint = "replace it with a text file"
            raise TemplateSourceError("is not a regular file", 1, template, path, hint)
        try:
            return super().get_source(environment, template)
        except TemplateNotFound:  # an OSError too: gone since it was found
            raise
        except UnicodeDecodeError as exc:
            reason = f"is not UTF-8 text (bad byte at offset {exc.start})"
            line = _line_of(path, exc)
            raise TemplateSourceError(reason, line, template, path, "save it as UTF-8") from None
        except OSError as exc:
            reason = f"cannot be read ({exc.strerror})"
            hint = "check the file's permissions"
            raise TemplateSourceError(reason, 1, template, path, hint) from None

    def shown(self, filename: str) -> str | None:
        """How problems name ``filename`` when it is one of this folder's templates."""
        if not filename.startswith(self.folder + os.sep):
            return None
        if self.label is None:
            return filename
        return self.label + "/" + filename[len(self.folder) + 1 :].replace(os.sep, "/")


def template_loader(dirs: list[Path], theme: Path) -> BaseLoader:
    """The loader of an environment: ``dirs`` searched in order (the site's, then the theme's).

    A folder of the site (``<site>/templates``) may read files anywhere in its site and is
    named relative to it; the theme's (``theme``) stays inside the theme and is named in full.
    """
    folders = []
    for folder in dirs:
        if folder == theme / "templates":
            folders.append(TemplateFolder(folder, None, Bounds(theme, "the theme")))
        else:
            folders.append(TemplateFolder(folder, folder.name, Bounds(folder.parent)))
    return ChoiceLoader(folders)


def shown_name(env: Environment, filename: str) -> str | None:
    """How problems name the template file ``filename`` of ``env``; None when it is none of its
    templates (a frame of sitegen's or Jinja's own code)."""
    loaders = getattr(env.loader, "loaders", [env.loader])
    for loader in loaders:
        if isinstance(loader, TemplateFolder):
            found = loader.shown(filename)
            if found is not None:
                return found
    return None


def failing_line(env: Environment, exc: BaseException) -> tuple[str, int] | None:
    """The template file (as problems name it) and line where ``exc`` was raised, innermost
    first; None when no template of ``env`` is on its traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        name = shown_name(env, frame.filename)
        if name is not None:
            return name, frame.lineno or 1
    return None


def _line_of(path: str, exc: UnicodeDecodeError) -> int:
    try:
        with open(path, "rb") as handle:
            return handle.read(exc.start).count(b"\n") + 1
    except OSError:
        return 1
