"""Liveness and readiness probes for load balancers and the cache tier.

- ``/healthz``: the process is alive and answers. Touches nothing else.
- ``/readyz``: whether this application server should be given traffic.

Both are answered by :class:`ProbeMiddleware`, first in the middleware stack:
a probe is never redirected to HTTPS, never refused for its Host header (a
load balancer probes a server by its address), never cached and never opens
a session.

Only the checks an application server cannot serve without make it unready
(503): the database and its migrations. The cache, media storage and the
worker are reported as *degraded* with a 200: pages and the API keep serving
without them (a cache miss falls through to the database, pages only link to
media), and taking every server out of rotation because Redis or S3 is down
would turn a partial outage into a full one.
"""

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
WORKER_HEARTBEAT_KEY = "cms:worker-heartbeat"
_CACHE_PROBE_KEY = "cms:readyz-probe"
_STORAGE_PROBE_NAME = "readyz-probe"

# Checks that talk to a remote service run in threads, all at once, and are
# given up on when READINESS_CHECK_TIMEOUT has passed, so that one hanging on
# a dead host cannot hold the probe past the load balancer's own timeout. A
# check still running from an earlier probe is not started again (at most
# one hanging thread per check and process): it reports "still running".
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="readyz")
_in_flight: dict[str, Future["CheckResult"]] = {}
_in_flight_lock = threading.Lock()


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one readiness check."""

    ok: bool
    detail: str = ""
    skipped: bool = False


@memoize
def _migrations_expected() -> frozenset[tuple[str, str]]:
    """The last migration of every app on disk, read once per process (the
    code does not change under a running process)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(loader.graph.leaf_nodes())


class _MigrationState:
    """Set once this process has seen every migration applied: from then on
    the probe only asks the database whether it answers (one query)."""

    applied = False


def check_database() -> CheckResult:
    """The default database answers, and every migration on disk is applied
    (their leaves, which imply the rest). One query once migrations have been
    seen applied, two before."""
    connection = connections[DEFAULT_DB_ALIAS]
    if _MigrationState.applied:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return CheckResult(ok=True)
    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = sorted(
        f"{app}.{name}"
        for app, name in _migrations_expected()
        if (app, name) not in applied
    )
    if missing:
        return CheckResult(
            ok=False, detail="unapplied migrations: " + ", ".join(missing)
        )
    _MigrationState.applied = True
    return CheckResult(ok=True)


def check_cache() -> CheckResult:
    """The shared cache stores and returns a value (cms.caching's tolerant
    Redis backend turns a Redis error into a miss: a failed round trip)."""
    token = secrets.token_hex(8)
    cache.set(_CACHE_PROBE_KEY, token, 30)
    if cache.get(_CACHE_PROBE_KEY) != token:
        return CheckResult(ok=False, detail="the cache did not return what was written")
    return CheckResult(ok=True)


def check_storage() -> CheckResult:
    """Media storage answers a lookup (a HEAD request on S3)."""
    default_storage.exists(_STORAGE_PROBE_NAME)
    return CheckResult(ok=True)


def record_worker_heartbeat() -> None:
    """Called by the background worker on each turn of its loop: the time it
    was last seen alive, for :func:`cached_worker_heartbeat`."""
    cache.set(WORKER_HEARTBEAT_KEY, time.time(), None)


def cached_worker_heartbeat() -> datetime | None:
    """When the worker last called :func:`record_worker_heartbeat`."""
    seen = cache.get(WORKER_HEARTBEAT_KEY)
    return datetime.fromtimestamp(seen, tz=UTC) if isinstance(seen, float) else None


def check_worker() -> CheckResult:
    """The worker's heartbeat is recent. Skipped unless
    ``READINESS_WORKER_HEARTBEAT`` names the callable that reads it."""
    source: str = getattr(settings, "READINESS_WORKER_HEARTBEAT", "")
    if not source:
        return CheckResult(ok=True, skipped=True, detail="not configured")
    heartbeat: Callable[[], datetime | None] = import_string(source)
    seen = heartbeat()
    if seen is None:
        return CheckResult(ok=False, detail="no heartbeat recorded")
    age = (datetime.now(tz=UTC) - seen).total_seconds()
    max_age = float(settings.READINESS_WORKER_MAX_AGE)
    if age > max_age:
        return CheckResult(ok=False, detail=f"last heartbeat {age:.0f} s ago")
    return CheckResult(ok=True)


#: name -> (check, critical). A critical check failing makes the server
#: unready (503); any other only degrades it (200).
CHECKS: dict[str, tuple[Callable[[], CheckResult], bool]] = {
    "database": (check_database, True),
    "cache": (check_cache, False),
    "storage": (check_storage, False),
    "worker": (check_worker, False),
}


#: Checks run in threads (remote services); the others run in the request's
#: thread (the database's connection is that thread's own; psycopg's
#: connect_timeout and the cache's socket timeouts bound them).
THREADED_CHECKS = frozenset({"storage", "worker"})


def _start(name: str, check: Callable[[], CheckResult]) -> Future[CheckResult] | None:
    """The check's future, or None while the previous one is still running."""
    with _in_flight_lock:
        running = _in_flight.get(name)
        if running is not None and not running.done():
            return None
        future = _executor.submit(check)
        _in_flight[name] = future
        return future


def _failure(error: Exception) -> CheckResult:
    return CheckResult(ok=False, detail=f"{type(error).__name__}: {error}"[:300])


def readiness() -> tuple[int, dict[str, object]]:
    """The status code and JSON body of ``/readyz``."""
    started = time.perf_counter()
    deadline = started + float(settings.READINESS_CHECK_TIMEOUT)
    futures: dict[str, Future[CheckResult] | None] = {
        name: _start(name, check)
        for name, (check, _critical) in CHECKS.items()
        if name in THREADED_CHECKS
    }
    outcomes: dict[str, tuple[CheckResult, float]] = {}
    for name, (check, _critical) in CHECKS.items():
        if name in THREADED_CHECKS:
            continue
        began = time.perf_counter()
        try:
            result = check()
        except Exception as error:
            result = _failure(error)
        outcomes[name] = (result, time.perf_counter() - began)
    for name, future in futures.items():
        if future is None:
            result = CheckResult(ok=False, detail="previous check still running")
        else:
            try:
                result = future.result(timeout=max(0.0, deadline - time.perf_counter()))
            except FutureTimeout:
                result = CheckResult(ok=False, detail="timed out")
            except Exception as error:
                result = _failure(error)
        outcomes[name] = (result, time.perf_counter() - started)

    results: dict[str, object] = {}
    ready, degraded = True, False
    for name, (_check, critical) in CHECKS.items():
        result, seconds = outcomes[name]
        entry: dict[str, object] = {
            "ok": result.ok,
            "critical": critical,
            "ms": round(seconds * 1000, 1),
        }
        if result.skipped:
            entry["skipped"] = True
        if result.detail:
            entry["detail"] = result.detail
        results[name] = entry
        if not result.ok and not result.skipped:
            if critical:
                ready = False
            else:
                degraded = True
    status = "unready" if not ready else "degraded" if degraded else "ready"
    if status != "ready":
        logger.warning("readiness: %s %s", status, results)
    return (200 if ready else 503), {"status": status, "checks": results}


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, max-age=0"
    return response


class ProbeMiddleware:
    """Answers ``/healthz`` and ``/readyz`` before any other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path not in (LIVENESS_PATH, READINESS_PATH):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
            return _no_store(response)
        if path == LIVENESS_PATH:
            return _no_store(JsonResponse({"status": "alive"}))
        status_code, body = readiness()
        return _no_store(JsonResponse(body, status=status_code))
