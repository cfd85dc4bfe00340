"""Signal receivers: media work to do once a change is committed.

Each receiver only schedules a task after the transaction commits (nothing is
generated or moved for a change that is rolled back) and the tasks call the
services in ``renditions`` and ``privacy``.
"""

from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, post_page_move

from .tasks import (
    generate_renditions_task,
    process_published_page_task,
    sync_collection_documents_task,
    sync_documents_task,
    sync_page_tree_documents_task,
)

# Image fields whose change calls for new renditions.
RENDITION_FIELDS = {
    "file",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
}


def image_saved(
    sender: type[Model],
    instance: Model,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    if raw or (update_fields is not None and not RENDITION_FIELDS & update_fields):
        return
    pk = instance.pk
    transaction.on_commit(lambda: generate_renditions_task.enqueue([pk]))


def document_saved(
    sender: type[Model], instance: Model, raw: bool = False, **kwargs: object
) -> None:
    if raw:
        return
    pk = instance.pk
    transaction.on_commit(lambda: sync_documents_task.enqueue([pk]))


def page_published_handler(
    sender: type[Model], instance: Page, **kwargs: object
) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: process_published_page_task.enqueue(pk))


def page_moved(sender: type[Model], instance: Page, **kwargs: object) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: sync_page_tree_documents_task.enqueue(pk))


def page_restriction_changed(
    sender: type[Model], instance: PageViewRestriction, **kwargs: object
) -> None:
    page_id = instance.page_id
    transaction.on_commit(lambda: sync_page_tree_documents_task.enqueue(page_id))


def collection_restriction_changed(
    sender: type[Model], instance: CollectionViewRestriction, **kwargs: object
) -> None:
    collection_id = instance.collection_id
    transaction.on_commit(lambda: sync_collection_documents_task.enqueue(collection_id))


def connect() -> None:
    """Connect the receivers (from CmsConfig.ready)."""
    post_save.connect(image_saved, sender=get_image_model(), dispatch_uid="media-img")
    post_save.connect(
        document_saved, sender=get_document_model(), dispatch_uid="media-doc"
    )
    page_published.connect(page_published_handler, dispatch_uid="media-publish")
    post_page_move.connect(page_moved, dispatch_uid="media-move")
    for signal in (post_save, post_delete):
        signal.connect(
            page_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"media-page-restriction-{signal is post_save}",
        )
        signal.connect(
            collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"media-collection-restriction-{signal is post_save}",
        )
