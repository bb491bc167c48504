"""The S3 target against moto's standalone S3-compatible server on loopback."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scratch_site import BUILT_SITE, Site

import sitegen.deploy.s3 as publisher
from sitegen.deploy.command import deploy, run_deploy
from sitegen.deploy.plan import DeployError

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
_bucket_numbers = itertools.count()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A real S3-compatible HTTP server on a free loopback port."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials from the environment; no profile or config file of the machine."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-value")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def s3(endpoint: str) -> Any:
    """A client of the test server, for arranging and inspecting buckets."""
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3: Any, site: Site, endpoint: str) -> str:
    """A fresh versioned bucket configured as target 'cdn' (versions count the uploads)."""
    name = f"news-{next(_bucket_numbers)}"
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    site.configure(
        {
            "cdn": {
                "type": "s3",
                "bucket": name,
                "prefix": "site",
                "endpoint_url": endpoint,
                "max_deletes": 2,
            }
        }
    )
    return name


def _objects(s3: Any, bucket: str) -> dict[str, bytes]:
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def _uploads_per_key(s3: Any, bucket: str) -> dict[str, int]:
    versions = s3.list_object_versions(Bucket=bucket).get("Versions", [])
    counts: dict[str, int] = {}
    for version in versions:
        counts[version["Key"]] = counts.get(version["Key"], 0) + 1
    return counts


def _quiet() -> dict[str, Any]:
    return {"echo": lambda _: None}


def test_upload_sets_objects_and_headers(site: Site, bucket: str, s3: Any) -> None:
    run_deploy(site.root, "cdn", **_quiet())
    assert _objects(s3, bucket) == {f"site/{p}": data for p, data in BUILT_SITE.items()}
    expected = {
        "index.html": ("text/html; charset=utf-8", REVALIDATE),
        "2024/05/first/index.html": ("text/html; charset=utf-8", REVALIDATE),
        "css/style.3f2a9c1b.css": ("text/css; charset=utf-8", IMMUTABLE),
        "js/app.0123abcd45.js": ("text/javascript; charset=utf-8", IMMUTABLE),
        "images/photo.jpg": ("image/jpeg", "public, max-age=3600"),
        "feed.xml": ("application/xml; charset=utf-8", REVALIDATE),
        "sitemap.xml": ("application/xml; charset=utf-8", REVALIDATE),
        "robots.txt": ("text/plain; charset=utf-8", "public, max-age=3600"),
    }
    for path, (kind, control) in expected.items():
        head = s3.head_object(Bucket=bucket, Key=f"site/{path}")
        assert (head["ContentType"], head["CacheControl"]) == (kind, control), path
        assert head["Metadata"] == {"md5": hashlib.md5(BUILT_SITE[path]).hexdigest()}


def test_second_deploy_uploads_nothing(site: Site, bucket: str, s3: Any) -> None:
    run_deploy(site.root, **_quiet())
    lines: list[str] = []
    plan = run_deploy(site.root, echo=lines.append)
    assert plan.empty and plan.unchanged == len(BUILT_SITE)
    assert lines[-1] == "Already up to date."
    assert set(_uploads_per_key(s3, bucket).values()) == {1}


def test_one_article_edit_uploads_only_what_changed(site: Site, bucket: str, s3: Any) -> None:
    run_deploy(site.root, **_quiet())
    # what a rebuild after editing one article rewrites: the article, the front page, the feed
    changed = ["2024/05/first/index.html", "feed.xml", "index.html"]
    for path in changed:
        site.write(path, BUILT_SITE[path] + b"<!-- edited -->")
    site.stamp()

    plan = run_deploy(site.root, **_quiet())

    assert plan.updates == tuple(changed) and not plan.uploads and not plan.deletes
    counts = _uploads_per_key(s3, bucket)
    assert {k for k, n in counts.items() if n > 1} == {f"site/{p}" for p in changed}
    assert _objects(s3, bucket) == {f"site/{p}": d for p, d in site.files().items()}


def test_removed_file_is_deleted_remotely(site: Site, bucket: str, s3: Any) -> None:
    run_deploy(site.root, **_quiet())
    s3.put_object(Bucket=bucket, Key="site/images/", Body=b"")  # a console's folder marker
    s3.put_object(Bucket=bucket, Key="elsewhere.html", Body=b"outside the prefix")
    site.remove("robots.txt")
    site.stamp()
    plan = run_deploy(site.root, **_quiet())
    assert plan.deletes == ("robots.txt",)
    keys = set(_objects(s3, bucket))
    assert "site/robots.txt" not in keys
    assert {"site/images/", "elsewhere.html"} <= keys


def test_max_deletes_guard_changes_nothing(site: Site, bucket: str, s3: Any) -> None:
    run_deploy(site.root, **_quiet())
    for path in ("feed.xml", "sitemap.xml", "robots.txt"):
        site.remove(path)
    site.write("index.html", b"new front page")
    site.stamp()
    before = _objects(s3, bucket)
    with pytest.raises(DeployError, match=r"deletes 3 files, more than max_deletes \(2\)"):
        run_deploy(site.root, **_quiet())
    assert _objects(s3, bucket) == before


def test_dry_run_prints_the_plan_and_changes_nothing(
    site: Site, bucket: str, s3: Any, endpoint: str
) -> None:
    result = CliRunner().invoke(deploy, ["--root", str(site.root), "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == f"Dry run: deploy to s3://{bucket}/site/ at {endpoint}"
    assert lines[2] == f"  {len(BUILT_SITE)} to upload, 0 to update, 0 to delete, 0 unchanged"
    assert [line for line in lines if line.startswith("  + ")] == [
        f"  + {p}" for p in sorted(BUILT_SITE)
    ]
    assert _objects(s3, bucket) == {}
    assert "testing-secret-value" not in result.output and "testing-key-id" not in result.output


def test_multipart_objects_converge_through_md5_metadata(site: Site, bucket: str, s3: Any) -> None:
    """A multipart ETag is not an MD5: the stored md5 metadata decides, else it is re-sent."""
    for path, metadata in (("robots.txt", True), ("feed.xml", False)):
        data = BUILT_SITE[path]
        extra = {"Metadata": {"md5": hashlib.md5(data).hexdigest()}} if metadata else {}
        key = f"site/{path}"
        upload = s3.create_multipart_upload(Bucket=bucket, Key=key, **extra)["UploadId"]
        part = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=1, Body=data)
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key=key,
            UploadId=upload,
            MultipartUpload={"Parts": [{"ETag": part["ETag"], "PartNumber": 1}]},
        )
        assert "-" in s3.head_object(Bucket=bucket, Key=key)["ETag"]
    plan = run_deploy(site.root, **_quiet())
    assert plan.updates == ("feed.xml",)
    assert "robots.txt" not in plan.uploads + plan.updates
    assert run_deploy(site.root, **_quiet()).empty


def test_custom_cache_rules_and_no_delete(site: Site, s3: Any, endpoint: str) -> None:
    s3.create_bucket(Bucket="rules")
    s3.put_object(Bucket="rules", Key="old.html", Body=b"keep me")
    rules = [
        {"match": "*.html", "cache_control": "no-cache"},
        {"fingerprinted": True, "cache_control": "max-age=99"},
    ]
    site.configure(
        {
            "cdn": {
                "type": "s3",
                "bucket": "rules",
                "endpoint_url": endpoint,
                "delete": False,
                "cache_rules": rules,
            }
        }
    )
    plan = run_deploy(site.root, **_quiet())
    assert plan.deletes == ()
    head = s3.head_object(Bucket="rules", Key="2024/05/first/index.html")
    assert head["CacheControl"] == "no-cache"
    assert s3.head_object(Bucket="rules", Key="css/style.3f2a9c1b.css")["CacheControl"] == (
        "max-age=99"
    )
    assert "CacheControl" not in s3.head_object(Bucket="rules", Key="images/photo.jpg")
    assert s3.get_object(Bucket="rules", Key="old.html")["Body"].read() == b"keep me"


def test_missing_bucket_is_a_clear_error(site: Site, endpoint: str) -> None:
    site.configure({"cdn": {"type": "s3", "bucket": "no-such-bucket", "endpoint_url": endpoint}})
    with pytest.raises(DeployError, match="S3 ListObjectsV2 failed: NoSuchBucket"):
        run_deploy(site.root, **_quiet())


def test_missing_credentials_are_a_clear_error(
    site: Site, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(DeployError, match="no AWS credentials found"):
        run_deploy(site.root, **_quiet())


def test_interrupted_deploy_converges_when_rerun(
    site: Site, bucket: str, s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_put = publisher.put_file
    sent: list[str] = []

    def put_then_die(client: Any, target: Any, file: Any) -> None:
        if len(sent) >= 3:
            raise KeyboardInterrupt  # the operator pressed Ctrl-C mid-upload
        real_put(client, target, file)
        sent.append(file.path)

    monkeypatch.setattr(publisher, "WORKERS", 1)
    monkeypatch.setattr(publisher, "put_file", put_then_die)
    with pytest.raises(KeyboardInterrupt):
        run_deploy(site.root, **_quiet())
    monkeypatch.setattr(publisher, "put_file", real_put)

    plan = run_deploy(site.root, **_quiet())

    assert len(sent) == 3 and set(plan.uploads) == set(BUILT_SITE) - set(sent)
    assert _objects(s3, bucket) == {f"site/{p}": d for p, d in BUILT_SITE.items()}
    assert run_deploy(site.root, **_quiet()).empty
