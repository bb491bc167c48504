"""The preview server: bind, build, serve, watch, rebuild; stop cleanly on Ctrl-C.

Every rebuild is a call to :func:`sitegen.pipeline.build` into the preview's own folder (with
drafts and future articles), so the preview gets exactly what the pipeline does, incremental
rebuilds included. The writer builds aside and swaps, so the server never sees a half-built site;
a failed rebuild writes nothing and the last good site stays, with the problems in an overlay.

Saving one article first takes the fast path (:mod:`sitegen.serve.hotpage`): its page is
rendered from the last good build and its tabs reload at once; the full rebuild follows on its
own thread (so the next save does not wait for it) and reloads only the tabs whose page changed.
"""

from __future__ import annotations

import errno
import signal
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from jinja2 import TemplateError
from rich.console import Console

from sitegen.commands.summary import plural
from sitegen.content.discover import is_markdown
from sitegen.engine.uptodate import forget as forget_snapshot
from sitegen.errors import Problem, ProblemsFound, SitegenError, UsageError
from sitegen.pipeline import BuildOptions, build
from sitegen.serve.handler import WILDCARDS, PreviewHTTPServer
from sitegen.serve.hotpage import HotPages
from sitegen.serve.inject import page_paths
from sitegen.serve.state import PreviewState
from sitegen.serve.watcher import DEBOUNCE_SECONDS, Debouncer, SourceWatcher
from sitegen.state.layout import preview_dir

PREVIEW_DIR = preview_dir(Path()).name
"""The preview's output folder, under ``.sitegen/`` (never ``public/``)."""
T = TypeVar("T")


@dataclass(frozen=True)
class ServeOptions:
    """Where the preview listens and what it builds."""

    root: Path
    """The site folder (holding sitegen.yaml)."""
    host: str = "127.0.0.1"
    """Address to bind; loopback unless told otherwise."""
    port: int = 8000
    """TCP port; 0 picks a free one."""
    debounce: float = DEBOUNCE_SECONDS
    """Quiet time after the last file event before rebuilding."""
    reload: bool = True
    """Watch the sources, rebuild on change and reload open tabs (``--no-reload``: build once)."""
    open_browser: bool = False
    """Open the preview in the default web browser once it is built (``--open``)."""


