"""Reads shared by every content app."""

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from django.db.models import (
    CharField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, TranslatableMixin

TranslatableT = TypeVar("TranslatableT", bound=TranslatableMixin)
PageT = TypeVar("PageT", bound=Page)


def localized_in_order(
    queryset: QuerySet[TranslatableT], *, ids: Sequence[int], locale_id: int
) -> list[TranslatableT]:
    """The objects of ``queryset`` with the given ids, each replaced by its
    translation in ``locale_id`` when the queryset has one, in the order of
    ``ids``. One query.

    Synchronised links (a service's offices, a news item's topics) keep
    pointing at the source language's objects in every translation; this is
    how a page shows them in its own language.
    """
    if not ids:
        return []
    model = queryset.model
    linked = model._default_manager.filter(pk__in=ids).values("translation_key")
    candidates = queryset.filter(translation_key__in=linked).filter(
        Q(locale_id=locale_id) | Q(pk__in=ids)
    )
    by_id = {}
    localized = {}
    for candidate in candidates:
        by_id[candidate.pk] = candidate
        if candidate.locale_id == locale_id:
            localized[candidate.translation_key] = candidate
    found = []
    for pk in ids:
        original = by_id.get(pk)
        if original is not None:
            found.append(localized.get(original.translation_key, original))
    return found


def view_restricted() -> Exists:
    """True for a page under a view restriction (on itself, an ancestor, or
    the source of an alias among them): an expression, so that filtering
    public pages costs no query of its own, unlike ``PageQuerySet.public()``.
    """
    target = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    covering = PageViewRestriction.objects.annotate(target=target).filter(
        Q(target__startswith=F("page__path"))
        | Q(target__startswith=F("page__aliases__path"))
    )
    return Exists(covering)


# What "public" means, everywhere (pages, menus, listings, sitemap, feeds,
# search, both APIs): a page is shown only when it is live, its expiry time
# (``expire_at``) has not come, and no view restriction covers it. An expired
# page is hidden at once, not when Wagtail's ``publish_scheduled`` command
# next runs and unpublishes it. ``live_now`` and ``is_live_now`` are the same
# rule, for the database and for a page already in hand.


def live_now(*, at: datetime | Expression | None = None) -> Q:
    """Live pages whose expiry time has not come at ``at``: by default the
    application's clock, the one the page cache's lifetimes are counted in;
    the portal API passes the database's (``Now()``), so that its conditions
    can be built once and reused."""
    moment = timezone.now() if at is None else at
    return Q(live=True, expired=False) & (
        Q(expire_at__isnull=True) | Q(expire_at__gt=moment)
    )


def is_live_now(page: Page, *, at: datetime | None = None) -> bool:
    """:func:`live_now` for one page already fetched."""
    moment = timezone.now() if at is None else at
    return (
        page.live
        and not page.expired
        and (page.expire_at is None or page.expire_at > moment)
    )


def public(queryset: QuerySet[PageT]) -> QuerySet[PageT]:
    """The pages of ``queryset`` anyone may see now: live, unexpired (see
    :func:`live_now`) and under no view restriction."""
    return queryset.filter(live_now(), ~view_restricted())
