"""Offices and Public Services Centers in the portal API: /api/v1/offices/."""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from ninja import Field

from agency_sites.models import Region
from cms.api import (
    Fields,
    ItemBase,
    Keyset,
    ListFilters,
    ListPage,
    LocalTime,
    Out,
    PageResource,
    Served,
    ServedPage,
    Text,
    TextFilter,
    cursor_int,
    cursor_text,
)
from cms.text_search import equals_text
from service_pages.models import OfficeKind, OfficePage, ServiceOffice, ServicePage


class OfficeFilters(ListFilters, TextFilter):
    city: Text | None = Field(
        default=None, max_length=100, description="City, as written on the page."
    )
    region: Region | None = Field(default=None, description="Region code.")
    kind: OfficeKind | None = Field(default=None, description="Kind of office.")


class OfficeRef(Out):
    id: int
    title: str
    url: str


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


def _narrow(
    queryset: QuerySet[OfficePage], filters: OfficeFilters
) -> QuerySet[OfficePage]:
    if filters.city and filters.city.strip():
        queryset = queryset.filter(equals_text("city", filters.city.strip()))
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return queryset


def _items(served: list[Served], filters: OfficeFilters) -> list[Fields]:
    return [{field: item.row[field] for field in OFFICE_FIELDS} for item in served]


def _detail(served: ServedPage[OfficePage]) -> Fields:
    page = served.page
    source_ids = OfficePage.objects.filter(translation_key=page.translation_key).values(
        "pk"
    )
    service_ids = list(
        ServiceOffice.objects.filter(office_id__in=source_ids)
        .order_by("page_id")
        .values_list("page_id", flat=True)
        .distinct()
    )
    services = served.linked(ServicePage, ids=service_ids)
    return {
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
        # Every translation of a service links the same office: one entry each.
        "services": list({service["id"]: service for service in services}.values()),
    }


offices = PageResource(
    model=OfficePage,
    name="office",
    prefix="offices",
    filters=OfficeFilters,
    list_schema=OfficeList,
    detail_schema=OfficeDetail,
    keyset=Keyset(fields=("title", "id"), parsers=(cursor_text, cursor_int)),
    fields=OFFICE_FIELDS,
    text_fields=("address",),
    narrow=_narrow,
    items=_items,
    detail=_detail,
    list_summary="List offices and Public Services Centers",
    list_description="Offices of every online agency, by name.",
    detail_summary="One office",
)
