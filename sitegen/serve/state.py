"""What the preview server currently serves: the last good build, and the last build's problems.

Request threads read it and the rebuild threads replace it; a condition variable wakes the
Server-Sent Events streams when a rebuild finishes, so the tabs showing a changed page reload.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, replace

from sitegen.errors import Problem


@dataclass(frozen=True)
class Snapshot:
    """One consistent view of the state, taken by a request at its start."""

    generation: str
    """Changes after every rebuild (good or failed); pages embed it to know they are stale."""
    problems: tuple[Problem, ...]
    """Problems of the last rebuild; empty when it succeeded."""
    has_site: bool
    """False until a build has succeeded (then only an error page can be shown)."""
    pages: tuple[str, ...] | None = None
    """URL paths (``/2021/01/slug/``) of the pages this generation changed; None means every
    page (the first build, a failure or its fix, a template, static or config change)."""
    closing: bool = False
    """The server is shutting down; event streams end."""
    previous: str = ""
    """The generation this one followed: a tab served at ``previous`` missed only this one."""


class PreviewState:
    """Thread-safe holder of the current :class:`Snapshot`."""

    def __init__(self) -> None:
        # A per-process prefix: a tab left open across a server restart sees a new generation.
        self._instance = secrets.token_hex(4)
        self._count = 0
        self._cond = threading.Condition()
        self._snapshot = Snapshot(self._next(), (), has_site=False)

    def _next(self) -> str:
        self._count += 1
        return f"{self._instance}-{self._count}"

    def current(self) -> Snapshot:
        """The state as of now."""
        with self._cond:
            return self._snapshot

    def built(self, pages: tuple[str, ...] | None = None) -> None:
        """A rebuild succeeded: clear problems and tell the tabs showing ``pages`` (None: all)."""
        self._publish((), has_site=True, pages=pages)

    def failed(self, problems: tuple[Problem, ...]) -> None:
        """A rebuild failed: keep the last good site, record its problems, tell every open tab."""
        self._publish(problems, has_site=self.current().has_site, pages=None)

    def close(self) -> None:
        """End every event stream (server shutdown)."""
        with self._cond:
            self._snapshot = replace(self._snapshot, closing=True)
            self._cond.notify_all()

    def wait_change(self, seen: str, timeout: float) -> Snapshot:
        """Block until the generation differs from ``seen``, shutdown, or ``timeout`` passes."""
        with self._cond:
            self._cond.wait_for(
                lambda: self._snapshot.generation != seen or self._snapshot.closing, timeout
            )
            return self._snapshot

    def _publish(
        self, problems: tuple[Problem, ...], has_site: bool, pages: tuple[str, ...] | None
    ) -> None:
        with self._cond:
            before = self._snapshot.generation
            self._snapshot = Snapshot(self._next(), problems, has_site, pages, previous=before)
            self._cond.notify_all()
