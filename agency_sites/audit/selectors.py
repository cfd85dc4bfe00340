"""Reads of an agency's admin log entries."""

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import Collection, ModelLogEntry, Page, PageLogEntry

from agency_sites.models import Agency, AgencyGroup, AgencyRole, AgencySettings
from agency_sites.models.ownership import AgencyOwnedMixin
from agency_sites.permissions import User, is_portal_administrator

# Rows fetched from the database at a time while the CSV streams.
CHUNK_SIZE = 2000


@dataclass(frozen=True, kw_only=True)
class AuditRow:
    """One admin action, as a line of the export."""

    timestamp: datetime
    action: str
    user_id: int | None
    username: str
    object_type: str
    object_id: str
    object_label: str
    revision_id: int | None

    @property
    def action_label(self) -> str:
        return str(log_action_registry.get_action_label(self.action))


def may_export_audit_log(user: User, agency: Agency) -> bool:
    """Superusers and portal administrators: any agency; an agency's
    administrators: their own."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or is_portal_administrator(user):
        return True
    return AgencyGroup.objects.filter(
        group__user=user, agency=agency, role=AgencyRole.ADMINISTRATOR
    ).exists()


def exportable_agencies(user: User) -> QuerySet[Agency]:
    """The agencies whose audit log the user may export."""
    agencies = Agency.objects.filter(site__isnull=False).order_by("slug")
    if user.is_superuser or is_portal_administrator(user):
        return agencies
    if not user.is_authenticated:
        return agencies.none()
    return agencies.filter(
        role_groups__group__user=user, role_groups__role=AgencyRole.ADMINISTRATOR
    ).distinct()


def agency_pages(agency: Agency) -> QuerySet[Page]:
    """Every page of the agency's trees, in every language."""
    site = agency.site
    if site is None:
        none: QuerySet[Page] = Page.objects.none()
        return none
    homes = Page.objects.get(pk=site.root_page_id).get_translations(inclusive=True)
    condition = Q()
    for path in homes.values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    pages: QuerySet[Page] = Page.objects.filter(condition)
    return pages


def _ids(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Primary keys as text, as ``ModelLogEntry.object_id`` holds them."""
    keys: QuerySet[Any] = queryset.annotate(key=Cast("pk", CharField())).values("key")
    return keys


def _agency_objects(agency: Agency) -> list[tuple[list[type[Model]], QuerySet[Any]]]:
    """The agency's non-page objects: the models (proxies included, which
    the log may name) and the queryset of that agency's instances."""
    collections = Collection.objects.none()
    for root_id in (agency.image_collection_id, agency.document_collection_id):
        if root_id is not None:
            root = Collection.objects.get(pk=root_id)
            collections |= Collection.objects.filter(path__startswith=root.path)
    image_model = get_image_model()
    document_model = get_document_model()
    scopes: list[tuple[list[type[Model]], QuerySet[Any]]] = [
        ([Collection], collections),
        ([image_model], image_model.objects.filter(collection__in=collections)),
        ([document_model], document_model.objects.filter(collection__in=collections)),
        (
            [Redirect, *_proxies_of(Redirect)],
            Redirect.objects.filter(site_id=agency.site_id),
        ),
        ([AgencySettings], AgencySettings.objects.filter(site_id=agency.site_id)),
    ]
    for model in apps.get_models():
        if issubclass(model, AgencyOwnedMixin) and not model._meta.proxy:
            scopes.append(
                (
                    [model, *_proxies_of(model)],
                    model._default_manager.filter(agency=agency),
                )
            )
    return scopes


def _proxies_of(model: type[Model]) -> list[type[Model]]:
    return [
        other
        for other in apps.get_models()
        if other._meta.proxy and other._meta.concrete_model is model
    ]


def _time_range(since: date | None, until: date | None) -> Q:
    """Whole days in the platform's time zone, both ends included."""
    zone = timezone.get_current_timezone()
    condition = Q()
    if since is not None:
        condition &= Q(timestamp__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until is not None:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        condition &= Q(timestamp__lt=end)
    return condition


_FIELDS = (
    "timestamp",
    "id",
    "action",
    "user_id",
    "user__username",
    "content_type__app_label",
    "content_type__model",
    "label",
    "revision_id",
)


def _rows(queryset: QuerySet[Any], id_field: str) -> Iterator[AuditRow]:
    names: dict[tuple[str, str], str] = {}
    for values in (
        queryset.order_by("timestamp", "id")
        .values_list(*_FIELDS, id_field)
        .iterator(chunk_size=CHUNK_SIZE)
    ):
        (stamp, _pk, action, user_id, username, app_label, model, label, revision) = (
            values[:-1]
        )
        kind = (app_label or "", model or "")
        if kind not in names:
            model_class = apps.get_model(*kind) if all(kind) else None
            names[kind] = (
                str(model_class._meta.verbose_name) if model_class else kind[1]
            )
        yield AuditRow(
            timestamp=stamp,
            action=action,
            user_id=user_id,
            username=username or "",
            object_type=names[kind],
            object_id=str(values[-1]),
            object_label=label or "",
            revision_id=revision,
        )


def agency_audit_rows(
    *, agency: Agency, since: date | None = None, until: date | None = None
) -> Iterator[AuditRow]:
    """The agency's admin actions between two days (inclusive), oldest first,
    read in chunks (a page query and one over every other object, merged)."""
    period = _time_range(since, until)
    page_entries = PageLogEntry.objects.filter(
        period, page_id__in=agency_pages(agency).values("pk")
    )
    model_condition = Q()
    for models, instances in _agency_objects(agency):
        types = ContentType.objects.get_for_models(
            *models, for_concrete_models=False
        ).values()
        model_condition |= Q(
            content_type__in=list(types), object_id__in=_ids(instances)
        )
    model_entries = ModelLogEntry.objects.filter(period).filter(model_condition)
    yield from heapq.merge(
        _rows(page_entries, "page_id"),
        _rows(model_entries, "object_id"),
        key=lambda row: row.timestamp,
    )
