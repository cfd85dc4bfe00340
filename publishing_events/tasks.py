"""The event log's periodic jobs, run by the worker (cms.background)."""

import logging
from datetime import timedelta

from django.conf import settings

from django_tasks import task

from cms.background import PeriodicJob, daily, hourly, periodic_jobs, queue_next_run
from publishing_events import services, webhooks

logger = logging.getLogger(__name__)


def schedule_interval() -> timedelta:
    return timedelta(seconds=settings.PUBLISHING_SCHEDULE_SECONDS)


@task()
def publish_scheduled_pages() -> dict[str, int]:
    """Publish the pages whose go-live time has come and unpublish those
    whose expiry time has come (each with its event), every
    ``PUBLISHING_SCHEDULE_SECONDS``."""
    queue_next_run(publish_scheduled_pages)
    expired, published = services.publish_scheduled()
    if expired or published:
        logger.info("Scheduled: %d published, %d expired", published, expired)
    return {"published": published, "expired": expired}


@task()
def prune_events() -> int:
    """Delete events older than ``PUBLISHING_EVENTS_RETENTION_DAYS``."""
    queue_next_run(prune_events)
    return services.prune_events()


@task()
def reconcile_events() -> int:
    """Once a day, compare every page with what the log announced: an event
    lost to a crash between a change and its event (only possible for a
    view restriction or a move made by code outside a transaction: the
    admin's run in one, see publishing_events.middleware) is written
    then."""
    queue_next_run(reconcile_events)
    return len(services.reconcile(cause="reconciled"))


@task()
def deliver_webhooks() -> int:
    """Send the webhook deliveries due now (queued when events commit and
    when a retry falls due)."""
    return webhooks.deliver_due()


def sweep_interval() -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_SWEEP_SECONDS)


@task()
def sweep_webhooks() -> int:
    """Every ``WEBHOOK_SWEEP_SECONDS``: deliveries whose own run was lost (a
    worker killed mid-send, a queueing that failed) are sent."""
    queue_next_run(sweep_webhooks)
    return webhooks.deliver_due()


def register_jobs() -> None:
    """Register the periodic jobs (from PublishingEventsConfig.ready)."""
    periodic_jobs.register(
        PeriodicJob(task=publish_scheduled_pages, interval=schedule_interval)
    )
    periodic_jobs.register(PeriodicJob(task=prune_events, interval=hourly))
    periodic_jobs.register(PeriodicJob(task=reconcile_events, interval=daily))
    periodic_jobs.register(PeriodicJob(task=sweep_webhooks, interval=sweep_interval))
