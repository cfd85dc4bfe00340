"""The service catalogue and the offices in the portal API:
/api/v1/services/ and /api/v1/offices/."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ninja import Field, Query, Router

from agency_sites.models import Region
from cms.api import (
    ERROR_RESPONSES,
    DateFilters,
    DetailParams,
    ItemBase,
    Keyset,
    ListFilters,
    ListPage,
    LocalTime,
    Narrowing,
    Out,
    PageId,
    Slug,
    Text,
    TextFilter,
    containing,
    cursor_int,
    cursor_text,
    localized_terms,
    register_router,
    register_searchable,
    respond,
    served_detail,
    served_list,
)
from cms.api.content import public_in_trees
from cms.selectors import localized_in_order
from cms.text_search import equals_text
from service_pages.models import (
    Audience,
    Channel,
    OfficeKind,
    OfficePage,
    ServiceCategory,
    ServiceOffice,
    ServicePage,
)

# Services in the order of their national codes, the same in every language.
BY_CODE = Keyset(fields=("service_code", "id"), parsers=(cursor_text, cursor_int))
BY_TITLE = Keyset(fields=("title", "id"), parsers=(cursor_text, cursor_int))


# --- services -------------------------------------------------------------


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


class OfficeRef(Out):
    id: int
    title: str
    url: str


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


def _narrow_services(filters: ServiceFilters) -> Narrowing:
    def narrow(queryset: QuerySet[ServicePage]) -> QuerySet[ServicePage]:
        queryset = queryset.filter(filters.published_within())
        if filters.category:
            queryset = queryset.filter(category__slug=filters.category)
        if filters.audience:
            queryset = queryset.filter(
                audience__in=[filters.audience, Audience.EVERYONE]
            )
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
        if filters.q and filters.q.strip():
            text = filters.q.strip()
            queryset = queryset.filter(
                containing(text, [(Page, "title"), (ServicePage, "summary")])
            )
        return queryset

    return narrow


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


router = Router(tags=["services"])


@router.get(
    "/", response={200: ServiceList, **ERROR_RESPONSES}, summary="List public services"
)
def list_services(request: HttpRequest, filters: Query[ServiceFilters]) -> HttpResponse:
    """Services of every online agency, in the order of their national code."""
    served, next_cursor = served_list(
        ServicePage,
        filters=filters,
        keyset=BY_CODE,
        fields=SERVICE_FIELDS,
        narrow=_narrow_services(filters),
    )
    categories = localized_terms(
        ServiceCategory,
        ids=[item.row["category_id"] for item in served],
        language=filters.locale,
    )
    at_offices = _handled_at_offices([item.row["id"] for item in served])
    return respond(
        ServiceList,
        {
            "items": [
                {
                    **item.base,
                    **_service_fields(
                        item.row, categories, has_offices=item.row["id"] in at_offices
                    ),
                }
                for item in served
            ],
            "next_cursor": next_cursor,
        },
    )


@router.get(
    "/{service_id}/",
    response={200: ServiceDetail, **ERROR_RESPONSES},
    summary="One public service",
)
def service_detail(
    request: HttpRequest, service_id: PageId, params: Query[DetailParams]
) -> HttpResponse:
    served = served_detail(ServicePage, page_id=service_id, language=params.locale)
    page, base, tenancy = served.page, served.base, served.tenancy
    row = {field: getattr(page, field, None) for field in SERVICE_FIELDS}
    office_ids = list(page.offices.values_list("office_id", flat=True))
    language = page.locale.language_code
    categories = localized_terms(
        ServiceCategory, ids=[page.category_id], language=language
    )
    offices = localized_in_order(
        public_in_trees(OfficePage, scope=served.scope),
        ids=office_ids,
        locale_id=page.locale_id,
    )
    return respond(
        ServiceDetail,
        {
            **base,
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
            "offices": [
                {
                    "id": office.pk,
                    "title": office.title,
                    "url": tenancy.page_url(path=office.path, url_path=office.url_path),
                }
                for office in offices
            ],
        },
    )


# --- offices --------------------------------------------------------------


class OfficeFilters(ListFilters, TextFilter):
    city: Text | None = Field(
        default=None, max_length=100, description="City, as written on the page."
    )
    region: Region | None = Field(default=None, description="Region code.")
    kind: OfficeKind | None = Field(default=None, description="Kind of office.")


class OfficeItem(ItemBase):
    kind: OfficeKind
    address: str
    city: str
    region: str
    latitude: Decimal | None
    longitude: Decimal | None
    phone: str
    email: str


class OfficeList(ListPage):
    items: list[OfficeItem]


class OpeningHoursOut(Out):
    """Hours of one weekday, in local time (HH:MM); null when not set."""

    weekday: int = Field(description="0 = Monday.")
    opens: LocalTime | None
    closes: LocalTime | None
    break_starts: LocalTime | None
    break_ends: LocalTime | None


class SpecialDayOut(Out):
    """A day with other hours (a holiday); closed when opens is null."""

    date: date
    opens: LocalTime | None
    closes: LocalTime | None


class OfficeDetail(OfficeItem):
    directions: str
    opening_hours: list[OpeningHoursOut]
    special_days: list[SpecialDayOut]
    services: list[OfficeRef] = Field(description="Services handled here.")


OFFICE_FIELDS = (
    "kind",
    "address",
    "city",
    "region",
    "latitude",
    "longitude",
    "phone",
    "email",
)


def _narrow_offices(filters: OfficeFilters) -> Narrowing:
    def narrow(queryset: QuerySet[OfficePage]) -> QuerySet[OfficePage]:
        if filters.city and filters.city.strip():
            queryset = queryset.filter(equals_text("city", filters.city.strip()))
        if filters.region:
            queryset = queryset.filter(region=filters.region)
        if filters.kind:
            queryset = queryset.filter(kind=filters.kind)
        if filters.q and filters.q.strip():
            text = filters.q.strip()
            queryset = queryset.filter(
                containing(text, [(Page, "title"), (OfficePage, "address")])
            )
        return queryset

    return narrow


offices_router = Router(tags=["offices"])


@offices_router.get(
    "/",
    response={200: OfficeList, **ERROR_RESPONSES},
    summary="List offices and Public Services Centers",
)
def list_offices(request: HttpRequest, filters: Query[OfficeFilters]) -> HttpResponse:
    """Offices of every online agency, by name."""
    served, next_cursor = served_list(
        OfficePage,
        filters=filters,
        keyset=BY_TITLE,
        fields=OFFICE_FIELDS,
        narrow=_narrow_offices(filters),
    )
    return respond(
        OfficeList,
        {
            "items": [
                {**item.base, **{field: item.row[field] for field in OFFICE_FIELDS}}
                for item in served
            ],
            "next_cursor": next_cursor,
        },
    )


@offices_router.get(
    "/{office_id}/",
    response={200: OfficeDetail, **ERROR_RESPONSES},
    summary="One office",
)
def office_detail(
    request: HttpRequest, office_id: PageId, params: Query[DetailParams]
) -> HttpResponse:
    served = served_detail(OfficePage, page_id=office_id, language=params.locale)
    page, base, tenancy = served.page, served.base, served.tenancy
    source_ids = OfficePage.objects.filter(translation_key=page.translation_key).values(
        "pk"
    )
    service_ids = list(
        ServiceOffice.objects.filter(office_id__in=source_ids)
        .order_by("page_id")
        .values_list("page_id", flat=True)
        .distinct()
    )
    services = localized_in_order(
        public_in_trees(ServicePage, scope=served.scope),
        ids=service_ids,
        locale_id=page.locale_id,
    )
    # Every translation of a service links the same office: one entry each.
    services = list({service.pk: service for service in services}.values())
    return respond(
        OfficeDetail,
        {
            **base,
            **{field: getattr(page, field) for field in OFFICE_FIELDS},
            "directions": page.directions,
            "opening_hours": [
                {
                    "weekday": rule.weekday,
                    "opens": rule.opens,
                    "closes": rule.closes,
                    "break_starts": rule.break_starts,
                    "break_ends": rule.break_ends,
                }
                for rule in page.opening_hours.all()
            ],
            "special_days": [
                {"date": day.date, "opens": day.opens, "closes": day.closes}
                for day in page.special_days.all()
            ],
            "services": [
                {
                    "id": service.pk,
                    "title": service.title,
                    "url": tenancy.page_url(
                        path=service.path, url_path=service.url_path
                    ),
                }
                for service in services
            ],
        },
    )


register_router("services", router)
register_router("offices", offices_router)
register_searchable(
    "service",
    ServicePage,
    text_fields=("summary",),
    featured_field="is_most_requested",
)
register_searchable("office", OfficePage, text_fields=("address",))
