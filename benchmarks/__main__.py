"""``python -m benchmarks``: time sitegen (and Pelican, and Hugo when present) on a corpus.

Prints, as whole-process figures (median of ``--runs``): cold build, no-op rebuild, rebuild after
editing one article's body, rebuild after editing one article's title, a build that makes the
whole search index again, the index's size and the bytes one query downloads, preview
edit-to-reload, and Pelican's cold build on the same corpus with our time as a ratio of it.
Everything is written under a tmpfs folder (``/dev/shm``) so disk noise does not swamp the figures.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import sitegen
from benchmarks import pelican, search
from benchmarks.corpus import BUILD_TIME, generate, write_sitegen_site
from benchmarks.measure import Figures, median, run
from benchmarks.preview import measure_edit_to_reload
from sitegen.pipeline import default_workers

GENERATOR_VERSION = "1"


def _work_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    shm = Path("/dev/shm")
    return (shm if shm.is_dir() else Path(tempfile.gettempdir())) / "sitegen-bench"


def _corpus(work: Path, count: int, with_pelican: bool) -> tuple[Path, Path]:
    """The sitegen and Pelican copies of the corpus, generated once per size."""
    site, pel = work / f"site-{count}", work / f"pelican-{count}"
    marker = f"{GENERATOR_VERSION}:{count}"
    ready = (site / ".corpus").is_file() and (site / ".corpus").read_text() == marker
    if not ready:
        print(f"generating {count} articles in {site} ...", flush=True)
        articles = generate(count)
        for folder in (site, pel):
            shutil.rmtree(folder, ignore_errors=True)
        write_sitegen_site(site, articles)
        pelican.write_pelican_site(pel, articles)
        (site / ".corpus").write_text(marker)
    elif with_pelican and not (pel / "pelicanconf.py").is_file():
        pelican.write_pelican_site(pel, generate(count))
    return site, pel


def _victim(site: Path) -> Path:
    """The article the edit scenarios change (the same one every time)."""
    files = sorted((site / "content" / "articles").rglob("*.md"))
    return files[len(files) // 2]


def _edit_body(path: Path, n: int) -> None:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    path.write_text(head + sep + body.replace(".", f" (edit {n}).", 1), encoding="utf-8")


def _edit_title(path: Path, n: int) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[index] = f'title: "Edited headline number {n}"'
    path.write_text("\n".join(lines), encoding="utf-8")


def _measure_sitegen(site: Path, runs: int, jobs: int) -> dict[str, Figures]:
    build = [sys.executable, "-m", "sitegen", "build", "--root", str(site)]
    build += ["--build-time", BUILD_TIME, "--jobs", str(jobs)]
    victim = _victim(site)
    original = victim.read_bytes()
    scenarios: dict[str, list[Figures]] = {"cold": [], "noop": [], "body": [], "title": []}
    scenarios["search"] = []
    edits: dict[str, Callable[[Path, int], None]] = {"body": _edit_body, "title": _edit_title}
    try:
        for n in range(runs):
            for state in (site / "public", site / ".sitegen"):
                shutil.rmtree(state, ignore_errors=True)
            scenarios["cold"].append(run(build))
            scenarios["noop"].append(run(build))
            for name, edit in edits.items():
                edit(victim, n)
                scenarios[name].append(run(build))
            print(f"  run {n + 1}/{runs} done", flush=True)
        scenarios["search"] = [search.index_from_scratch(site, build) for _ in range(runs)]
    finally:
        victim.write_bytes(original)
    return {name: median(figures) for name, figures in scenarios.items()}


def _search_figures(site: Path) -> None:
    """The index's size and what one query downloads (a word of the edited article's title)."""
    size, files, shards = search.index_size(site / "public")
    print(f"  {'search index size':<28}{size / 1024**2:8.1f} MiB in {files} files, {shards} shards")
    word = next(
        w for w in _victim(site).read_text("utf-8").split("title: ")[1].split() if w.isalpha()
    )
    print(f"  {'one query downloads':<28}{search.query_bytes(site / 'public', word)}")


def _preview(site: Path, runs: int) -> str:
    """Edit-to-reload of ``sitegen serve``: save an edited body, wait for the reload event."""
    seconds = measure_edit_to_reload(site, runs=runs, scratch=site.parent)
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument("--jobs", type=int, default=default_workers(), help="sitegen --jobs")
    parser.add_argument("--work", help="work folder (default /dev/shm/sitegen-bench)")
    parser.add_argument("--pelican-runs", type=int, help="Pelican runs (default: --runs)")
    parser.add_argument("--no-pelican", action="store_true", help="skip Pelican")
    parser.add_argument("--no-preview", action="store_true", help="skip edit-to-reload")
    args = parser.parse_args(argv)
    work = _work_dir(args.work)
    work.mkdir(parents=True, exist_ok=True)
    site, pel = _corpus(work, args.articles, not args.no_pelican)
    print(f"sitegen: {args.articles} articles, --jobs {args.jobs}, median of {args.runs} runs")
    # An installed package has its bytecode compiled (pip does it); an editable checkout run
    # with PYTHONDONTWRITEBYTECODE would otherwise compile sitegen's modules on every build.
    compileall.compile_dir(str(Path(sitegen.__file__).parent), quiet=1)
    ours = _measure_sitegen(site, args.runs, args.jobs)
    labels = {
        "cold": "cold build",
        "noop": "no-op rebuild",
        "body": "one article's body edited",
        "title": "one article's title edited",
        "search": "search index from scratch",
    }
    for name, label in labels.items():
        print(f"  {label:<28}{ours[name].row()}")
    _search_figures(site)
    preview = "skipped" if args.no_preview else _preview(site, args.runs)
    print(f"  {'preview edit-to-reload':<28}{preview}")
    results: dict[str, object] = {name: vars(fig) for name, fig in ours.items()}
    if not args.no_pelican:
        results["pelican"] = _pelican(work, pel, args.pelican_runs or args.runs, ours["cold"])
    hugo = shutil.which("hugo")
    print("hugo: not found, skipped" if hugo is None else f"hugo: {hugo} found; not wired up")
    (work / f"results-{args.articles}.json").write_text(json.dumps(results, indent=2))
    return 0


def _pelican(work: Path, pel: Path, runs: int, cold: Figures) -> object:
    exe, note = pelican.install(work.parent / "pelican-venv")
    if exe is None:
        print(note)
        return None
    print(f"pelican 4.12 ({note}), median of {runs} runs")
    figures = median([run(pelican.command(exe, pel)) for _ in range(runs)])
    print(f"  {'cold build':<28}{figures.row()}")
    ratio = cold.wall / figures.wall
    print(f"  sitegen cold build / pelican cold build = {ratio:.2f}x (wall)")
    return {**vars(figures), "ratio": ratio, "note": note}


if __name__ == "__main__":
    sys.exit(main())
