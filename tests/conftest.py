"""Shared fixtures. The database is a real PostgreSQL server and S3 a real
moto_server endpoint, both started by bin/test; the tests marked ``sqlite``
run a second time against SQLite (DATABASE_URL=sqlite://)."""

import atexit
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import boto3
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REGISTRY = REPO_ROOT / "agency_sites" / "data" / "agencies.yaml"


def pytest_configure(config: pytest.Config) -> None:
    # Files stored on local disk (runs without S3) go to a folder removed at exit.
    from django.conf import settings

    media_root = tempfile.mkdtemp(prefix="hukumat-test-media-")
    atexit.register(shutil.rmtree, media_root, ignore_errors=True)
    settings.MEDIA_ROOT = media_root


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests of a property only PostgreSQL has are skipped on SQLite, with
    the reason their ``postgresql_only`` marker gives."""
    from django.conf import settings

    marker = item.get_closest_marker("postgresql_only")
    if marker is None or "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        return
    reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
    if not reason:
        raise pytest.UsageError(f"{item.nodeid}: postgresql_only needs a reason")
    pytest.skip(f"PostgreSQL only: {reason}")


@pytest.fixture(scope="session", autouse=True)
def media_bucket() -> None:
    """The bucket named by bin/test's S3 variables, where every test that
    stores a file without choosing its own bucket (tests/cms/media do) puts it."""
    from cms.media.storage import public_read_policy

    name = os.environ.get("AWS_STORAGE_BUCKET_NAME")
    if not name:
        return
    client = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL"),
        region_name=os.environ.get("AWS_S3_REGION_NAME"),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
    )
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket=name)
    # As in production: public media readable by anyone, private/ only signed.
    client.put_bucket_policy(
        Bucket=name, Policy=json.dumps(public_read_policy(bucket_name=name))
    )


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Every test starts with an empty cache: cached pages, site frames and
    generations of one test's sites must not leak into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def shipped_registry() -> Path:
    return SHIPPED_REGISTRY
