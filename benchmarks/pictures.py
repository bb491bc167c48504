"""``python -m benchmarks.pictures``: what pictures cost a build.

1. Derivatives per second: a site of ``--photos`` articles, each with its own 4000x3000 JPEG
   (noise over gradients, about as hard to encode as a photo), built cold with ``--jobs``; every
   resized copy and crop counted.
2. A rebuild with ``--pictures`` unchanged pictures (one per article): after one article's body
   is edited, against the same corpus without pictures. Both built cold first.

Everything is written under a tmpfs folder (``/dev/shm``) so disk noise does not swamp the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from benchmarks.corpus import BUILD_TIME
from benchmarks.measure import Figures, run
from sitegen.pipeline import default_workers

_ARTICLE = """---
title: "Bench article {n}"
date: 2021-{month:02d}-{day:02d}T10:00:00+03:00
{image}---

Body of article {n}. {words}
"""


def _photo(path: Path, size: tuple[int, int], seed: int) -> None:
    from PIL import Image

    noise = Image.effect_noise(size, 40 + seed % 20)
    gradient = Image.linear_gradient("L").resize(size)
    channels = (noise, gradient, Image.blend(noise, gradient.rotate(90, expand=False), 0.5))
    Image.merge("RGB", channels).save(path, "JPEG", quality=92)


def write_site(root: Path, count: int, size: tuple[int, int] | None) -> None:
    """``count`` articles, each with its own picture of ``size`` (None: no pictures)."""
    shutil.rmtree(root, ignore_errors=True)
    articles = root / "content" / "articles" / "2021"
    articles.mkdir(parents=True)
    (root / "static" / "photos").mkdir(parents=True)
    (root / "sitegen.yaml").write_text(
        "title: Picture bench\nbase_url: https://bench.example/\nsearch: false\n",
        encoding="utf-8",
    )
    for n in range(count):
        image = ""
        if size is not None:
            _photo(root / "static" / "photos" / f"p{n}.jpg", size, n)
            image = f"image:\n  src: /photos/p{n}.jpg\n  alt: Photo {n}\n"
        text = _ARTICLE.format(
            n=n, month=1 + n % 12, day=1 + n % 28, image=image, words="word " * 80
        )
        (articles / f"a{n}.md").write_text(text, encoding="utf-8")


def _build(site: Path, jobs: int) -> Figures:
    command = [sys.executable, "-m", "sitegen", "build", "--root", str(site)]
    return run([*command, "--build-time", BUILD_TIME, "--jobs", str(jobs)])


def _edit(site: Path, n: int) -> None:
    path = site / "content" / "articles" / "2021" / "a0.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nEdit {n}.\n", encoding="utf-8")


def derivatives_per_second(work: Path, photos: int, jobs: int) -> None:
    site = work / "photos"
    print(f"generating {photos} 4000x3000 JPEGs ...", flush=True)
    write_site(site, photos, (4000, 3000))
    cold = _build(site, jobs)
    made = [
        p
        for p in (site / "public" / "photos").iterdir()
        if p.name.count(".") == 2  # <name>-<size>.<digest>.<ext>: a copy, not the original
    ]
    print(f"  cold build, {photos} photos     {cold.row()}")
    print(f"  copies made                  {len(made)} ({len(made) / photos:.0f} per photo)")
    print(f"  derivatives per second       {len(made) / cold.wall:8.1f} (wall, --jobs {jobs})")
    print(f"  photos per second            {photos / cold.wall:8.2f}")


def unchanged_rebuild(work: Path, pictures: int, jobs: int, runs: int) -> None:
    print(f"generating {pictures} articles with and without pictures ...", flush=True)
    for name, size in (("with", (480, 320)), ("without", None)):
        site = work / f"rebuild-{name}"
        write_site(site, pictures, size)
        _build(site, jobs)
        edits = []
        for n in range(runs):
            _edit(site, n)
            edits.append(_build(site, jobs))
        noop = _build(site, jobs)
        edits.sort(key=lambda f: f.wall)
        print(f"  {name} pictures, body edited {edits[len(edits) // 2].row()}")
        print(f"  {name} pictures, no-op       {noop.row()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pictures", description=__doc__)
    parser.add_argument("--photos", type=int, default=12, help="4000x3000 photos (default 12)")
    parser.add_argument("--pictures", type=int, default=1000, help="rebuild corpus (default 1000)")
    parser.add_argument("--jobs", type=int, default=default_workers(), help="sitegen --jobs")
    parser.add_argument("--runs", type=int, default=3, help="rebuild runs (median; default 3)")
    parser.add_argument("--work", help="work folder (default /dev/shm/sitegen-bench-pictures)")
    args = parser.parse_args(argv)
    shm = Path("/dev/shm")
    work = Path(args.work) if args.work else (shm if shm.is_dir() else Path("/tmp"))
    work = work / "sitegen-bench-pictures" if not args.work else work
    work.mkdir(parents=True, exist_ok=True)
    os.environ.pop("SITEGEN_PICTURE_CACHE", None)  # every figure encodes for itself
    derivatives_per_second(work, args.photos, args.jobs)
    unchanged_rebuild(work, args.pictures, args.jobs, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
