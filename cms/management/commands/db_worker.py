"""``manage.py db_worker``: django-tasks-db's worker, which also queues the
periodic jobs (cms.background) when it starts, so scheduled publishing,
expiry and pruning run on time wherever a worker runs, without a cron."""

from typing import Any

from django_tasks_db.management.commands import db_worker

from cms.background import start_periodic_jobs


class Command(db_worker.Command):
    help = (
        "Run the background worker: queued tasks (Wagtail's, publishing "
        "events') and the periodic jobs (scheduled publishing and expiry, "
        "pruning)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in start_periodic_jobs():
            self.stdout.write(f"Queued periodic job {path}")
        super().handle(*args, **options)
