"""Dependencies made unreachable inside a test: the database pointed at a
port nothing listens on (what a stopped PostgreSQL looks like to a client),
Redis likewise."""

import contextlib
import socket
from collections.abc import Iterator
from typing import Any

from django.db import connections


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def stopped_database(django_db_blocker: Any) -> Iterator[None]:
    """The default database unreachable for the duration: every query fails
    with OperationalError (connection refused), as during a restart. For
    tests without a database transaction (no ``django_db`` mark), given
    pytest-django's ``django_db_blocker``."""
    connection = connections["default"]
    with django_db_blocker.unblock():
        connection.close()
        saved = dict(connection.settings_dict)
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


def dead_cache_settings() -> dict[str, dict[str, object]]:
    """CACHES for the platform's Redis backend, pointed at a closed port."""
    return {
        "default": {
            "BACKEND": "cms.caching.tolerant_redis.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
