"""Shared fixtures. The database is a real PostgreSQL server started by bin/test."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_REGISTRY = REPO_ROOT / "agency_sites" / "data" / "agencies.yaml"


@pytest.fixture
def shipped_registry() -> Path:
    return SHIPPED_REGISTRY
