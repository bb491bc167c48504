"""Whether the built site may be deployed: the last build succeeded, is current, is no preview.

The build pipeline writes a stamp after every successful build and clears it after a failed one
(:mod:`sitegen.build.stamp`); deploying without checking it could publish a half-written or
outdated site, or a preview that shows drafts.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.build.stamp import read_stamp, sources_fingerprint
from sitegen.config import SiteConfig
from sitegen.deploy.plan import DeployError

_REBUILD = "run 'sitegen build' or pass --build"


def deployable_output(root: Path, config: SiteConfig) -> Path:
    """The output folder, once the stamp shows a current, successful, non-preview build."""
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
