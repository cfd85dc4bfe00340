"""The daily content-health run, as a periodic job of the background
worker (``manage.py db_worker``): no cron needed."""

from django_tasks import task

from cms.background import PeriodicJob, daily, periodic_jobs, queue_next_run
from compliance.services import daily_health_check


@task()
def check_content_health_daily() -> int:
    """Check every online agency, store today's reports, send reminders.
    Returns how many agencies were checked."""
    queue_next_run(check_content_health_daily)
    return len(daily_health_check())


def register_jobs() -> None:
    periodic_jobs.register(PeriodicJob(task=check_content_health_daily, interval=daily))
