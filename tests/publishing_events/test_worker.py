"""The background worker (``manage.py db_worker``, django-tasks' database
backend) runs Wagtail's tasks and the periodic jobs: a page whose go-live
time has come is published by it, with its event, and the job is queued
again to run within a minute."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Revision

import pytest
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from cms.background import last_worker_heartbeat, periodic_jobs, start_periodic_jobs
from cms.reference_index import update_reference_index
from compliance.tasks import check_content_health_daily
from publishing_events.models import Event, WebhookDelivery, WebhookEndpoint
from publishing_events.tasks import publish_scheduled_pages
from publishing_events.webhooks import new_secret
from service_pages.models import ServiceOffice
from tests.factories.content import news_item, office, provisioned_agency, service
from tests.publishing_events.receiver import running_receiver

REPO_ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url() -> str:
    """The address of the test database, for a process of its own."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def run_worker() -> subprocess.CompletedProcess[str]:
    """``manage.py db_worker`` until nothing is due, as deployed (the
    database backend), against the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "settings.test",
        "TEST_TASKS_BACKEND": "database",
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.postgresql_only(reason="the worker is a second process")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_publishes_a_scheduled_page_with_its_event():
    with override_settings(TASKS=DATABASE_BACKEND):
        tree = provisioned_agency("mvd")
        news = news_item(tree).specific
        news.title = "Хабари навшуда"
        news.go_live_at = timezone.now() + timedelta(hours=1)
        revision = news.save_revision()
        revision.publish()
        # Wagtail's own tasks were queued for the worker, not run here.
        assert DBTaskResult.objects.filter(
            task_path=update_reference_index.module_path, status="READY"
        ).exists()
        # An inline object saved (its reference index update queued) and
        # deleted before the worker runs: no FAILED task for it.
        link = ServiceOffice.objects.create(page=service(tree), office=office(tree))
        link.delete()
    # The go-live time comes (as an hour later).
    past = timezone.now() - timedelta(seconds=1)
    content = {**revision.content, "go_live_at": past.isoformat()}
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=past, content=content
    )
    mark = Event.objects.order_by("-id").values_list("id", flat=True).first()
    assert not Event.objects.filter(id__gt=mark).exists()

    started = timezone.now()
    finished = run_worker()

    assert finished.returncode == 0, finished.stdout + finished.stderr
    (event,) = Event.objects.filter(id__gt=mark)
    assert (event.type, event.item_id) == ("news.updated", news.pk)
    news.refresh_from_db()
    assert news.title == "Хабари навшуда"
    ran = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert ran.filter(task_path=publish_scheduled_pages.module_path).exists()
    assert ran.filter(task_path=update_reference_index.module_path).exists()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    # Every periodic job ran: the worker's heartbeat is recent (what /readyz
    # reads) and the day's content-health reports are stored.
    beat = last_worker_heartbeat()
    assert beat is not None and started < beat <= timezone.now()
    assert ran.filter(task_path=check_content_health_daily.module_path).exists()
    # The next run is queued, within the schedule's interval.
    (following,) = DBTaskResult.objects.filter(
        task_path=publish_scheduled_pages.module_path, status="READY"
    )
    interval = timedelta(seconds=settings.PUBLISHING_SCHEDULE_SECONDS)
    assert interval <= timedelta(minutes=1)
    assert started < following.run_after <= timezone.now() + interval


@pytest.mark.django_db
def test_periodic_jobs_are_queued_once(settings):
    settings.TASKS = DATABASE_BACKEND
    paths = {job.task.module_path for job in periodic_jobs}
    assert publish_scheduled_pages.module_path in paths

    assert set(start_periodic_jobs()) == paths
    # A second worker starting finds them queued.
    assert start_periodic_jobs() == []
    assert DBTaskResult.objects.filter(status="READY").count() == len(paths)


@pytest.mark.django_db
def test_no_periodic_jobs_without_a_worker_backend():
    # settings.test: tasks run immediately, nothing is kept for later.
    assert start_periodic_jobs() == []
    assert not DBTaskResult.objects.exists()


def start_worker(**env: str) -> subprocess.Popen[str]:
    """``manage.py db_worker`` running on, as deployed, until stopped."""
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0.2",
        ],
        cwd=REPO_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "settings.test",
            "TEST_TASKS_BACKEND": "database",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for(condition, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.postgresql_only(reason="the worker is a second process")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_delivery_loses_nothing():
    """SIGKILL while the receiver holds the first request open; the next
    worker sends the event again, once its claim has lapsed."""
    quick = {"WEBHOOK_CLAIM_SECONDS": "2", "WEBHOOK_SWEEP_SECONDS": "1"}
    with running_receiver() as receiver:
        receiver.answer((200, {}, 20.0), 204)
        endpoint = WebhookEndpoint.objects.create(url=receiver.url, secret=new_secret())
        tree = provisioned_agency("mvd")
        with override_settings(TASKS=DATABASE_BACKEND):
            news_item(tree)
        (event,) = Event.objects.all()

        first = start_worker(**quick)
        try:
            assert wait_for(lambda: len(receiver.received) == 1, seconds=120)
        finally:
            first.kill()  # SIGKILL, mid-delivery
            first.wait()
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)

        second = start_worker(**quick)
        try:
            assert wait_for(
                lambda: WebhookDelivery.objects.filter(status="succeeded").exists(),
                seconds=120,
            ), second.stdout
        finally:
            second.terminate()
            second.wait(timeout=60)

    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert len(receiver.received) == 2
    for request in receiver.received:
        payload = Webhook(endpoint.secret).verify(request.body, request.headers)
        assert payload == event.payload
        assert request.headers["webhook-id"] == f"evt_{event.pk}"
