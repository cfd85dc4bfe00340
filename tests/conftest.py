"""Shared fixtures. The database is a real PostgreSQL server started by bin/test."""

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REGISTRY = REPO_ROOT / "agency_sites" / "data" / "agencies.yaml"


def pytest_configure(config: pytest.Config) -> None:
    # Uploaded test images and documents go to a folder removed at exit.
    from django.conf import settings

    media_root = tempfile.mkdtemp(prefix="hukumat-test-media-")
    atexit.register(shutil.rmtree, media_root, ignore_errors=True)
    settings.MEDIA_ROOT = media_root


@pytest.fixture
def shipped_registry() -> Path:
    return SHIPPED_REGISTRY
