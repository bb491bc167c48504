"""``sitegen serve`` as a user runs it: a clear message for a taken port, a clean Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

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


def _start(
    site: Path, *options: str, env: dict[str, str] | None = None
) -> tuple[Any, str, list[str]]:
    """``sitegen serve`` in a real process, once the first build is done: the process, its URL
    and the lines it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "serve", "--root", str(site), "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stderr is not None
    url, built, lines = "", False, []
    deadline = time.monotonic() + 60
    while not built and time.monotonic() < deadline:
        lines.append(line := process.stderr.readline())
        if match := re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line):
            url = match.group(1)
        built = bool(url) and line.startswith("Built ")
    assert url and built, "the server never said where it listens, or never built"
    return process, url, lines


def _stop(process: Any) -> str:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Traceback" not in err + out
    return str(err)


def test_open_starts_the_browser_on_the_preview(site: Path, tmp_path: Path) -> None:
    """$BROWSER names the browser for Python's webbrowser: a script that notes its argument."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {opened}\n')
    browser.chmod(0o755)
    process, url, _ = _start(
        site, "--open", "--bind", "127.0.0.1", env={"BROWSER": f"{browser} %s"}
    )
    try:
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert opened.read_text() == url
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
    finally:
        _stop(process)


def test_no_reload_builds_once(site: Path) -> None:
    process, _, lines = _start(site, "--no-reload")
    try:
        article = next((site / "content" / "articles").rglob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        time.sleep(2)  # several times the debounce: a watching server would have rebuilt
    finally:
        err = _stop(process)
    assert "live reload off" in lines[0]
    assert "Built " not in err  # no second build after the edit


def test_bind_is_the_host_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "serve", "-h"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "--host, --bind TEXT" in result.stdout
    assert "--open" in result.stdout and "--no-reload" in result.stdout
