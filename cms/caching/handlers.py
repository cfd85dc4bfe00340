"""Signal receivers of the shared core that invalidate cached pages.

The pages of types an event log announces (``cms.contracts.events``) are
purged by their events (``purge_for_changes``): these receivers leave them
alone and cover every other page (home pages, sections, standard pages)
and what is no event at all (sites, images, documents).

A publish or unpublish drops the cached pages of the page's own site (its
menus, listings and sitemap may show it). Moves, slug changes and deletions
change addresses other sites may link to, and sites, images and documents
are shared: those drop every site's pages. Content apps connect their own
receivers for what only they know (alerts, taxonomies, links across sites).
"""

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from cms.contracts.events import announced_by_events

from .services import invalidate_all_sites, invalidate_pages


def _purged_by_events(page: Page) -> bool:
    return announced_by_events(page.specific_class or type(page))


def page_changed(sender: type[Model], instance: Page, **kwargs: object) -> None:
    if not _purged_by_events(instance):
        invalidate_pages(pages=[instance])


def addresses_changed(sender: type[Model], **kwargs: object) -> None:
    invalidate_all_sites()


def page_addresses_changed(
    sender: type[Model], instance: Page, **kwargs: object
) -> None:
    # A section moved with announced pages under it: their events purge
    # too, but the section's own address is no event.
    if not _purged_by_events(instance):
        invalidate_all_sites()


def page_deleted(sender: type[Model], instance: Model, **kwargs: object) -> None:
    if isinstance(instance, Page) and not _purged_by_events(instance):
        invalidate_all_sites()


def restriction_changed(
    sender: type[Model], instance: PageViewRestriction, **kwargs: object
) -> None:
    """A page made private (or public again) must leave (or may enter) the
    cache and the APIs at once, with everything under it (a page of an
    announced type: by its event)."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None or not _purged_by_events(page):
        invalidate_pages(page_ids=[instance.page_id])


# Fields of an image or document that pages show (its address, size,
# renditions, title); saves of other fields (hashes, counters) change nothing.
SHOWN_MEDIA_FIELDS = {
    "file",
    "title",
    "file_size",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
}


def media_changed(
    sender: type[Model],
    instance: Model,
    created: bool = False,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    # A new file is on no page yet; a changed or deleted one may be anywhere.
    if created or raw:
        return
    if update_fields is not None and not SHOWN_MEDIA_FIELDS & set(update_fields):
        return
    invalidate_all_sites()


def connect() -> None:
    """Connect the receivers (from CmsConfig.ready)."""
    page_published.connect(page_changed, dispatch_uid="pagecache-publish")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublish")
    post_page_move.connect(page_addresses_changed, dispatch_uid="pagecache-move")
    page_slug_changed.connect(page_addresses_changed, dispatch_uid="pagecache-slug")
    post_delete.connect(page_deleted, dispatch_uid="pagecache-page-delete")
    for signal in (post_save, post_delete):
        tag = "save" if signal is post_save else "delete"
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"pagecache-restriction-{tag}",
        )
        signal.connect(addresses_changed, sender=Site, dispatch_uid=f"pagecache-{tag}")
        for model in (get_image_model(), get_document_model()):
            signal.connect(
                media_changed,
                sender=model,
                dispatch_uid=f"pagecache-media-{model._meta.label}-{tag}",
            )
