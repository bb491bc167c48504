"""The preview answers only to its own names: a page on another site cannot read drafts through
DNS rebinding (its requests carry its own domain in ``Host``). Real sockets, raw headers."""

from __future__ import annotations

import socket

import pytest

from sitegen.serve.handler import HostCheck
from sitegen.serve.inject import EVENTS_PATH
from sitegen.serve.server import PreviewServer

from .conftest import ARTICLE_URL


def _port(server: PreviewServer) -> int:
    return int(server.url.rstrip("/").rsplit(":", 1)[1])


def _request(server: PreviewServer, path: str, host: str | None, method: str = "GET") -> bytes:
    """One request with exactly this ``Host`` header (None: no Host line, as HTTP/1.0 allows)."""
    lines = [f"{method} {path} HTTP/1.0"] + ([f"Host: {host}"] if host is not None else [])
    with socket.create_connection(("127.0.0.1", _port(server)), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example:{port}",  # a rebinding page's own name, with the right port
        "attacker.example",
        "localhost.attacker.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "localhost:{other}",  # the right name, another port
        "127.0.0.1:{other}",
        "localhost:x{port}",
        "",
    ],
)
def test_a_foreign_host_is_refused(shared_server: PreviewServer, host: str) -> None:
    port = _port(shared_server)
    header = host.format(port=port, other=port + 1)
    for path in (ARTICLE_URL, "/", EVENTS_PATH):
        reply = _request(shared_server, path, header)
        assert _status(reply) == 403, (header, path)
        body = reply.partition(b"\r\n\r\n")[2]
        assert b"<html" not in body.lower() and b"event:" not in body
    assert _status(_request(shared_server, ARTICLE_URL, header, "HEAD")) == 403


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "LocalHost:{port}", "[::1]:{port}", None]
)
def test_local_names_are_answered(shared_server: PreviewServer, host: str | None) -> None:
    header = None if host is None else host.format(port=_port(shared_server))
    reply = _request(shared_server, ARTICLE_URL, header)
    assert _status(reply) == 200
    assert b"<title>" in reply


@pytest.mark.parametrize(
    ("bound", "header", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "127.0.0.1", False),  # no port: port 80
        ("127.0.0.1", "evil.example:8000", False),
        ("preview.lan", "preview.lan:8000", True),  # the --host name
        ("preview.lan", "PREVIEW.LAN:8000", True),
        ("preview.lan", "other.lan:8000", False),
        ("0.0.0.0", "192.168.1.20:8000", True),  # a phone on the network, by address
        ("0.0.0.0", "myhost.example:8000", False),
        ("::", "[fe80::1]:8000", True),
        ("::1", "[::1]:8000", True),
        ("127.0.0.1", "[::1]junk", False),
        ("127.0.0.1", "localhost:", False),
    ],
)
def test_host_check(bound: str, header: str, allowed: bool) -> None:
    assert HostCheck(bound, 8000).allows(header) is allowed


def test_port_80_may_be_left_out() -> None:
    assert HostCheck("127.0.0.1", 80).allows("localhost")
    assert HostCheck("127.0.0.1", 80).allows("[::1]")
