"""Writes of the event log.

Every change of what the public sees goes through :func:`announce_changes`:
it compares the pages a change may have affected, as they are now, with
what the log has announced (``AnnouncedItem``), writes one event per
difference, purges the caches of what the events make stale
(``cms.caching.purge_for_changes``: page cache, API answers, edge) and
brings the announced state up to date, all in the transaction of the
change. Whatever the cause (publication, expiry, a view
restriction, a move, an agency going offline), each page that became or
stopped being public gets exactly one event, and running it again finds
nothing new.
"""

import logging
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from wagtail.models import DraftStateMixin, Page, Revision

from agency_sites.models import Agency
from cms.caching import PublicChange, purge_for_changes
from publishing_events.models import AnnouncedItem, Event, EventKind
from publishing_events.selectors import PublicItem, agency_pages, public_items
from publishing_events.webhooks import queue_deliveries

logger = logging.getLogger(__name__)

# Held by every transaction that writes events, until it ends (PostgreSQL):
# event ids are then handed out in the order transactions commit, so a
# consumer that has read up to id N never misses a smaller id committed
# later. SQLite serialises all writes anyway.
EVENT_LOG_LOCK = 7_310_017


def _lock_event_log() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOG_LOCK])


def _event(
    *,
    kind: str,
    item_type: str,
    item_id: int,
    agency_slug: str,
    at: datetime,
    data: dict[str, Any],
    translation_key: Any = None,
    locale: str = "",
) -> Event:
    event_type = f"{item_type}.{kind}"
    return Event(
        type=event_type,
        occurred_at=at,
        item_type=item_type,
        item_id=item_id,
        translation_key=translation_key,
        locale=locale,
        agency_slug=agency_slug,
        payload={"type": event_type, "timestamp": at.isoformat(), "data": data},
    )


def _item_event(
    kind: str, item: PublicItem | AnnouncedItem, *, at: datetime, cause: str
) -> Event:
    agency_slug = item.agency.slug if isinstance(item, PublicItem) else item.agency_slug
    data: dict[str, Any] = {
        "id": item.page_id,
        "item_type": item.item_type,
        "translation_key": str(item.translation_key),
        "locale": item.locale,
        "agency": agency_slug,
    }
    if cause:
        data["reason"] = cause
    return _event(
        kind=kind,
        item_type=item.item_type,
        item_id=item.page_id,
        agency_slug=agency_slug,
        at=at,
        data=data,
        translation_key=item.translation_key,
        locale=item.locale,
    )


def _announced(item: PublicItem) -> AnnouncedItem:
    return AnnouncedItem(
        page_id=item.page_id,
        item_type=item.item_type,
        translation_key=item.translation_key,
        locale=item.locale,
        agency_id=item.agency.pk,
        agency_slug=item.agency.slug,
        live_revision_id=item.live_revision_id,
        url_path=item.url_path,
    )


def _expired_ids(page_ids: Collection[int], *, now: datetime) -> set[int]:
    """Which of these pages are no longer public because their expiry time
    came (Wagtail's expired flag, or an expiry time past)."""
    if not page_ids:
        return set()
    return set(
        Page.objects.filter(pk__in=page_ids)
        .filter(Q(expired=True) | Q(expire_at__lte=now))
        .values_list("pk", flat=True)
    )


def announce_changes(
    pages: QuerySet[Page],
    *,
    cause: str = "",
    deleted: bool = False,
    leading: Iterable[Event] = (),
) -> list[Event]:
    """Write an event for every page of ``pages`` whose public state differs
    from what was announced, and record the new state. ``deleted``: the
    pages are being deleted (in ``pre_delete``). ``cause`` goes into the
    events' data as ``reason``; ``leading`` events (an agency's) are written
    first, in the same transaction. Returns the events written."""
    now = timezone.now()
    current = {} if deleted else public_items(pages)
    announced = {
        item.page_id: item
        for item in AnnouncedItem.objects.filter(
            page_id__in=pages.order_by().values("pk")
        )
    }
    if not current and not announced and not leading:
        return []
    stopped = sorted(pk for pk in announced if pk not in current)
    began = sorted(pk for pk in current if pk not in announced)
    expired = set() if deleted else _expired_ids(stopped, now=now)
    events: list[Event] = list(leading)
    # What each event makes stale, for the caches' purge.
    changes: list[PublicChange] = []
    for pk in stopped:
        if deleted:
            kind = EventKind.DELETED
        elif pk in expired:
            kind = EventKind.EXPIRED
        else:
            kind = EventKind.UNPUBLISHED
        events.append(_item_event(kind, announced[pk], at=now, cause=cause))
        changes.append(PublicChange(kind, (announced[pk].url_path,)))
    changed = []
    for pk, item in sorted(current.items()):
        before = announced.get(pk)
        if before is None:
            continue
        if (
            item.agency.pk != before.agency_id
            or item.url_path != before.url_path
            or item.locale != before.locale
        ):
            events.append(_item_event(EventKind.MOVED, item, at=now, cause=cause))
            changes.append(
                PublicChange(EventKind.MOVED, (before.url_path, item.url_path))
            )
            changed.append(pk)
        elif item.live_revision_id != before.live_revision_id:
            events.append(_item_event(EventKind.UPDATED, item, at=now, cause=cause))
            changes.append(PublicChange(EventKind.UPDATED, (item.url_path,)))
            changed.append(pk)
    if began:
        keys = {current[pk].translation_key for pk in began}
        translated = set(
            AnnouncedItem.objects.filter(translation_key__in=keys)
            .exclude(page_id__in=[*stopped, *began])
            .values_list("translation_key", flat=True)
        )
        for pk in began:
            item = current[pk]
            if item.translation_key in translated:
                kind = EventKind.TRANSLATION_PUBLISHED
            else:
                kind = EventKind.PUBLISHED
                translated.add(item.translation_key)
            events.append(_item_event(kind, item, at=now, cause=cause))
            changes.append(PublicChange(kind, (item.url_path,)))
    if not events:
        return []
    with transaction.atomic(savepoint=False):
        _lock_event_log()
        written = Event.objects.bulk_create(events)
        queue_deliveries(written)
        # One mechanism tells everyone: the caches are purged by the same
        # events (now and when the transaction commits).
        purge_for_changes(changes)
        gone = [*stopped, *changed]
        if gone:
            AnnouncedItem.objects.filter(page_id__in=gone).delete()
        fresh = [_announced(current[pk]) for pk in [*changed, *began]]
        if fresh:
            AnnouncedItem.objects.bulk_create(fresh)
    return written


