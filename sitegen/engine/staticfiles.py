"""The site's ``static/`` folder: the files copied as they are to the output root.

Nothing is read from outside ``static/``: a link out of it, a broken link or a link loop is a
problem, as is a file sitegen may not read or whose name is not UTF-8, so that ``check`` finds
what would otherwise stop ``build`` while copying. Hidden files (``.gitkeep``) are left out.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sitegen.content.discover import LINK_HINT, STATIC_DIR, Bounds, name_problem, unreadable
from sitegen.engine.jobs import CopyJob
from sitegen.errors import Problem


def static_files(root: Path) -> tuple[list[CopyJob], list[Problem]]:
    """A copy job per file of ``root/static/``, and the problems of entries that cannot be."""
    base = root / STATIC_DIR
    if not base.is_dir():
        return [], []
    bounds = _bounds(root)
    jobs: list[CopyJob] = []
    problems: list[Problem] = []
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        shown = f"{STATIC_DIR}/{rel}"
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        wrong = bounds.problem(str(path)) if path.is_symlink() else None
        if wrong is not None:
            problems.append(Problem(shown, 1, None, wrong, LINK_HINT))
        elif (wrong_name := name_problem(shown)) is not None:
            problems.append(wrong_name)
        elif not path.is_file():
            continue
        elif not os.access(path, os.R_OK):
            problems.append(unreadable(shown, PermissionError(errno.EACCES, "Permission denied")))
        else:
            jobs.append(CopyJob(rel, str(path)))
    return jobs, problems


def is_static_file(root: Path, path: Path) -> bool:
    """Whether ``path`` is a readable file inside ``root/static/`` (links resolved)."""
    if not path.is_file() or _bounds(root).problem(str(path)) is not None:
        return False
    return os.access(path, os.R_OK)


def _bounds(root: Path) -> Bounds:
    return Bounds(root / STATIC_DIR, f"the {STATIC_DIR}/ folder")
