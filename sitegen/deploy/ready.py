"""Whether the built site may be deployed: the last build succeeded, is current, is no preview.

The build pipeline writes a stamp after every successful build and clears it after a failed one
(:mod:`sitegen.engine.stamp`); deploying without checking it could publish a half-written or
outdated site, or a preview that shows drafts. A build that was killed or interrupted leaves no
stamp to trust, and one stopped while publishing leaves a journal (:mod:`sitegen.engine.publish`):
the output may then mix two builds, and only the next build puts it right.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.config import SiteConfig
from sitegen.deploy.plan import DeployError
from sitegen.engine.outdir import OutputFolder
from sitegen.engine.publish import unfinished
from sitegen.engine.stamp import read_stamp, sources_fingerprint, unfinished_build

_REBUILD = "run 'sitegen build' or pass --build"


def deployable_output(root: Path, config: SiteConfig) -> Path:
    """The output folder, once the stamp shows a current, successful, non-preview build."""
    folder = OutputFolder(root, root / config.output_dir, config.output_dir)
    if unfinished(folder):
        raise DeployError(
            f"the last build stopped while publishing into {folder.path}, which may now mix "
            "pages of two builds; run 'sitegen build' (it completes the publish first) or "
            "pass --build"
        )
    if unfinished_build(root):
        raise DeployError(
            f"the last build did not finish (it was interrupted, or is still running); {_REBUILD}"
        )
    stamp = read_stamp(root)
    if stamp is None:
        raise DeployError(f"there is no successful build to deploy; {_REBUILD}")
    if stamp.drafts or stamp.future:
        what = "drafts" if stamp.drafts else "future-dated articles"
        raise DeployError(
            f"the last build was a preview that includes {what}; "
            f"run 'sitegen build' without preview options or pass --build"
        )
    if stamp.output_dir != config.output_dir:
        raise DeployError(
            f"the last build wrote {stamp.output_dir}/ but output_dir is now "
            f"{config.output_dir}; {_REBUILD}"
        )
    if stamp.sources != sources_fingerprint(root):
        raise DeployError(f"the sources changed since the last build; {_REBUILD}")
    output = root / config.output_dir
    if not output.is_dir():
        raise DeployError(f"the output folder {output} is missing; {_REBUILD}")
    return output
