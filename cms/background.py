"""Background work: the jobs the worker (``manage.py db_worker``) runs again
and again, on time, without a cron.

Tasks go through django-tasks (``settings.TASKS``): in production and the
demo its database backend, whose worker is ``manage.py db_worker``; Wagtail's
own tasks (search and reference index, file deletion, frontend-cache purges)
go through it too. A periodic job is a task that, when it starts, queues its
own next run (``run_after`` its interval later) unless one is already
queued; the worker queues every registered job when it starts, so a job
whose run was lost (a worker killed mid-run) starts again with the worker.
Two workers starting at once may queue a job twice: the next runs see the
queued one and stop doubling, and each job is written to be safe when two
runs overlap.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from django_tasks import task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from cms.contracts import Registry
from cms.probes import record_worker_heartbeat

logger = logging.getLogger(__name__)

JobTask = Task[[], Any]


@dataclass(frozen=True)
class PeriodicJob:
    """A task (taking no arguments) run every ``interval()`` by the worker.

    ``interval`` is read when each run is queued, so a setting changed for
    a deployment applies from the next run."""

    task: JobTask
    interval: Callable[[], timedelta]


#: Every periodic job; apps register theirs in ``AppConfig.ready()``.
periodic_jobs: Registry[PeriodicJob] = Registry("periodic jobs")


def _queued(job_task: JobTask) -> bool:
    """Whether a run of ``job_task`` is waiting in the queue."""
    return DBTaskResult.objects.filter(
        task_path=job_task.module_path,
        backend_name=job_task.backend,
        status="READY",
    ).exists()


def queue_run(job_task: JobTask, *, after: timedelta) -> bool:
    """Queue a run of ``job_task`` ``after`` from now, unless one is already
    waiting. Only a backend that can run tasks later (the database's) keeps
    periodic jobs: with the immediate backend (tests) nothing is queued.
    Returns whether a run was queued."""
    backend = job_task.get_backend()
    if not isinstance(backend, DatabaseBackend) or _queued(job_task):
        return False
    job_task.using(run_after=timezone.now() + after).enqueue()
    return True


def job_for(job_task: JobTask) -> PeriodicJob:
    for job in periodic_jobs:
        if job.task.module_path == job_task.module_path:
            return job
    raise LookupError(f"{job_task.module_path} is not a registered periodic job")


def queue_next_run(job_task: JobTask) -> bool:
    """Called first by every periodic job: queue its next run, so that the
    chain goes on even if this run fails."""
    return queue_run(job_task, after=job_for(job_task).interval())


def start_periodic_jobs() -> list[str]:
    """Queue a run now of every periodic job that has none waiting (the
    worker calls this when it starts). Returns the jobs queued."""
    return [
        job.task.module_path
        for job in periodic_jobs
        if queue_run(job.task, after=timedelta())
    ]


def task_results_retention() -> timedelta:
    return timedelta(days=settings.BACKGROUND_TASK_RESULTS_RETENTION_DAYS)


@task()
def prune_task_results() -> int:
    """Delete the records of tasks that finished longer ago than
    ``BACKGROUND_TASK_RESULTS_RETENTION_DAYS`` (periodic jobs alone leave
    thousands a day). Returns how many were deleted."""
    queue_next_run(prune_task_results)
    cutoff = timezone.now() - task_results_retention()
    deleted, _by_model = (
        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    )
    if deleted:
        logger.info("Pruned %d finished task results", deleted)
    return deleted


def hourly() -> timedelta:
    return timedelta(hours=1)


def daily() -> timedelta:
    return timedelta(days=1)


def heartbeat_interval() -> timedelta:
    return timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS)


@task()
def worker_heartbeat() -> None:
    """Say the worker is alive and running its queue, for ``/readyz``: in
    the shared cache (``cms.probes.cached_worker_heartbeat``) and, by its
    own finished run, in the database (:func:`last_worker_heartbeat`, which
    needs no shared cache)."""
    queue_next_run(worker_heartbeat)
    record_worker_heartbeat()


def last_worker_heartbeat() -> datetime | None:
    """When a worker last ran :func:`worker_heartbeat` (one query); for
    ``READINESS_WORKER_HEARTBEAT = "cms.background.last_worker_heartbeat"``."""
    finished: datetime | None = (
        DBTaskResult.objects.filter(
            task_path=worker_heartbeat.module_path, status="SUCCESSFUL"
        )
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    return finished


def register_jobs() -> None:
    """Register the platform's own periodic jobs (from CmsConfig.ready)."""
    periodic_jobs.register(PeriodicJob(task=prune_task_results, interval=hourly))
    periodic_jobs.register(
        PeriodicJob(task=worker_heartbeat, interval=heartbeat_interval)
    )
