"""The deploy section of sitegen.yaml: typed targets, defaults, located errors, no credentials."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import sitegen.config.deploy as config_deploy
from sitegen.config import SiteConfig, load_config
from sitegen.config.deploy import FolderTarget, GitTarget, S3Target, default_cache_rules
from sitegen.errors import ProblemsFound


def _load(tmp_path: Path, text: str) -> SiteConfig | ProblemsFound:
    (tmp_path / "sitegen.yaml").write_text(
        "title: T\nbase_url: https://news.example/\n" + text, encoding="utf-8"
    )
    try:
        return load_config(tmp_path)
    except ProblemsFound as exc:
        return exc


def _problems(tmp_path: Path, text: str) -> list[str]:
    result = _load(tmp_path, text)
    assert isinstance(result, ProblemsFound)
    return [str(p) for p in result.problems]


def test_three_targets_with_defaults(tmp_path: Path) -> None:
    config = load_config_text(
        tmp_path,
        "deploy:\n"
        "  web: {type: folder, path: /srv/www}\n"
        "  pages: {type: git, repo: git@github.com:org/site.git}\n"
        "  cdn: {type: s3, bucket: news-site, prefix: /news}\n",
    )
    web, pages, cdn = config.deploy["web"], config.deploy["pages"], config.deploy["cdn"]
    assert isinstance(web, FolderTarget) and web.path == "/srv/www" and web.max_deletes == 256
    assert isinstance(pages, GitTarget)
    assert (pages.branch, pages.message, pages.author_name) == ("gh-pages", "Deploy site", None)
    assert isinstance(cdn, S3Target)
    assert (cdn.prefix, cdn.region, cdn.endpoint_url, cdn.delete) == ("news/", None, None, True)
    assert cdn.cache_rules == default_cache_rules()


def test_no_deploy_section_means_no_targets(tmp_path: Path) -> None:
    assert load_config_text(tmp_path, "").deploy == {}


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            "deploy:\n  web:\n    type: ftp\n",
            "sitegen.yaml:5: deploy.web.type: 'ftp' is not one of 'folder', 'git', 's3'",
        ),
        (
            "deploy:\n  web:\n    path: /srv\n",
            "sitegen.yaml:4: deploy.web.type: is required but missing",
        ),
        (
            "deploy:\n  web:\n    type: folder\n",
            "sitegen.yaml:4: deploy.web.path: is required but missing",
        ),
        (
            "deploy:\n  cdn:\n    type: s3\n    bucket: b-1\n    buket: x\n",
            "sitegen.yaml:7: deploy.cdn.buket: is not a known field",
        ),
        (
            "deploy:\n  cdn:\n    type: s3\n    bucket: b-1\n    max_deletes: -1\n",
            "sitegen.yaml:7: deploy.cdn.max_deletes: Input should be greater than or equal to 0",
        ),
        (
            "deploy:\n  cdn:\n    type: s3\n    bucket: b-1\n    cache_rules:\n"
            "      - cache_control: no-store\n",
            "sitegen.yaml:8: deploy.cdn.cache_rules.0: a cache rule needs 'match:' or "
            "'fingerprinted:'",
        ),
    ],
)
def test_errors_name_the_line_and_field(tmp_path: Path, yaml_text: str, expected: str) -> None:
    assert _problems(tmp_path, yaml_text) == [expected]


@pytest.mark.parametrize(
    "key", ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "password"]
)
def test_credentials_are_refused_and_never_echoed(tmp_path: Path, key: str) -> None:
    problems = _problems(
        tmp_path, f"deploy:\n  cdn:\n    type: s3\n    bucket: b-1\n    {key}: TOPSECRET42\n"
    )
    assert len(problems) == 1
    # at the credential's own line and key (the target's line before)
    assert problems[0].startswith(f"sitegen.yaml:7: deploy.cdn.{key}: is not allowed")
    assert "AWS_PROFILE" in problems[0] and "environment" in problems[0]
    assert "TOPSECRET42" not in problems[0]


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("{type: s3, bucket: b-1, endpoint_url: 'https://k:s3cr3t@minio.local'}", "credentials"),
        ("{type: git, repo: 'https://u:s3cr3t@git.example/site.git'}", "password"),
    ],
)
def test_credentials_in_urls_are_refused(tmp_path: Path, target: str, needle: str) -> None:
    problems = _problems(tmp_path, f"deploy:\n  x: {target}\n")
    assert len(problems) == 1 and needle in problems[0]
    assert "s3cr3t" not in problems[0]


def load_config_text(tmp_path: Path, text: str) -> SiteConfig:
    result = _load(tmp_path, text)
    assert isinstance(result, SiteConfig), result
    return result


def test_config_layer_imports_no_pipeline_code() -> None:
    """config/deploy.py sits beside the site config: it may use only what the config may use."""
    tree = ast.parse(Path(config_deploy.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    ours = {name for name in imported if name.split(".")[0] == "sitegen"}
    assert ours <= {"sitegen.errors", "sitegen.validation", "sitegen.text.yamlsource"}
