"""Deployment check of the page cache."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def check_shared_cache(
    app_configs: Sequence[Any] | None = None, **kwargs: object
) -> list[CheckMessage]:
    """Cached pages are invalidated in the cache: each process of a
    deployment must see the same one."""
    if settings.PAGE_CACHE_SECONDS <= 0 and settings.API_CACHE_SECONDS <= 0:
        return []
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY:
        return []
    return [
        CheckWarning(
            "The cache is each process's own memory: after a publish, other "
            "workers keep serving the old page for up to PAGE_CACHE_SECONDS, "
            "and the old API answer for up to API_CACHE_SECONDS.",
            hint="Set REDIS_URL (redis://host:6379/0) to share one cache "
            "between every worker and server, or PAGE_CACHE_SECONDS=0 and "
            "API_CACHE_SECONDS=0.",
            id="cms.W002",
        )
    ]
