"""The preview's HTTP side: static files of the last good build, the reload stream, the overlay."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sitegen.serve.files import Refused, TooLong, content_type, locate
from sitegen.serve.inject import EVENTS_PATH, event_data, inject, placeholder_page
from sitegen.serve.state import PreviewState, Snapshot

KEEPALIVE_SECONDS = 15.0
"""How often an idle event stream sends a comment, so proxies and browsers keep it open."""
_SWAP_RETRIES = 50
_SWAP_WAIT = 0.02
_HTML = "text/html; charset=utf-8"
_TEXT = "text/plain; charset=utf-8"
_WRONG_HOST = (
    b"Forbidden: the preview answers to localhost, an IP address or its --host name only.\n"
)
_LOCAL_NAMES = frozenset({"localhost"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})
"""Addresses that mean "listen on every interface"."""


class HostCheck:
    """Which ``Host`` headers the preview answers: the defence against DNS rebinding.

    A web page on another site can make the browser send requests to the preview (the page's
    domain name is made to resolve to 127.0.0.1), and read drafts from the answers; but such a
    request names the page's own domain in ``Host``. So the preview answers only to
    ``localhost``, an IP address (``127.0.0.1``, ``[::1]``, the machine's address when it listens
    on every interface: no DNS lookup is involved), or the ``--host`` name it was started with,
    each with its own port. A request without ``Host`` (HTTP/1.0 tools) is answered; browsers
    always send one.
    """

    def __init__(self, bound: str, port: int) -> None:
        self._names = _LOCAL_NAMES | ({bound.lower()} if bound not in WILDCARDS else set())
        self._port = port

    def allows(self, header: str | None) -> bool:
        """True when a request with this ``Host`` header (None: none sent) may be answered."""
        if header is None:
            return True
        name, port = _split_host(header.strip().lower())
        if port != self._port:
            return False
        return name in self._names or _is_address(name)


def _split_host(value: str) -> tuple[str, int | None]:
    """``name`` and port of a Host header (80 when it names none); None for a malformed port."""
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None if rest else "80"
    else:
        name, colon, port_text = value.rpartition(":")
        name, port = (name, port_text) if colon else (value, "80")
    if port is None or not port.isascii() or not port.isdigit():
        return name, None
    return name, int(port)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class _Reply:
    status: HTTPStatus
    file: Path | None
    data: bytes
    location: str | None = None


class PreviewHTTPServer(ThreadingHTTPServer):
    """A threaded server that knows the preview folder and the shared state."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], site: Path, state: PreviewState, ipv6: bool = False
    ) -> None:
        self.address_family = socket.AF_INET6 if ipv6 else socket.AF_INET
        self.site = site
        self.state = state
        super().__init__(address, PreviewHandler)
        self.hosts = HostCheck(address[0], self.server_address[1])


class PreviewHandler(BaseHTTPRequestHandler):
    """GET/HEAD of built files with the reload script injected into HTML; the SSE endpoint."""

    server: PreviewHTTPServer
    server_version = "sitegen-preview"

    def do_GET(self) -> None:
        if not self._host_allowed(send_body=True):
            return
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            self._events()
        else:
            self._file(send_body=True)

    def do_HEAD(self) -> None:
        if self._host_allowed(send_body=False):
            self._file(send_body=False)

    def _host_allowed(self, send_body: bool) -> bool:
        """Answer 403 to a ``Host`` the preview does not go by (see :class:`HostCheck`)."""
        if self.server.hosts.allows(self.headers.get("Host")):
            return True
        self._send(HTTPStatus.FORBIDDEN, _TEXT, _WRONG_HOST, send_body)
        return False

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows rebuilds and errors, not every request."""

    def _file(self, send_body: bool) -> None:
        snap = self.server.state.current()
        if not snap.has_site:
            page = placeholder_page(snap.problems, snap.generation)
            status = (
                HTTPStatus.INTERNAL_SERVER_ERROR
                if snap.problems
                else HTTPStatus.SERVICE_UNAVAILABLE
            )
            self._send(status, _HTML, page, send_body, ("Retry-After", "1"))
            return
        try:
            reply = self._read(self.server.site)
        except Refused:
            self._send(HTTPStatus.FORBIDDEN, _TEXT, b"Forbidden\n", send_body)
            return
        except TooLong:
            self._send(HTTPStatus.REQUEST_URI_TOO_LONG, _TEXT, b"URI too long\n", send_body)
            return
        if reply.location is not None:
            self._send(reply.status, _TEXT, b"", send_body, ("Location", reply.location))
            return
        kind = content_type(reply.file) if reply.file else _TEXT
        data = reply.data
        if kind.startswith("text/html"):
            data = inject(data, snap.generation, snap.problems)
        self._send(reply.status, kind, data, send_body)

    def _read(self, site: Path) -> _Reply:
        """Read the file for this request, waiting out the instant the writer swaps folders."""
        for _ in range(_SWAP_RETRIES):
            try:
                return self._lookup(site)
            except FileNotFoundError:
                time.sleep(_SWAP_WAIT)  # the folder is being swapped: it reappears at once
        return _Reply(HTTPStatus.SERVICE_UNAVAILABLE, None, b"The preview is being rebuilt.\n")

    def _lookup(self, site: Path) -> _Reply:
        """The reply for this request; FileNotFoundError while the site folder is missing."""
        found = locate(site, self.path)
        if found.redirect is not None:
            query = self.path.partition("?")[2]
            where = found.redirect + ("?" + query if query else "")
            return _Reply(HTTPStatus.MOVED_PERMANENTLY, None, b"", where)
        if found.file is not None:
            return _Reply(HTTPStatus.OK, found.file, found.file.read_bytes())
        not_found = site / "404.html"
        if not_found.is_file():
            return _Reply(HTTPStatus.NOT_FOUND, not_found, not_found.read_bytes())
        if not site.is_dir():
            raise FileNotFoundError(site)
        return _Reply(HTTPStatus.NOT_FOUND, None, b"Not found\n")

    def _send(
        self,
        status: HTTPStatus,
        kind: str,
        data: bytes,
        send_body: bool,
        *headers: tuple[str, str],
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _events(self) -> None:
        """Stream ``reload`` events: the current generation at once, then one per rebuild.

        The tab says which generation its page was served at (``?since=``). The first event names
        the pages of the current generation when the tab missed only that one (the usual case: a
        rebuild finished while the reloaded tab was connecting), else every page: the tab may
        have missed any number of rebuilds (it reloads only if its generation is not the current
        one).
        """
        since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        snap = state.current()
        try:
            self._event(snap, retry=True, missed_one=bool(since) and since == snap.previous)
            while True:
                seen = snap.generation
                snap = state.wait_change(seen, KEEPALIVE_SECONDS)
                if snap.closing:
                    return
                if snap.generation == seen:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                else:
                    self._event(snap)
        except (BrokenPipeError, ConnectionResetError):
            return

    def _event(self, snap: Snapshot, retry: bool = False, missed_one: bool = False) -> None:
        prefix = b"retry: 500\n" if retry else b""
        data = event_data(snap.generation, None if retry and not missed_one else snap.pages)
        self.wfile.write(prefix + f"event: reload\ndata: {data}\n\n".encode())
        self.wfile.flush()
