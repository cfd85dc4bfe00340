"""Background tasks for media work that follows a committed change.

They run through django-tasks (Wagtail's task framework): inline with the
default immediate backend, on a worker when one is configured in TASKS.
"""

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from django_tasks import task

from .privacy import documents_used_by_pages, sync_documents_quietly
from .renditions import generate_renditions_quietly, images_used_by


@task()
def generate_renditions_task(image_ids: list[int]) -> None:
    """Generate the stored renditions of these images."""
    generate_renditions_quietly(image_ids=image_ids)


@task()
def process_published_page_task(page_id: int) -> None:
    """After a publish: renditions of the images the page uses, and the
    storage place of the documents it uses (it may be view-restricted)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    generate_renditions_quietly(image_ids=images_used_by(page=page))
    sync_documents_quietly(documents=documents_used_by_pages(page_ids=[page_id]))


@task()
def sync_page_tree_documents_task(page_id: int) -> None:
    """After a page restriction changed or a page moved: documents used
    anywhere in that page's subtree."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    page_ids = list(
        Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    )
    sync_documents_quietly(documents=documents_used_by_pages(page_ids=page_ids))


@task()
def sync_collection_documents_task(collection_id: int) -> None:
    """After a collection restriction changed: documents in that collection
    and the collections under it."""
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return
    sync_documents_quietly(
        documents=get_document_model().objects.filter(
            collection__in=collection.get_descendants(inclusive=True)
        )
    )


@task()
def sync_documents_task(document_ids: list[int]) -> None:
    """After a document changed (its collection, say)."""
    sync_documents_quietly(
        documents=get_document_model().objects.filter(pk__in=document_ids)
    )
