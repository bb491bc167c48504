"""Paths outside the preview folder are refused, asked over a real socket."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from sitegen.serve.files import Refused, request_parts
from sitegen.serve.server import PreviewServer

from .conftest import get

SECRET = "TOP-SECRET-MARKER"

TRAVERSALS = [
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/images/../../secret.txt",
    "/images/%2e%2e/%2e%2e/secret.txt",
    "/..%5csecret.txt",
    "/%2e%2e%5c%2e%2e%5csecret.txt",
    "/secret.txt%00.html",
    "/%c0%ae%c0%ae/secret.txt",
]


def _raw_request(server: PreviewServer, target: str) -> tuple[int, bytes]:
    """Send the request line byte for byte (no client-side normalisation)."""
    port = int(server.url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        request = f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        sock.sendall(request.encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.fixture(scope="module")
def secrets_around(shared_server: PreviewServer) -> PreviewServer:
    """Secret files next to the preview folder, in the site root and above it."""
    site = shared_server.options.root
    for folder in (site, site / ".sitegen", site.parent):
        (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return shared_server


@pytest.mark.parametrize("target", TRAVERSALS)
def test_traversal_is_refused(secrets_around: PreviewServer, target: str) -> None:
    status, data = _raw_request(secrets_around, target)
    assert status in (400, 403, 404)
    assert SECRET.encode() not in data


def test_symlinks_out_of_the_preview_are_refused(site: Path, server: PreviewServer) -> None:
    outside = site.parent / "outside"
    outside.mkdir()
    (outside / "index.html").write_text(SECRET, encoding="utf-8")
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(outside / "secret.txt", server.site / "leak.txt")
    os.symlink(outside, server.site / "leakdir")
    for target in ("/leak.txt", "/leakdir/", "/leakdir/secret.txt"):
        status, data = _raw_request(server, target)
        assert status == 403, target
        assert SECRET.encode() not in data


def test_double_encoding_is_just_a_missing_file(secrets_around: PreviewServer) -> None:
    assert get(secrets_around, "/%252e%252e/secret.txt").status == 404


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("/", []),
        ("/2021/01/slug/", ["2021", "01", "slug"]),
        ("/./a//b", ["a", "b"]),
        ("/%D8%B3%D9%84%D8%A7%D9%85/?q=1", ["سلام"]),
    ],
)
def test_request_parts(raw: str, parts: list[str]) -> None:
    assert request_parts(raw)[1] == parts


@pytest.mark.parametrize("raw", ["/../x", "/a/%2e%2E/x", "/a%5c..%5cb", "/%ff", "/a%00", "x"])
def test_request_parts_refuses(raw: str) -> None:
    with pytest.raises(Refused):
        request_parts(raw)


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/" + "a" * 256 + "/", 404),  # one segment longer than any file name
        ("/" + "%D8%B3" * 128 + ".html", 404),  # 128 characters, 256 bytes
        ("/2021/" + "b" * 300, 404),
        ("/" + "/".join(["c" * 200] * 12), 414),  # 2,412 bytes: longer than any page's URL
        ("/" + "d" * 60_000, 414),
    ],
)
def test_over_long_paths_are_answered_without_a_traceback(
    shared_server: PreviewServer, capfd: pytest.CaptureFixture[str], target: str, status: int
) -> None:
    capfd.readouterr()
    assert _raw_request(shared_server, target)[0] == status
    assert get(shared_server, "/").status == 200  # the server still answers
    assert "Traceback" not in capfd.readouterr().err
