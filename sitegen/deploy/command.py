"""``sitegen deploy [NAME]``: publish the built site to a target named in ``sitegen.yaml``.

The order is fixed so nothing changes by surprise: load the config and pick the target, check
that the build is current (or build first with ``--build``), print the plan, guard the deletions,
and only then act. Errors are :class:`~sitegen.errors.SitegenError`, printed by the main CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from sitegen.commands.cli_options import HELP_OPTIONS, root_option
from sitegen.config import SiteConfig, load_config
from sitegen.config.deploy import DeployTarget, FolderTarget, GitTarget
from sitegen.deploy.folder import deploy_folder
from sitegen.deploy.git import deploy_git
from sitegen.deploy.plan import Plan, Run, inventory
from sitegen.deploy.ready import deployable_output
from sitegen.deploy.s3 import deploy_s3
from sitegen.errors import UsageError
from sitegen.pipeline import BuildOptions, build


@click.command("deploy", context_settings=HELP_OPTIONS)
@click.argument("name", required=False)
@root_option
@click.option("--dry-run", is_flag=True, help="Print the plan and change nothing.")
@click.option("--build", "build_first", is_flag=True, help="Build the site before deploying.")
@click.option("--force", is_flag=True, help="Rewrite every file, e.g. after changing cache rules.")
@click.option(
    "--max-deletes",
    type=click.IntRange(min=0),
    default=None,
    help="Allow up to N deletions this time, instead of the target's max_deletes.",
)
def deploy(
    name: str | None,
    root: Path,
    dry_run: bool,
    build_first: bool,
    force: bool,
    max_deletes: int | None,
) -> None:
    """Publish the built site to the deploy target NAME of sitegen.yaml.

    NAME may be left out when sitegen.yaml defines exactly one target.
    """
    run_deploy(
        root,
        name,
        dry_run=dry_run,
        build_first=build_first,
        force=force,
        max_deletes=max_deletes,
        echo=click.echo,
    )


def run_deploy(
    root: Path,
    name: str | None = None,
    *,
    dry_run: bool = False,
    build_first: bool = False,
    force: bool = False,
    max_deletes: int | None = None,
    echo: Callable[[str], None] = click.echo,
) -> Plan:
    """Deploy the site at ``root`` to the named target; return the plan applied (or shown)."""
    root = root.resolve()
    config = load_config(root)
    label, target = select_target(config, name)
    if build_first:
        _build(root)
    output = deployable_output(root, config)
    run = Run(inventory(output), dry_run, force, max_deletes, echo)
    echo(f"Target '{label}' ({target.type}), {len(run.site)} files in {output}")
    return publish(root, output, target, run)


def select_target(config: SiteConfig, name: str | None) -> tuple[str, DeployTarget]:
    """The target called ``name``, or the only one when no name is given."""
    names = sorted(config.deploy)
    if not names:
        raise UsageError("sitegen.yaml defines no deploy targets; add one under 'deploy:'")
    if name is None:
        if len(names) > 1:
            raise UsageError(f"name the target to deploy to: one of {', '.join(names)}")
        name = names[0]
    if name not in config.deploy:
        raise UsageError(f"no deploy target named {name!r}; sitegen.yaml has {', '.join(names)}")
    return name, config.deploy[name]


def publish(root: Path, output: Path, target: DeployTarget, run: Run) -> Plan:
    """Hand the run to the target's publisher."""
    if isinstance(target, FolderTarget):
        return deploy_folder(root, output, target, run)
    if isinstance(target, GitTarget):
        return deploy_git(root, target, run)
    return deploy_s3(target, run)


def _build(root: Path) -> None:
    """Run the normal build (``--build``): a production build, no drafts, no future articles."""
    build(BuildOptions(root=root))
