"""``sitegen serve`` as a user runs it: a clear message for a taken port, a clean Ctrl-C."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _ignore_sigint() -> None:
    """What a shell does to a job started in the background with '&'."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _serve(site: Path, port: int, background: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--root", str(site), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ignore_sigint if background else None,
    )


def test_port_in_use_gets_a_clear_message(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve(site, port)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err + out


@pytest.mark.parametrize("background", [False, True])
def test_ctrl_c_stops_cleanly(site: Path, background: bool) -> None:
    process = _serve(site, 0, background)
    assert process.stderr is not None
    url, built = "", False
    deadline = time.monotonic() + 60
    while not built and time.monotonic() < deadline:
        line = process.stderr.readline()
        if match := re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line):
            url = match.group(1)
        built = bool(url) and line.startswith("Built ")
    assert url and built, "the server never said where it listens, or never built"
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Stopped." in err
    assert "Traceback" not in err + out


def test_serve_outside_a_site_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "serve", "--root", str(tmp_path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "sitegen.yaml" in result.stderr
    assert "Traceback" not in result.stderr
