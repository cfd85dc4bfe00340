"""Who may download a document, where its file is kept, and how it is served.

A document is private when its collection (or a parent collection) has a view
restriction, or when a page that uses it (per Wagtail's reference index) is
view-restricted, itself or through an ancestor. Private documents are kept
under ``private/`` (unreadable without a signature) and served, after
Wagtail's privacy check, through a signed URL that lives
``MEDIA_PRIVATE_URL_TTL`` seconds. Public documents are served from their
public (CDN) URL (see ``serving``).

When privacy changes (a collection or page restriction is added or removed, a
document changes collection, a page using it is published or moved), the
document's object is moved to the matching place by
:func:`sync_document_storage`, after the change is committed. A move that
cannot be made (storage unreachable) is logged and reported by
``manage.py media_check``, which can redo it; serving stays safe meanwhile,
because the privacy check at download time does not depend on the move.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)

from .storage import (
    copy_object,
    document_name,
    is_private_name,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentAccess:
    """The restrictions that make a document private.

    ``restricted_pages`` maps each view-restricted page that uses the
    document to the restrictions that apply to it (its own and its
    ancestors').
    """

    collection_restrictions: list[CollectionViewRestriction] = field(
        default_factory=list
    )
    restricted_pages: dict[Page, list[PageViewRestriction]] = field(
        default_factory=dict
    )

    @property
    def is_private(self) -> bool:
        return bool(self.collection_restrictions or self.restricted_pages)


def collection_is_private(*, collection_id: int | None) -> bool:
    """Whether documents of this collection are private."""
    if collection_id is None:
        return False
    collection = Collection.objects.filter(pk=collection_id).first()
    return collection is not None and collection.get_view_restrictions().exists()


def pages_using(*, obj: Model) -> list[Page]:
    """The pages whose content refers to ``obj``, per the reference index."""
    page_ids = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(obj),
            to_object_id=str(obj.pk),
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .values_list("object_id", flat=True)
        .distinct()
    )
    return list(Page.objects.filter(pk__in=[int(pk) for pk in page_ids]))


def documents_used_by_pages(*, page_ids: Iterable[int]) -> list[AbstractDocument]:
    """The documents the given pages refer to, per the reference index."""
    document_model = get_document_model()
    document_ids = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in page_ids],
        to_content_type=ContentType.objects.get_for_model(document_model),
    ).values_list("to_object_id", flat=True)
    return list(document_model.objects.filter(pk__in=[int(pk) for pk in document_ids]))


def document_access(*, document: AbstractDocument) -> DocumentAccess:
    """The collection and page restrictions that apply to a document."""
    restricted_pages = {}
    for page in pages_using(obj=document):
        restrictions = list(page.get_view_restrictions())
        if restrictions:
            restricted_pages[page] = restrictions
    return DocumentAccess(
        collection_restrictions=list(document.collection.get_view_restrictions()),
        restricted_pages=restricted_pages,
    )


def private_document_ids() -> set[int]:
    """Every private document's id, in a few queries (for media_check)."""
    document_model = get_document_model()
    restricted_collections = set()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        restricted_collections.update(
            restriction.collection.get_descendants(inclusive=True).values_list(
                "pk", flat=True
            )
        )
    private = set(
        document_model.objects.filter(
            collection_id__in=restricted_collections
        ).values_list("pk", flat=True)
    )
    restricted_page_ids = set()
    for restriction in PageViewRestriction.objects.select_related("page"):
        restricted_page_ids.update(
            Page.objects.filter(path__startswith=restriction.page.path).values_list(
                "pk", flat=True
            )
        )
    if restricted_page_ids:
        private.update(
            int(pk)
            for pk in ReferenceIndex.objects.filter(
                to_content_type=ContentType.objects.get_for_model(document_model),
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(pk) for pk in restricted_page_ids],
            ).values_list("to_object_id", flat=True)
        )
    return private


def sync_document_storage(*, document: AbstractDocument) -> bool:
    """Move a document's object to where its privacy says it belongs.

    Copies to a fresh key (new random directory, same file name, so the
    download URL does not change), points the database row at it, then
    deletes the old object. If the row cannot be updated the copy is deleted.
    Returns whether anything moved. Storage errors propagate to the caller.
    """
    private = document_access(document=document).is_private
    name = document.file.name
    if not name or is_private_name(name) == private:
        return False
    storage = document.file.storage
    new_name = document_name(file_name=document.filename, private=private)
    copy_object(storage=storage, source=name, target=new_name)
    try:
        with transaction.atomic():
            # update(): no save signals, so no second sync for this change.
            type(document).objects.filter(pk=document.pk, file=name).update(
                file=new_name
            )
    except BaseException:
        storage.delete(new_name)
        raise
    document.file.name = new_name
    storage.delete(name)
    logger.info("Moved document %s from %s to %s", document.pk, name, new_name)
    return True


def sync_documents_quietly(*, documents: Iterable[AbstractDocument]) -> None:
    """Sync each document, logging (not raising) failures: called after a
    restriction change has been committed, which must not be undone."""
    for document in documents:
        try:
            sync_document_storage(document=document)
        except Exception:
            logger.exception(
                "Could not move document %s to match its privacy; "
                "`manage.py media_check --sync-privacy` will retry",
                document.pk,
            )
