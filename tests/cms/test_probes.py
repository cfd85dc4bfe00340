"""/healthz and /readyz: JSON, never cached, cheap, and only the database
(with its migrations) able to take a server out of rotation."""

import json
import threading

from django.test import override_settings

import pytest

from cms import probes
from tests.cms.outages import dead_cache_settings, stopped_database


@pytest.fixture(autouse=True)
def migrations_not_yet_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probes._MigrationState, "applied", False)


@pytest.fixture(autouse=True)
def patient_checks(settings) -> None:
    # A cold process (the first S3 client, the migration files) on a busy
    # test machine can take more than the production deadline of 1 s; these
    # tests are about what is reported, the deadline has its own test.
    settings.READINESS_CHECK_TIMEOUT = 15


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query would fail the request.
    response = client.get("/healthz", headers={"host": "10.0.0.7:8000"})
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert response["Content-Type"] == "application/json"


def test_healthz_answers_while_the_database_is_down(client, django_db_blocker):
    with stopped_database(django_db_blocker):
        response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_reports_every_dependency_in_one_query_once_warm(
    client, django_assert_num_queries
):
    # A load balancer probes by address, over plain HTTP: no redirect, no 400.
    first = client.get("/readyz", headers={"host": "10.0.0.7:8000"})
    assert first.status_code == 200, first.content
    with django_assert_num_queries(1):
        response = client.get("/readyz", headers={"host": "10.0.0.7:8000"})
    body = response.json()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "storage", "worker"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["database"]["critical"] is True
    # Not configured here: skipped, and said so.
    assert body["checks"]["worker"]["skipped"] is True


@pytest.mark.django_db
def test_an_unapplied_migration_makes_the_server_unready(client, monkeypatch):
    expected = probes._migrations_expected() | {("news", "9999_not_applied")}
    monkeypatch.setattr(probes, "_migrations_expected", lambda: expected)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["checks"]["database"]["ok"] is False
    assert "news.9999_not_applied" in body["checks"]["database"]["detail"]


def test_a_stopped_database_makes_the_server_unready(client, django_db_blocker):
    with stopped_database(django_db_blocker):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["checks"]["database"]["ok"] is False
    assert "OperationalError" in body["checks"]["database"]["detail"]


@pytest.mark.django_db
def test_a_dead_redis_only_degrades_the_server(client):
    with override_settings(CACHES=dead_cache_settings()):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
@override_settings(READINESS_WORKER_HEARTBEAT="cms.probes.cached_worker_heartbeat")
def test_the_worker_heartbeat_when_configured(client):
    missing = client.get("/readyz").json()
    assert missing["status"] == "degraded"
    assert missing["checks"]["worker"] == {
        "ok": False,
        "critical": False,
        "ms": missing["checks"]["worker"]["ms"],
        "detail": "no heartbeat recorded",
    }
    probes.record_worker_heartbeat()
    seen = client.get("/readyz").json()
    assert seen["status"] == "ready"
    with override_settings(READINESS_WORKER_MAX_AGE=-1):
        stale = client.get("/readyz").json()
    assert stale["checks"]["worker"]["ok"] is False
    assert "last heartbeat" in stale["checks"]["worker"]["detail"]


@pytest.mark.django_db
def test_probes_refuse_writes(client):
    response = client.post("/readyz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert json.loads(response.content) == {"status": "method not allowed"}


@pytest.mark.django_db
def test_a_hanging_storage_only_degrades_within_the_deadline(client, monkeypatch):
    release = threading.Event()
    calls = []

    def hanging_storage() -> probes.CheckResult:
        calls.append(1)
        release.wait(timeout=30)
        return probes.CheckResult(ok=True)

    monkeypatch.setitem(probes.CHECKS, "storage", (hanging_storage, False))
    try:
        with override_settings(READINESS_CHECK_TIMEOUT=0.3):
            first = client.get("/readyz").json()
            second = client.get("/readyz").json()
        assert first["status"] == "degraded"
        assert first["checks"]["storage"]["detail"] == "timed out"
        assert first["checks"]["storage"]["ms"] < 2000
        # The hanging check is not started a second time.
        assert second["checks"]["storage"]["detail"] == "previous check still running"
        assert calls == [1]
    finally:
        release.set()
