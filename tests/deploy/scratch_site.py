"""A scratch site for the deploy tests: a built ``public/`` folder, a config and a build stamp.

Nothing here builds a site: the files a build would write are written directly, then a stamp
matching the sources is recorded, exactly what the pipeline does after a successful build.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.engine.stamp import BuildStamp, sources_fingerprint, write_stamp

BUILT_SITE: dict[str, bytes] = {
    "index.html": b"<!doctype html><title>Front</title><p>front page</p>",
    "2024/05/first/index.html": b"<!doctype html><title>First</title><p>first article</p>",
    "2024/05/second/index.html": b"<!doctype html><title>Second</title><p>second article</p>",
    "css/style.3f2a9c1b.css": b"body { color: #222 }",
    "js/app.0123abcd45.js": b"console.log('hi')",
    "images/photo.jpg": bytes(range(256)) * 4,
    "feed.xml": b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>",
    "sitemap.xml": b"<?xml version='1.0'?><urlset/>",
    "robots.txt": b"User-agent: *\n",
}


@dataclass
class Site:
    """A site folder whose ``public/`` holds a fake build, with helpers to change it."""

    root: Path

    @property
    def output(self) -> Path:
        return self.root / "public"

    def configure(self, deploy: dict[str, Any], **extra: Any) -> None:
        """Write sitegen.yaml with these deploy targets, then re-stamp the build."""
        config = {"title": "Test News", "base_url": "https://news.example/", **extra}
        config["deploy"] = deploy
        (self.root / "sitegen.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        self.stamp()

    def write(self, path: str, data: bytes) -> None:
        """Change one built file, as a rebuild would."""
        target = self.output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def remove(self, path: str) -> None:
        (self.output / path).unlink()

    def stamp(self, *, drafts: bool = False, future: bool = False) -> None:
        """Record a successful build of the current sources."""
        write_stamp(
            self.root,
            BuildStamp("public", sources_fingerprint(self.root), drafts=drafts, future=future),
        )

    def files(self) -> dict[str, bytes]:
        """The built site as it is now, by POSIX path."""
        return read_tree(self.output)


def read_tree(base: Path, skip: tuple[str, ...] = (".git",)) -> dict[str, bytes]:
    """Every file under ``base`` by POSIX path (top-level ``skip`` names left out)."""
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and p.relative_to(base).parts[0] not in skip
    }


def git(cwd: Path, *args: str) -> str:
    """Run git for a test, failing loudly; returns stdout."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout
