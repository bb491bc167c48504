"""Where each kind of state lives under ``.sitegen/``: the table of docs/architecture.md as code.

Every module that keeps state asks here for its path, so the folder's whole content is listed
in one place (and a kind added later shows up here and in the table).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sitegen.state import STATE_DIR


def state_dir(root: Path) -> Path:
    """The state folder of the site at ``root``."""
    return root / STATE_DIR


def output_key(out: Path) -> str:
    """A short name for output folder ``out`` in state file names: the preview's folder and
    ``public/`` each keep their own state."""
    return hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]


def stamp_file(root: Path) -> Path:
    """The last successful build's stamp (``sitegen deploy`` reads it)."""
    return state_dir(root) / "build.json"


def started_file(root: Path) -> Path:
    """Present while a build runs (or after one was killed)."""
    return state_dir(root) / "build.started"


def config_cache(root: Path) -> Path:
    """The validated config, as JSON."""
    return state_dir(root) / "config.json"


def load_cache(root: Path) -> Path:
    """Folder of the load cache's database."""
    return state_dir(root) / "load-cache"


def link_memo(root: Path) -> Path:
    """The link stage's structure."""
    return state_dir(root) / "link-memo.json"


def plan_memo(root: Path) -> Path:
    """The pages' inputs digests."""
    return state_dir(root) / "plan-memo.json"


def plan_readers(memo: Path) -> Path:
    """Beside the plan memo ``memo``: per article, the pages that read it (rows)."""
    return memo.with_name("plan-readers.sqlite")


def manifest_file(root: Path, out: Path, pending: bool = False) -> Path:
    """The manifest of output folder ``out`` (``pending``: of a publish in progress)."""
    return state_dir(root) / f"manifest-{output_key(out)}{'.next' if pending else ''}.json"


def journal_file(root: Path, out: Path) -> Path:
    """The journal of a publish into ``out`` in progress."""
    return state_dir(root) / f"publish-{output_key(out)}.json"


def up_to_date_file(root: Path, out: Path) -> Path:
    """What the last build into ``out`` was made from (the no-op check)."""
    return state_dir(root) / f"uptodate-{output_key(out)}.json"


def edit_base(root: Path, out: Path) -> Path:
    """What an edit of the last build into ``out`` is compared with (the edit path)."""
    return state_dir(root) / f"editbase-{output_key(out)}.json"


def search_members(state: Path, out: Path) -> Path:
    """The search shard of each article page of ``out`` (``state``: the state folder)."""
    return state / f"search-shards-{output_key(out)}.json"


def search_work(state: Path) -> Path:
    """Pagefind's scratch output before it is installed."""
    return state / "search"


def markdown_cache(root: Path) -> Path:
    """Folder of rendered Markdown bodies."""
    return state_dir(root) / "markdown"


def picture_cache(state: Path) -> Path:
    """Folder of made pictures (unless a shared cache is configured)."""
    return state / "pictures"


def preview_dir(root: Path) -> Path:
    """The preview server's output folder."""
    return state_dir(root) / "preview"


def deploy_scratch(root: Path) -> Path:
    """Scratch space of ``sitegen deploy`` to a git branch."""
    return state_dir(root) / "deploy-git"
