"""Django's Redis cache backend, made to survive Redis being down.

Django's own backend raises on every call while Redis is unreachable, and
every page (the page cache, the site frame, Wagtail's site roots) would fail
with it. Here a Redis error is a cache miss: reads return their default,
writes are dropped, and the request goes on to the database, which is what a
cache outage should cost: speed, never availability. Connecting and each
command give up after ``CACHE_SOCKET_TIMEOUT`` seconds (settings), so a Redis
host that does not answer at all cannot hold a request either.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

import redis

logger = logging.getLogger(__name__)

#: At most one warning per process in this many seconds while Redis is down.
WARNING_INTERVAL = 10.0


class _Warnings:
    last = 0.0


def _warn(operation: str, error: Exception) -> None:
    now = time.monotonic()
    if now - _Warnings.last >= WARNING_INTERVAL:
        _Warnings.last = now
        logger.warning(
            "cache unavailable (%s: %s): serving without it", operation, error
        )


class TolerantRedisCacheClient(RedisCacheClient):
    """Every Redis error becomes a miss (reads) or a no-op (writes)."""

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        try:
            return bool(super().add(key, value, timeout))
        except redis.RedisError as error:
            _warn("add", error)
            return False

    def get(self, key: Any, default: Any) -> Any:
        try:
            return super().get(key, default)
        except redis.RedisError as error:
            _warn("get", error)
            return default

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        try:
            super().set(key, value, timeout)
        except redis.RedisError as error:
            _warn("set", error)

    def touch(self, key: Any, timeout: Any) -> bool:
        try:
            return bool(super().touch(key, timeout))
        except redis.RedisError as error:
            _warn("touch", error)
            return False

    def delete(self, key: Any) -> bool:
        try:
            return bool(super().delete(key))
        except redis.RedisError as error:
            _warn("delete", error)
            return False

    def get_many(self, keys: Any) -> dict[Any, Any]:
        try:
            return dict(super().get_many(keys))
        except redis.RedisError as error:
            _warn("get_many", error)
            return {}

    def has_key(self, key: Any) -> bool:
        try:
            return bool(super().has_key(key))
        except redis.RedisError as error:
            _warn("has_key", error)
            return False

    def set_many(self, data: Any, timeout: Any) -> None:
        try:
            super().set_many(data, timeout)
        except redis.RedisError as error:
            _warn("set_many", error)

    def delete_many(self, keys: Any) -> None:
        try:
            super().delete_many(keys)
        except redis.RedisError as error:
            _warn("delete_many", error)


class TolerantRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose client turns
    Redis errors into misses (see the module's docstring)."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
