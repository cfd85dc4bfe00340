"""Signal receivers: every change that may alter what the public sees is
announced in its own transaction (see services.announce_changes).

- a page saved with its live state, revision, expiry or place possibly
  changed (publish, unpublish, expiry, move): inside ``Page.save``'s
  transaction;
- a page moved: its whole subtree, in the move's transaction, and again
  after it (Wagtail rewrites the descendants' addresses after saving; the
  admin's move view wraps both in one transaction, see middleware.py);
- a page's address changed (slug): its subtree, in the save's transaction;
- a page deleted: in the deletion's transaction, before the row goes;
- a view restriction added or removed: the pages under it (in the
  transaction of the admin's privacy view, see middleware.py);
- an agency taken offline or brought back: its pages.
"""

import threading

from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_slug_changed, post_page_move, pre_page_move

from agency_sites.models import Agency
from cms.contracts.events import event_prefixes
from publishing_events.services import announce_agency_change, announce_changes

# Fields whose change may change what the public sees of a page. A save
# naming only other fields (a draft's revision, a title in the admin's
# listing) cannot.
PUBLIC_STATE_FIELDS = frozenset(
    {
        "live",
        "expired",
        "expire_at",
        "live_revision",
        "live_revision_id",
        "url_path",
        "path",
        "locale",
        "locale_id",
    }
)


class _InFlight(threading.local):
    """Pages being moved (between pre_page_move and the moved page's save)
    and being deleted (between their pre_delete and post_delete), in this
    thread."""

    def __init__(self) -> None:
        self.moving: set[int] = set()
        self.deleting: set[int] = set()


_in_flight = _InFlight()


def _subtree(page: Page) -> QuerySet[Page]:
    """The page and every page under it."""
    pages: QuerySet[Page] = Page.objects.filter(path__startswith=page.path)
    return pages


def page_saved(
    sender: type[Model],
    instance: Model,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    if raw or not isinstance(instance, Page):
        return
    if update_fields is not None and not PUBLIC_STATE_FIELDS & set(update_fields):
        return
    if instance.pk in _in_flight.moving:
        _in_flight.moving.discard(instance.pk)
        announce_changes(_subtree(instance), cause="moved")
        return
    if not _announces(instance):
        return
    announce_changes(Page.objects.filter(pk=instance.pk))


def _announces(page: Page) -> bool:
    """Whether the page is of a type with events (a base ``Page`` instance,
    as Wagtail's move loads it, is looked up by its content type)."""
    prefixes = event_prefixes()
    if type(page) in prefixes:
        return True
    if type(page) is not Page:
        return False
    model = page.specific_class
    return model in prefixes


def page_moving(sender: type[Model], instance: Page, **kwargs: object) -> None:
    _in_flight.moving.add(instance.pk)


def page_moved(sender: type[Model], instance: Page, **kwargs: object) -> None:
    """After the move's transaction: the descendants' new addresses."""
    _in_flight.moving.discard(instance.pk)
    announce_changes(_subtree(instance), cause="moved")


def slug_changed(sender: type[Model], instance: Page, **kwargs: object) -> None:
    announce_changes(_subtree(instance), cause="moved")


def page_deleting(sender: type[Model], instance: Page, **kwargs: object) -> None:
    _in_flight.deleting.add(instance.pk)
    announce_changes(Page.objects.filter(pk=instance.pk), deleted=True)


def page_deleted(sender: type[Model], instance: Page, **kwargs: object) -> None:
    _in_flight.deleting.discard(instance.pk)


def restriction_changed(
    sender: type[PageViewRestriction],
    instance: PageViewRestriction,
    raw: bool = False,
    **kwargs: object,
) -> None:
    # Restrictions deleted with their page: the page's deletion is its event.
    if raw or instance.page_id in _in_flight.deleting:
        return
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True)
    found = path.first()
    if found is None:
        return
    with transaction.atomic():
        announce_changes(
            Page.objects.filter(path__startswith=found), cause="view_restriction"
        )


def agency_saving(
    sender: type[Agency], instance: Agency, raw: bool = False, **kwargs: object
) -> None:
    """Remember whether the agency was online before this save."""
    if raw or instance.pk is None:
        return
    before = (
        Agency.objects.filter(pk=instance.pk)
        .values_list("deprovisioned_at", flat=True)
        .first()
    )
    instance._was_online = before is None  # type: ignore[attr-defined]


def agency_saved(
    sender: type[Agency],
    instance: Agency,
    raw: bool = False,
    created: bool = False,
    **kwargs: object,
) -> None:
    was_online = getattr(instance, "_was_online", None)
    if raw or created or was_online is None:
        return
    del instance._was_online  # type: ignore[attr-defined]
    if was_online != instance.is_online:
        announce_agency_change(instance, online=instance.is_online)


def connect() -> None:
    """Connect the receivers (from PublishingEventsConfig.ready)."""
    post_save.connect(page_saved, dispatch_uid="events-page-save")
    pre_page_move.connect(page_moving, dispatch_uid="events-page-moving")
    post_page_move.connect(page_moved, dispatch_uid="events-page-moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="events-page-slug")
    pre_delete.connect(page_deleting, sender=Page, dispatch_uid="events-page-delete")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="events-page-deleted")
    for signal in (post_save, post_delete):
        tag = "save" if signal is post_save else "delete"
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"events-restriction-{tag}",
        )
    pre_save.connect(agency_saving, sender=Agency, dispatch_uid="events-agency-pre")
    post_save.connect(agency_saved, sender=Agency, dispatch_uid="events-agency-save")
