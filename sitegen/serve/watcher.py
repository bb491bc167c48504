"""Watch the site's sources and call a rebuild once per burst of changes.

Editors save several files at once (and write temporary files while doing it), so events are
collected until the sources have been quiet for a short delay; changes that arrive during a
rebuild trigger exactly one more rebuild after it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePath

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED_DIRS = ("content", "templates", "static", "locale")
CONFIG_FILE = "sitegen.yaml"
DEBOUNCE_SECONDS = 0.1
"""Quiet time after the last event before rebuilding."""

_CHANGES = {"created", "modified", "deleted", "moved"}
_TEMP_SUFFIXES = ("~", ".swp", ".swx", ".swpx", ".tmp", ".part", ".kate-swp")


def is_editor_noise(path: str) -> bool:
    """Temporary files editors write while saving (vim, emacs, kate, JetBrains)."""
    name = PurePath(path).name
    return (
        name.endswith(_TEMP_SUFFIXES)
        or name.startswith(".#")
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"  # vim's write test
        or name.endswith("___jb_tmp___")
        or name.endswith("___jb_old___")
    )


class Debouncer:
    """Runs ``action(changed_paths)`` on its own thread after each quiet burst of :meth:`poke`."""

    def __init__(
        self, action: Callable[[tuple[str, ...]], None], delay: float = DEBOUNCE_SECONDS
    ) -> None:
        self._action = action
        self._delay = delay
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._last: float | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="sitegen-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self, path: str) -> None:
        """Note a change; the action runs once the changes stop for ``delay`` seconds."""
        with self._cond:
            self._pending.add(path)
            self._last = time.monotonic()
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _run(self) -> None:
        while (batch := self._next_batch()) is not None:
            self._action(batch)

    def _next_batch(self) -> tuple[str, ...] | None:
        with self._cond:
            while True:
                if self._stopped:
                    return None
                if self._last is None:
                    self._cond.wait()
                    continue
                remaining = self._last + self._delay - time.monotonic()
                if remaining > 0:
                    self._cond.wait(remaining)
                    continue
                batch = tuple(sorted(self._pending))
                self._pending.clear()
                self._last = None
                return batch


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, debouncer: Debouncer, watcher: SourceWatcher) -> None:
        self._root = root
        self._debouncer = debouncer
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return  # opened/closed events: the build itself reads every file
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = raw.decode() if isinstance(raw, bytes) else raw
            if path and self._relevant(path):
                if event.is_directory and event.event_type == "created":
                    self._watcher.watch_new_folder(Path(path))
                if not (event.is_directory and event.event_type == "modified"):
                    self._debouncer.poke(path)

    def _relevant(self, path: str) -> bool:
        try:
            rel = Path(path).relative_to(self._root)
        except ValueError:
            return False
        if not rel.parts or is_editor_noise(path):
            return False
        if len(rel.parts) == 1:
            return rel.name == CONFIG_FILE or rel.name in WATCHED_DIRS
        return rel.parts[0] in WATCHED_DIRS


class SourceWatcher:
    """watchdog observers on content/, templates/, static/ and sitegen.yaml (not the output)."""

    def __init__(self, root: Path, debouncer: Debouncer) -> None:
        self._root = root.absolute()
        self._observer = Observer()
        self._handler = _Handler(self._root, debouncer, self)
        self._watched: set[str] = set()

    def start(self) -> None:
        # The root itself non-recursively (sitegen.yaml, and source folders created later):
        # a recursive watch on it would also see the preview output and any .venv.
        self._observer.schedule(self._handler, str(self._root), recursive=False)
        for name in WATCHED_DIRS:
            self.watch_new_folder(self._root / name)
        self._observer.start()

    def watch_new_folder(self, folder: Path) -> None:
        """Watch a top-level source folder recursively (once)."""
        if folder.parent != self._root or folder.name not in WATCHED_DIRS:
            return
        if folder.is_dir() and str(folder) not in self._watched:
            self._watched.add(str(folder))
            self._observer.schedule(self._handler, str(folder), recursive=True)

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=10)
