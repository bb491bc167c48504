"""Image bytes a reader's browser fetches on the example site's front page, scrolled to the end.

The example site's placeholder pictures are replaced by camera-size JPEGs (noise over gradients,
as hard to compress as photos), the site is built with the sitegen source tree given (this one,
or an export of another branch: ``git archive main | tar -x -C /tmp/main-tree``) and served on
127.0.0.1; Debian's Chromium (Playwright) loads the front page at each viewport, scrolls to the
end and sums the bodies of the image responses.

    .venv/bin/python benchmarks/front_page_bytes.py [--tree /tmp/main-tree] [--size 3000x2000]
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
VIEWPORTS = {"1280 px, 1x": (1280, 900, 1), "390 px, 3x": (390, 844, 3)}
BUILD_TIME = "2026-01-01T00:00:00+00:00"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - library signature
        """Keep the output to the figures."""


def photo_site(tree: Path, dest: Path, size: tuple[int, int] | None) -> None:
    """The example site of ``tree`` with each article picture a JPEG photo of ``size``."""
    from PIL import Image

    dest.mkdir(parents=True)
    for part in ("sitegen.yaml", "content", "static"):
        src = tree / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    if size is None:
        return  # the example's own placeholder pictures
    for seed, png in enumerate(sorted((dest / "static" / "images").glob("20*/*.png"))):
        noise = Image.effect_noise(size, 24 + seed % 8)
        gradient = Image.linear_gradient("L").resize(size)
        channels = (gradient, Image.blend(noise, gradient.rotate(180), 0.6), noise)
        Image.merge("RGB", channels).save(png.with_suffix(".jpg"), "JPEG", quality=90)
        png.unlink()
    for md in (dest / "content").rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        md.write_text(re.sub(r"(/images/20\d\d/[\w-]+)\.png", r"\1.jpg", text), encoding="utf-8")


def build(site: Path, tree: Path, base: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "sitegen", "build", "--build-time", BUILD_TIME]
    subprocess.run([*command, "--base-url", base], cwd=site, env=env, check=True)


def image_bytes(browser: Any, url: str, viewport: tuple[int, int, int]) -> tuple[int, int]:
    """Bytes and count of the image responses of ``url`` scrolled to the end."""
    width, height, scale = viewport
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    sizes: dict[str, int] = {}

    def seen(response: Any) -> None:
        if response.request.resource_type == "image" and response.ok:
            sizes[response.url] = len(response.body())

    page = context.new_page()
    page.on("response", seen)
    page.goto(url, wait_until="networkidle")
    for _ in range(40):  # step down so each lazy picture comes into view
        page.mouse.wheel(0, height)
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    if os.environ.get("SHOW_IMAGES"):  # how wide each is shown, and which copy was chosen
        for line in page.evaluate(_SHOWN):
            print("   ", line)
    context.close()
    return sum(sizes.values()), len(sizes)


_SHOWN = """() => [...document.images].map(img => {
  const shown = img.getBoundingClientRect().width.toFixed(0);
  const name = img.currentSrc.split('/').pop();
  return `${img.closest('section')?.className || '-'}: shown ${shown} css px, ${name}`;
})"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=REPO, help="sitegen source tree to build with")
    parser.add_argument(
        "--size",
        default="3000x2000",
        help="pixel size of the photos ('placeholders': keep the example's)",
    )
    args = parser.parse_args()
    size = None if args.size == "placeholders" else tuple(int(n) for n in args.size.split("x"))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        photo_site(args.tree, site, (size[0], size[1]) if size else None)
        handler = functools.partial(_Quiet, directory=str(site / "public"))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        build(site, args.tree.resolve(), base)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            for name, viewport in VIEWPORTS.items():
                total, count = image_bytes(browser, base, viewport)
                print(f"{name}: {total:,} bytes in {count} images")
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