def announce_agency_change(agency: Agency, *, online: bool) -> list[Event]:
    """An agency went offline (``online`` False) or came back: its event,
    then one event for each of its pages that stopped or started being
    public."""
    now = timezone.now()
    kind = EventKind.RESTORED if online else EventKind.OFFLINE
    leading = _event(
        kind=kind,
        item_type="agency",
        item_id=agency.pk,
        agency_slug=agency.slug,
        at=now,
        data={"id": agency.pk, "slug": agency.slug},
    )
    cause = "agency_restored" if online else "agency_offline"
    return announce_changes(agency_pages(agency), cause=cause, leading=[leading])


def _scheduled_models() -> list[type[Model]]:
    """Pages, and every other model with a live state (alert banners)."""
    others = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return [Page, *others]


def publish_scheduled(*, now: datetime | None = None) -> tuple[int, int]:
    """What Wagtail's ``publish_scheduled`` command does, one object per
    transaction, each taken by one worker only (rows locked, locked ones
    skipped): unpublish live pages (and alert banners) whose expiry time
    has come, and publish the revisions whose go-live time has come. Their
    events are written by the page's save. Returns (expired, published)."""
    now = now or timezone.now()
    expired = 0
    for model in _scheduled_models():
        due = model._default_manager.filter(live=True, expire_at__lte=now)
        for pk in list(due.values_list("pk", flat=True)):
            with transaction.atomic():
                # A page or another DraftStateMixin model (untyped).
                found: Any = (
                    model._default_manager.select_for_update(skip_locked=True)
                    .filter(pk=pk, live=True, expire_at__lte=now)
                    .first()
                )
                if found is None:
                    continue
                if isinstance(found, Page):
                    found = found.specific
                found.unpublish(
                    set_expired=True, log_action="wagtail.unpublish.scheduled"
                )
                expired += 1
    published = 0
    revisions = Revision.objects.filter(approved_go_live_at__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(revisions):
        with transaction.atomic():
            revision = (
                Revision.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, approved_go_live_at__lte=now)
                .first()
            )
            if revision is None:
                continue
            revision.publish(log_action="wagtail.publish.scheduled")
            published += 1
    # Anything else no longer public that was announced (an expiry time
    # past on a page already unpublished, a change whose event a crash
    # lost): announced now.
    stale = AnnouncedItem.objects.filter(
        page_id__in=Page.objects.filter(
            Q(live=False) | Q(expired=True) | Q(expire_at__lte=now)
        ).values("pk")
    ).values_list("page_id", flat=True)
    stale_ids = list(stale)
    if stale_ids:
        with transaction.atomic():
            announce_changes(Page.objects.filter(pk__in=stale_ids))
    return expired, published


def events_retention() -> timedelta:
    return timedelta(days=settings.PUBLISHING_EVENTS_RETENTION_DAYS)


def prune_events(*, now: datetime | None = None) -> int:
    """Delete events older than ``PUBLISHING_EVENTS_RETENTION_DAYS``.
    Returns how many were deleted."""
    cutoff = (now or timezone.now()) - events_retention()
    deleted, _by_model = Event.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


def reconcile(*, cause: str = "") -> list[Event]:
    """Compare every page with what was announced (the first run announces
    every public page; later runs find only what a lost change left)."""
    with transaction.atomic():
        return announce_changes(Page.objects.all(), cause=cause)
