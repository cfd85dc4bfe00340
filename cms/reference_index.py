"""Wagtail's reference index updates, as run by the worker.

Wagtail queues ``update_reference_index_task`` after every save of a model
it tracks, inline objects included (a service's offices). By the time the
worker runs it, a later publish may have replaced those rows: Wagtail's task
then raises ``DoesNotExist`` and shows as FAILED, although nothing is wrong
(the deletion already removed the object's references). The platform's
version treats an object (or its parent) that is gone as nothing to do.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist

from wagtail import signal_handlers
from wagtail import tasks as wagtail_tasks

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def update_reference_index(app_label: str, model_name: str, pk: str) -> bool:
    """Wagtail's ``update_reference_index_task``; an object deleted before
    the worker came to it is skipped. Returns whether it was indexed."""
    try:
        wagtail_tasks.update_reference_index_task.func(app_label, model_name, pk)
    except ObjectDoesNotExist:
        logger.debug(
            "Reference index: %s.%s %s was deleted before its update ran",
            app_label,
            model_name,
            pk,
        )
        return False
    return True


def install() -> None:
    """Queue the platform's version wherever Wagtail queues its own (from
    CmsConfig.ready)."""
    signal_handlers.update_reference_index_task = update_reference_index
