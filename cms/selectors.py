"""Reads shared by every content app."""

from collections.abc import Sequence

from django.db.models import (
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)

from wagtail.models import PageViewRestriction


def localized_in_order(
    queryset: QuerySet, *, ids: Sequence[int], locale_id: int
) -> list:
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


def public(queryset: QuerySet) -> QuerySet:
    """The pages of ``queryset`` that no view restriction covers."""
    return queryset.filter(~view_restricted())
