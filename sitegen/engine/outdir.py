"""The output folder is sitegen's alone: which folders may be one, and the marker that says so.

A build replaces and removes files in its output folder, so the folder must never be one that
holds anything else the user cares about. :func:`output_problems` refuses, as problems pointing at
``output_dir`` in ``sitegen.yaml`` (``build`` and ``check`` both call it, before anything else):

- the site folder itself (or anything above it), the site's sources (``content/``, ``templates/``,
  ``static/``, ``sitegen.yaml``, ``.sitegen/``) and any folder inside them;
- a version-control folder (``.git``, ``.hg``, ``.svn``, ``.bzr``) or anything inside one;
- a path reached through a symbolic link (the folder, or any folder on the way to it);
- a file, and an existing folder that is not empty and that sitegen did not create.

Ownership is recorded by a marker file, ``.sitegen-output``, written into the folder by the first
build that publishes into it (an empty or missing folder). A folder built by an earlier sitegen,
before the marker existed, is recognised by its build manifest and adopted. Inside its folder a
build writes only the files its jobs produce and removes only files its manifest lists, so a
hand-written ``CNAME`` or ``.nojekyll`` next to the pages survives every build.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePath

from sitegen.config import CONFIG_FILE
from sitegen.engine.manifest import manifest_file
from sitegen.engine.stamp import SOURCE_PARTS
from sitegen.errors import Problem
from sitegen.state import STATE_DIR
from sitegen.text.yamlsource import YamlSyntaxError, parse_mapping

MARKER = ".sitegen-output"
"""The marker file at the top of an output folder: this folder is sitegen's."""
MARKER_DATA = {"format": "sitegen-output", "version": 1}
"""What the marker holds: plain data, never read as anything but this."""
VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".bzr"})
"""Folders of version-control systems: an output folder is never one of them or inside one."""
_SOURCES = {
    **{part: f"the site's {part}/ folder" for part in SOURCE_PARTS if "." not in part},
    "sitegen.yaml": "the site's config file",
    STATE_DIR: f"sitegen's state folder {STATE_DIR}/",
}
"""The site's sources and state, by name in the site folder, as problems name them."""
_EMPTY_HINT = "empty the folder, or set output_dir to a new folder (sitegen creates it)"


@dataclass(frozen=True)
class OutputFolder:
    """The folder a build writes into, and where its setting is, for problems about it."""

    root: Path
    """The site folder."""
    path: Path
    """The output folder (``root / output_dir``, not resolved)."""
    setting: str | None
    """``output_dir`` as written in ``sitegen.yaml``; None for a folder sitegen chose itself
    (the preview's, under ``.sitegen/``), which the rules about sources do not apply to."""

    @property
    def staging(self) -> Path:
        """The staging folder: a hidden sibling, so renames stay on one file system."""
        return self.path.with_name(f".{self.path.name}.staging")

    def problem(self, message: str, hint: str | None = None) -> Problem:
        """A problem about this folder, pointing at ``output_dir:`` in ``sitegen.yaml``."""
        if self.setting is None:
            where = self.path.relative_to(self.root).as_posix()
            return Problem(where, None, None, message, hint)
        return Problem(CONFIG_FILE, _setting_line(self.root), "output_dir", message, hint)


def output_problems(folder: OutputFolder) -> list[Problem]:
    """Everything that makes ``folder`` unfit to be built into (at most one problem).

    Read-only: ``sitegen check`` runs it too. Each rule is a cheap ``lstat`` or two, so it runs on
    every build, a no-op rebuild included.
    """
    message = _path_rule(folder) or _content_rule(folder)
    if message is None:
        return []
    text, hint = message
    return [folder.problem(text, hint)]


def _path_rule(folder: OutputFolder) -> tuple[str, str | None] | None:
    """Where the folder is: inside the site, clear of its sources, VCS folders and links."""
    root, setting = folder.root, folder.setting
    parts = _parts(folder)
    if setting is not None:
        shown = repr(setting)
        if not parts:
            return f"{shown} is the site folder itself; expected a folder inside it", None
        if parts[0] in _SOURCES:
            what = "is" if len(parts) == 1 else "is inside"
            return f"{shown} {what} {_SOURCES[parts[0]]}", "choose a folder such as 'public'"
        vcs = next((p for p in parts if p in VCS_FOLDERS), None)
        if vcs is not None:
            return f"{shown} is a version-control folder or inside one ({vcs})", None
    here = root
    for part in parts:
        here = here / part
        if here.is_symlink():
            return (
                f"{here.relative_to(root).as_posix()} is a symbolic link; the output folder "
                "must be a real folder inside the site, not reached through a link",
                None,
            )
    resolved, site = folder.path.resolve(), root.resolve()
    if resolved == site or not resolved.is_relative_to(site):
        return f"{folder.path} is not inside the site folder {root}", None
    if folder.staging.is_symlink():
        return f"the staging folder {folder.staging.name} is a symbolic link", None
    return None


def _content_rule(folder: OutputFolder) -> tuple[str, str | None] | None:
    """What the folder holds: nothing, or a build of sitegen's."""
    path = folder.path
    if not os.path.lexists(path):
        return None
    if not path.is_dir():
        return f"{_shown(folder)} is a file, not a folder", None
    if folder.setting is None:  # the preview's folder, inside sitegen's own state folder
        return None
    if owned(path) or not _nonempty(path) or _built_before(folder):
        return None
    return (
        f"{_shown(folder)} already holds files that sitegen did not write (it has no "
        f"{MARKER} marker); sitegen builds only into a new or empty folder",
        _EMPTY_HINT,
    )


def owned(path: Path) -> bool:
    """Whether ``path`` carries sitegen's marker (a regular file holding :data:`MARKER_DATA`)."""
    marker = path / MARKER
    try:
        if marker.is_symlink():
            return False
        data = json.loads(marker.read_bytes()[:4096])
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == MARKER_DATA["format"]


def claim(path: Path) -> None:
    """Write the marker into ``path`` (a new or empty folder, or one built before the marker)."""
    if not owned(path):
        (path / MARKER).write_text(json.dumps(MARKER_DATA) + "\n", encoding="utf-8")


def _nonempty(path: Path) -> bool:
    with os.scandir(path) as entries:
        return next(entries, None) is not None


def _built_before(folder: OutputFolder) -> bool:
    """A folder an earlier sitegen built (its manifest is there), before the marker existed."""
    return manifest_file(folder.root, folder.path).is_file()


def _parts(folder: OutputFolder) -> tuple[str, ...]:
    """The folder's path below the site root, part by part (``.`` parts dropped)."""
    if folder.setting is not None:
        return tuple(p for p in PurePath(folder.setting).parts if p not in ("", "."))
    try:
        return folder.path.relative_to(folder.root).parts
    except ValueError:
        return ()


def _shown(folder: OutputFolder) -> str:
    return repr(folder.setting) if folder.setting is not None else str(folder.path)


def _setting_line(root: Path) -> int | None:
    """The line of ``output_dir:`` in ``sitegen.yaml`` (read again: only problems need it)."""
    try:
        doc = parse_mapping((root / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None
    return doc.lines.get("output_dir")
