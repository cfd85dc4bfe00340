"""The service catalogue in the portal API: /api/v1/services/."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from wagtail.rich_text import expand_db_html

from ninja import Field

from cms.api import (
    DateFilters,
    Fields,
    ItemBase,
    Keyset,
    ListFilters,
    ListPage,
    Out,
    PageResource,
    Served,
    ServedPage,
    Slug,
    TextFilter,
    cursor_int,
    cursor_text,
    localized_terms,
)
from service_pages.models import (
    Audience,
    Channel,
    OfficePage,
    ServiceCategory,
    ServiceOffice,
    ServicePage,
)

from .offices import OfficeRef


class ServiceFilters(ListFilters, TextFilter, DateFilters):
    category: Slug | None = Field(default=None, description="Category slug.")
    audience: Audience | None = Field(
        default=None,
        description="Citizens or businesses (services for everyone match both).",
    )
    channel: Channel | None = Field(default=None, description="How it is obtained.")
    most_requested: bool | None = Field(
        default=None, description="Only the agencies' most requested services."
    )


class CategoryRef(Out):
    slug: str
    name: str


class ServiceItem(ItemBase):
    service_code: str
    category: CategoryRef | None
    audience: str
    summary: str
    is_free: bool
    fee_amount: Decimal | None = Field(description="In somoni (TJS).")
    fee_note: str
    processing_time: str
    channels: list[Channel]
    online_url: str
    phone: str
    is_most_requested: bool
    last_reviewed: date | None


class ServiceList(ListPage):
    items: list[ServiceItem]


class StepOut(Out):
    title: str
    text: str = Field(description="HTML.")


class FormOut(Out):
    title: str
    url: str


class RequiredDocumentOut(Out):
    name: str
    note: str
    form: FormOut | None


class ServiceDetail(ServiceItem):
    eligibility: str = Field(description="HTML.")
    required_documents: list[RequiredDocumentOut]
    steps: list[StepOut]
    legal_basis: str = Field(description="HTML.")
    responsible_unit: str
    offices: list[OfficeRef] = Field(description="Where to apply in person.")


SERVICE_FIELDS = (
    "service_code",
    "category_id",
    "audience",
    "summary",
    "is_free",
    "fee_amount",
    "fee_note",
    "processing_time",
    "online_url",
    "phone",
    "is_most_requested",
    "last_reviewed",
)


# The fields of a list's rows that items show as they are.
ITEM_FIELDS = tuple(
    field for field in SERVICE_FIELDS if field in ServiceItem.model_fields
)


def _handled_at_offices(page_ids: list[int]) -> set[int]:
    """Which of these services are handled at an office. One query, on the
    listed services only: as a column of the list's statement, PostgreSQL
    hashes every service's offices first, a cost that grows with the
    catalogue."""
    if not page_ids:
        return set()
    return set(
        ServiceOffice.objects.filter(page_id__in=page_ids)
        .order_by()
        .values_list("page_id", flat=True)
        .distinct()
    )


def _narrow(
    queryset: QuerySet[ServicePage], filters: ServiceFilters
) -> QuerySet[ServicePage]:
    if filters.category:
        queryset = queryset.filter(category__slug=filters.category)
    if filters.audience:
        queryset = queryset.filter(audience__in=[filters.audience, Audience.EVERYONE])
    if filters.channel == Channel.ONLINE:
        queryset = queryset.exclude(online_url="")
    elif filters.channel == Channel.IN_PERSON:
        queryset = queryset.filter(
            Exists(ServiceOffice.objects.filter(page=OuterRef("pk")))
        )
    elif filters.channel == Channel.PHONE:
        queryset = queryset.exclude(phone="")
    if filters.most_requested is not None:
        queryset = queryset.filter(is_most_requested=filters.most_requested)
    return queryset


def _channels(row: dict[str, Any], *, has_offices: bool) -> list[Channel]:
    found = []
    if row["online_url"]:
        found.append(Channel.ONLINE)
    if has_offices:
        found.append(Channel.IN_PERSON)
    if row["phone"]:
        found.append(Channel.PHONE)
    return found


def _service_fields(
    row: dict[str, Any],
    categories: dict[int, dict[str, str]],
    *,
    has_offices: bool,
) -> dict[str, Any]:
    return {
        **{field: row[field] for field in ITEM_FIELDS},
        "category": categories.get(row["category_id"]),
        "channels": _channels(row, has_offices=has_offices),
    }


def _items(served: list[Served], filters: ServiceFilters) -> list[Fields]:
    categories = localized_terms(
        ServiceCategory,
        ids=[item.row["category_id"] for item in served],
        language=filters.locale,
    )
    at_offices = _handled_at_offices([item.row["id"] for item in served])
    return [
        _service_fields(item.row, categories, has_offices=item.row["id"] in at_offices)
        for item in served
    ]


def _detail(served: ServedPage[ServicePage]) -> Fields:
    page = served.page
    row = {field: getattr(page, field, None) for field in SERVICE_FIELDS}
    office_ids = list(page.offices.values_list("office_id", flat=True))
    categories = localized_terms(
        ServiceCategory, ids=[page.category_id], language=page.locale.language_code
    )
    return {
        **_service_fields(row, categories, has_offices=bool(office_ids)),
        "eligibility": expand_db_html(page.eligibility),
        "legal_basis": expand_db_html(page.legal_basis),
        "responsible_unit": page.responsible_unit,
        "required_documents": [
            child.block.get_api_representation(child.value)
            for child in page.required_documents
        ],
        "steps": [
            child.block.get_api_representation(child.value) for child in page.steps
        ],
        "offices": served.linked(OfficePage, ids=office_ids),
    }


services = PageResource(
    model=ServicePage,
    name="service",
    prefix="services",
    filters=ServiceFilters,
    list_schema=ServiceList,
    detail_schema=ServiceDetail,
    # In the order of their national codes, the same in every language.
    keyset=Keyset(fields=("service_code", "id"), parsers=(cursor_text, cursor_int)),
    fields=SERVICE_FIELDS,
    text_fields=("summary",),
    featured_field="is_most_requested",
    narrow=_narrow,
    items=_items,
    detail=_detail,
    list_summary="List public services",
    list_description=(
        "Services of every online agency, in the order of their national code."
    ),
    detail_summary="One public service",
)
