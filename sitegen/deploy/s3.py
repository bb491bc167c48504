"""The S3 publisher: upload only new or changed files to an S3-compatible bucket, with headers.

Remote objects are compared with local files by size and MD5: the ETag of a simple upload is its
MD5; for any other ETag (multipart uploads, KMS encryption) the ``md5`` metadata this publisher
stores on every upload decides, so a rerun converges instead of re-uploading. Credentials come only
from boto3's standard chain (environment, profile) and are never printed.
"""

from __future__ import annotations

import base64
import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sitegen.config.deploy import S3Target
from sitegen.deploy.plan import DeployError, LocalFile, Plan, Run, diff, finish, review, split_pages
from sitegen.syndication.headers import cache_control, content_type

WORKERS = 8
"""Concurrent requests; uploads are small and latency-bound."""
_DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes


@dataclass(frozen=True)
class RemoteObject:
    """One object under the target's prefix, as listed."""

    key: str
    """Full key, prefix included."""
    size: int
    """Size in bytes."""
    etag: str
    """ETag without its quotes."""


def deploy_s3(target: S3Target, run: Run) -> Plan:
    """Upload the site's new and changed files, then delete stale ones; return the plan."""
    boto3, errors = _boto()
    with translated(errors):
        client = _client(boto3, target)
        remote = list_objects(client, target)
        plan = diff(
            run.site, remote, _matcher(client, target), delete=target.delete, force=run.force
        )
        if review(run, describe(target), plan, target.max_deletes):
            for batch in split_pages(plan.uploads + plan.updates):
                _each(lambda path: put_file(client, target, run.site[path]), batch)
            delete_keys(client, target.bucket, [target.prefix + p for p in plan.deletes])
            finish(run, plan)
    return plan


def describe(target: S3Target) -> str:
    """Where the site goes, for the plan's heading (no credentials: the config cannot hold any)."""
    where = f"s3://{target.bucket}/{target.prefix}"
    return f"{where} at {target.endpoint_url}" if target.endpoint_url else where


def _boto() -> tuple[Any, Any]:
    """boto3 and botocore's exceptions, imported only when an S3 target is used."""
    try:
        return importlib.import_module("boto3"), importlib.import_module("botocore.exceptions")
    except ImportError:
        raise DeployError(
            "the s3 target needs boto3; install it with: pip install 'sitegen[s3]'"
        ) from None


def _client(boto3: Any, target: S3Target) -> Any:
    """An S3 client from the standard credential chain; path-style for non-AWS endpoints."""
    config = importlib.import_module("botocore.config").Config(
        retries={"max_attempts": 5, "mode": "standard"},
        s3={"addressing_style": "path"} if target.endpoint_url else None,
    )
    session = boto3.session.Session()
    return session.client(
        "s3", region_name=target.region, endpoint_url=target.endpoint_url, config=config
    )


@contextmanager
def translated(errors: Any) -> Iterator[None]:
    """Turn boto errors into :class:`DeployError` with S3's code and message, nothing secret."""
    try:
        yield
    except errors.NoCredentialsError:
        raise DeployError(
            "no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or "
            "AWS_PROFILE (credentials are never read from sitegen.yaml)"
        ) from None
    except errors.ClientError as exc:
        info = exc.response.get("Error", {})
        raise DeployError(
            f"S3 {exc.operation_name} failed: {info.get('Code', '?')}: {info.get('Message', '')}"
        ) from None
    except errors.BotoCoreError as exc:
        raise DeployError(f"S3 request failed: {exc}") from None


def list_objects(client: Any, target: S3Target) -> dict[str, RemoteObject]:
    """Objects under the prefix by site path; folder placeholders (``news/``) are left alone."""
    found: dict[str, RemoteObject] = {}
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=target.bucket, Prefix=target.prefix
    )
    for page in pages:
        for item in page.get("Contents", []):
            path = item["Key"][len(target.prefix) :]
            if path and not path.endswith("/"):
                found[path] = RemoteObject(item["Key"], item["Size"], item["ETag"].strip('"'))
    return found


def _matcher(client: Any, target: S3Target) -> Callable[[LocalFile, RemoteObject], bool]:
    """Same size, and the ETag or (failing that) the stored ``md5`` metadata equals the MD5."""

    def same(local: LocalFile, remote: RemoteObject) -> bool:
        if local.size != remote.size:
            return False
        if remote.etag == local.md5:
            return True
        head = client.head_object(Bucket=target.bucket, Key=remote.key)
        return bool(head.get("Metadata", {}).get("md5") == local.md5)

    return same


def put_file(client: Any, target: S3Target, file: LocalFile) -> None:
    """Upload one file with its Content-Type, Cache-Control and ``md5`` metadata.

    Content-MD5 makes S3 reject a body that changed since the plan hashed it.
    """
    headers: dict[str, Any] = {"ContentType": content_type(file.path)}
    control = cache_control(file.path, target.cache_rules)
    if control:
        headers["CacheControl"] = control
    client.put_object(
        Bucket=target.bucket,
        Key=target.prefix + file.path,
        Body=file.source.read_bytes(),
        ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode("ascii"),
        Metadata={"md5": file.md5},
        **headers,
    )


def delete_keys(client: Any, bucket: str, keys: Sequence[str]) -> None:
    """Delete keys in batches; any key S3 refuses fails the deploy (a rerun retries it)."""
    for start in range(0, len(keys), _DELETE_BATCH):
        batch = [{"Key": key} for key in keys[start : start + _DELETE_BATCH]]
        reply = client.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
        failed: list[Mapping[str, str]] = reply.get("Errors", [])
        if failed:
            first = failed[0]
            raise DeployError(
                f"S3 refused to delete {len(failed)} objects, e.g. {first.get('Key')}: "
                f"{first.get('Code')}: {first.get('Message')}"
            )


def _each(action: Callable[[str], None], paths: Sequence[str]) -> None:
    """Run ``action`` over ``paths`` concurrently, re-raising the first failure."""
    if not paths:
        return
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(paths))) as pool:
        for _ in pool.map(action, paths):
            pass
