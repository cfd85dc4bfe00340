"""Wagtail's reference index updates run by the worker: an inline object
(a service's office link) deleted before its update runs is nothing to do,
not a FAILED task."""

from django.test import override_settings

from wagtail import signal_handlers
from wagtail.models import ReferenceIndex

import pytest
from django_tasks_db.models import DBTaskResult

from cms.reference_index import update_reference_index
from service_pages.models import ServiceOffice
from tests.factories.content import office, provisioned_agency, service

pytestmark = pytest.mark.django_db
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_saves_queue_the_platforms_version():
    assert signal_handlers.update_reference_index_task is update_reference_index
    tree = provisioned_agency("mvd")
    with override_settings(TASKS=DATABASE_BACKEND):
        service(tree)
    paths = set(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    )
    assert update_reference_index.module_path in paths
    assert "wagtail.tasks.update_reference_index_task" not in paths


def test_an_inline_object_deleted_before_its_update_is_skipped():
    tree = provisioned_agency("mvd")
    where = office(tree)
    item = service(tree)
    link = ServiceOffice.objects.create(page=item, office=where)
    pk = str(link.pk)
    link.delete()

    assert update_reference_index.call("service_pages", "serviceoffice", pk) is False


def test_an_existing_inline_object_indexes_its_page():
    tree = provisioned_agency("mvd")
    where = office(tree)
    item = service(tree)
    link = ServiceOffice.objects.create(page=item, office=where)
    ReferenceIndex.objects.all().delete()

    assert update_reference_index.call("service_pages", "serviceoffice", str(link.pk))
    # The service page (the inline's parent) now refers to the office.
    assert ReferenceIndex.get_references_to(where).filter(object_id=str(item.pk))