class PreviewServer:
    """Owns the HTTP server, the watcher, the rebuild thread and the shared state."""

    def __init__(self, options: ServeOptions, console: Console | None = None) -> None:
        self.options = options
        self.site = preview_dir(options.root)
        self.state = PreviewState()
        self.console = console or Console(stderr=True, highlight=False, soft_wrap=True)
        self._httpd: PreviewHTTPServer | None = None
        self.hot = HotPages(options.root, self.site)
        # Two threads: the debouncer's tries the fast path for each burst of changes and hands
        # the burst on to the builder's, which runs the full rebuilds (bursts that arrive during
        # one are built together after it).
        self._builder = Debouncer(self._rebuild_for, 0.0)
        self._debouncer = Debouncer(self._changed, options.debounce)
        self._watcher = SourceWatcher(options.root, self._debouncer)
        self._http_thread: threading.Thread | None = None
        self.building = threading.Lock()
        """Held while a full build writes the preview folder (one at a time); whoever holds it
        holds full rebuilds back, while single-article renders of the fast path go on."""

    @property
    def url(self) -> str:
        """The preview's address (with the real port when 0 was asked for)."""
        assert self._httpd is not None, "start() first"
        port = self._httpd.server_address[1]
        host = self.options.host
        host = "127.0.0.1" if host in WILDCARDS else host
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def start(self) -> None:
        """Bind the port (failing fast if taken), serve and watch, then build once.

        Tabs opened during the first build get a "building" page that reloads when it is done;
        edits saved during it cause one more build.
        """
        self._httpd = _bind(self.options.host, self.options.port, self.site, self.state)
        self._http_thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.1,), name="sitegen-http", daemon=True
        )
        self._http_thread.start()
        self._builder.start()
        self._debouncer.start()
        if self.options.reload:
            self._watcher.start()
        self.console.print(
            f"Serving {self.url} (drafts and future articles shown, live reload "
            f"{'on' if self.options.reload else 'off'}); press Ctrl-C to stop.",
            markup=False,
        )
        if self.rebuild(()) and not self.hot.ready():
            # Nothing had changed since the last run, so the build stopped early and gave the
            # fast path no graph: run the stages once more (with the site already served).
            forget_snapshot(self.options.root, self.site)
            self.rebuild(())
        if self.options.open_browser:
            webbrowser.open(self.url)  # after the first build: the tab opens on the site

    def rebuild(self, changed: tuple[str, ...]) -> bool:
        """Build the preview; on failure keep the last good site and publish the problems.

        The reload event names the pages the build wrote or removed, or every page after the
        first build, a failure or its fix, and changes outside ``content/``'s Markdown.
        """
        with self.building:  # one build at a time writes the preview folder
            return self._build(changed)

    def _build(self, changed: tuple[str, ...]) -> bool:
        started = time.perf_counter()
        change = self.hot.current()
        before = self.state.current()
        options = BuildOptions(
            self.options.root,
            drafts=True,
            future=True,
            base_url=self.url,
            output=self.site,
            keep=lambda graph, plan: self.hot.keep(graph, plan, change),
        )
        try:
            result = build(options)
        except ProblemsFound as exc:
            self._failed(tuple(exc.problems), exc.lines())
            return False
        except SitegenError as exc:
            self._failed((Problem("(build)", None, None, exc.message),), exc.lines())
            return False
        except Exception as exc:  # a bug in a build must not take the preview down
            problem = Problem("(build)", None, None, f"{type(exc).__name__}: {exc}")
            self._failed((problem,), traceback.format_exc().splitlines())
            return False
        restored = self.hot.restore(change)
        everything = (
            before.problems or not before.has_site or (changed and not self._content_only(changed))
        )
        written = result.report.changed if result.report else ()
        pages = None if everything else page_paths(o for o in written if o not in restored)
        self.state.built(pages)
        what = f" after {_describe(changed, self.options.root)}" if changed else ""
        self.console.print(
            f"Built {plural(result.articles, 'article')} and {plural(result.pages, 'page')}{what} "
            f"in {time.perf_counter() - started:.2f}s",
            markup=False,
        )
        self._guarded("warming up the templates", self.hot.warm)
        return True

    def _content_only(self, changed: tuple[str, ...]) -> bool:
        """Only Markdown under content/ changed (so only rewritten pages need reloading)."""
        content = self.options.root.absolute() / "content"
        return all(is_markdown(path) and Path(path).is_relative_to(content) for path in changed)

    def _changed(self, changed: tuple[str, ...]) -> None:
        """A burst of source changes: the fast path when it applies, then a full rebuild."""
        started = time.perf_counter()
        change = self.hot.next_change()
        page = self._guarded("the fast path", lambda: self.hot.render(changed, change))
        if page is not None:
            self.state.built(page_paths([page.output]))
            self.console.print(
                f"Rendered {page.output} in {time.perf_counter() - started:.2f}s; "
                "rebuilding the rest",
                markup=False,
            )
        for path in changed:
            self._builder.poke(path)

    def _guarded(self, what: str, action: Callable[[], T]) -> T | None:
        """``action()``; an exception is reported and ignored (the full rebuild still runs)."""
        try:
            return action()
        except TemplateError:
            return None  # the full rebuild reports it, with the template's file and line
        except Exception as exc:
            self.console.print(f"Skipped {what}: {type(exc).__name__}: {exc}", markup=False)
            return None

    def _rebuild_for(self, changed: tuple[str, ...]) -> None:
        self.rebuild(changed)

    def _failed(self, problems: tuple[Problem, ...], lines: list[str]) -> None:
        self.hot.forget()
        self.state.failed(problems)
        for line in lines:
            self.console.print(line, markup=False, style="red")
        self.console.print("Still serving the last good build; fix the file and save.")

    def stop(self) -> None:
        """Stop watching, finish a running rebuild, end event streams and close the socket."""
        self._watcher.stop()
        self._debouncer.stop()
        self._builder.stop()
        self.state.close()
        if self._httpd is not None:
            if self._http_thread is not None:
                self._httpd.shutdown()
            self._httpd.server_close()

    def run(self) -> None:
        """Start, then serve until Ctrl-C or SIGTERM."""
        if threading.current_thread() is threading.main_thread():
            # SIGINT too: a server started in the background inherits "ignore SIGINT", and
            # Ctrl-C (or `kill -INT`) must still stop it cleanly.
            signal.signal(signal.SIGTERM, _interrupt)
            signal.signal(signal.SIGINT, _interrupt)
        try:
            self.start()
            while self._http_thread is not None and self._http_thread.is_alive():
                self._http_thread.join(timeout=0.5)
        except KeyboardInterrupt:
            pass
        finally:
            if self._httpd is not None:  # None: binding failed, nothing to stop
                self.stop()
                self.console.print("Stopped.", markup=False)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _bind(host: str, port: int, site: Path, state: PreviewState) -> PreviewHTTPServer:
    try:
        return PreviewHTTPServer((host, port), site, state, ipv6=":" in host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                f"port {port} on {host} is already in use; stop the other server or use --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise UsageError(
                f"not allowed to listen on port {port}; use a port above 1023"
            ) from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _describe(changed: tuple[str, ...], root: Path) -> str:
    names = []
    for path in changed[:3]:
        try:
            names.append(Path(path).relative_to(root.absolute()).as_posix())
        except ValueError:
            names.append(path)
    more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
    return ", ".join(names) + more
