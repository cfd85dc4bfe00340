"""Reads of the service catalogue, each in a fixed number of queries."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from wagtail.models import Page

from cms.chrome import OfficialContacts
from cms.listings import (
    FilterOption,
    filter_options,
    paginate,
    query_string_without_page,
)
from cms.selectors import localized_in_order, public
from service_pages.models import (
    Audience,
    Channel,
    OfficeIndexPage,
    OfficeKind,
    OfficePage,
    OfficeSpecialDay,
    ServiceCategory,
    ServiceIndexPage,
    ServiceOffice,
    ServicePage,
)
from service_pages.opening_hours import DaySchedule, week_schedule, week_summary

SERVICES_PER_PAGE = 20


@dataclass(frozen=True)
class ServiceCatalogue:
    """One page of a section's services, with the filters that chose them."""

    services: PaginatorPage[ServicePage]
    categories: list[FilterOption]
    audiences: list[FilterOption]
    channels: list[FilterOption]
    query_string: str
    is_filtered: bool


class ServiceFilterForm(forms.Form):
    """The catalogue's filters, read from the query string; unknown values
    are ignored rather than failing."""

    category = forms.SlugField(required=False)
    audience = forms.ChoiceField(required=False, choices=[("", ""), *Audience.choices])
    channel = forms.ChoiceField(required=False, choices=[("", ""), *Channel.choices])


def service_catalogue(
    *, index: ServiceIndexPage, params: QueryDict
) -> ServiceCatalogue:
    """The live services of a Services section, most requested first, then
    by title, filtered by category, audience and channel, paginated."""
    form = ServiceFilterForm(params)
    chosen = form.cleaned_data if form.is_valid() else {}
    in_section = public(ServicePage.objects.child_of(index).live())
    services = in_section.select_related("category").annotate(
        has_offices=Exists(ServiceOffice.objects.filter(page=OuterRef("pk")))
    )
    if chosen.get("category"):
        services = services.filter(category__slug=chosen["category"])
    if chosen.get("audience"):
        services = services.filter(audience__in=[chosen["audience"], Audience.EVERYONE])
    channel = chosen.get("channel")
    if channel == Channel.ONLINE:
        services = services.exclude(online_url="")
    elif channel == Channel.IN_PERSON:
        services = services.filter(has_offices=True)
    elif channel == Channel.PHONE:
        services = services.exclude(phone="")
    services = services.order_by("-is_most_requested", "title")
    page = paginate(services, params=params, per_page=SERVICES_PER_PAGE)

    categories = ServiceCategory.objects.filter(
        services__in=in_section.values("pk")
    ).distinct()
    return ServiceCatalogue(
        services=page,
        categories=filter_options(
            ((category.slug, category.name) for category in categories),
            chosen=chosen.get("category"),
        ),
        audiences=filter_options(Audience.choices, chosen=chosen.get("audience")),
        channels=filter_options(Channel.choices, chosen=channel),
        query_string=query_string_without_page(params),
        is_filtered=any(chosen.values()),
    )


HOME_SERVICES = 6


def most_requested_services(
    *, home: Page, limit: int = HOME_SERVICES
) -> list[ServicePage]:
    """The live, public services of an agency's site in the home page's
    language that editors marked most requested, by title. One query."""
    return list(
        public(ServicePage.objects.live().descendant_of(home))
        .filter(locale_id=home.locale_id, is_most_requested=True)
        .select_related("category")
        .order_by("title")[:limit]
    )


def offices_in_section(*, index: OfficeIndexPage) -> list[OfficePage]:
    """The live offices of a Contacts section, in the editors' order."""
    return list(public(OfficePage.objects.child_of(index).live()))


def office_week(*, office: OfficePage) -> list[DaySchedule]:
    """The office's week, Monday to Sunday."""
    return week_schedule((row.weekday, row.period) for row in office.opening_hours_rows)


def upcoming_special_days(*, office: OfficePage) -> list[OfficeSpecialDay]:
    """Public holidays and other special days from today on (Dushanbe time)."""
    today = timezone.localdate()
    return sorted(
        (day for day in office.special_days.all() if day.date >= today),
        key=lambda day: day.date,
    )


def services_at_office(*, office: OfficePage) -> list[ServicePage]:
    """The live services, in the office's language, that citizens can apply
    for at this office (services link an office in any of its languages)."""
    return list(
        public(ServicePage.objects.live())
        .filter(
            locale_id=office.locale_id,
            offices__office__translation_key=office.translation_key,
        )
        .distinct()
        .order_by("title")
    )


def offices_for_service(*, service: ServicePage) -> list[OfficePage]:
    """The live offices where a service is applied for in person, each in the
    service's language when it is translated, in the editors' order."""
    return localized_in_order(
        public(OfficePage.objects.live()),
        ids=[link.office_id for link in service.offices.all()],
        locale_id=service.locale_id,
    )


def head_office_contacts(
    *, root: Page, request: HttpRequest | None = None
) -> OfficialContacts | None:
    """The address, phone, e-mail and weekly hours of the agency's live,
    public head office under ``root`` (a site's home in one language), for
    the footer where AgencySettings leave them empty. Two queries."""
    office = (
        public(OfficePage.objects.live().descendant_of(root))
        .filter(locale_id=root.locale_id, kind=OfficeKind.HEAD_OFFICE)
        .prefetch_related("opening_hours")
        .order_by("path")
        .first()
    )
    if office is None:
        return None
    place = office.locality()
    street = " ".join(office.address.split())
    return OfficialContacts(
        address=", ".join(part for part in (street, place) if part),
        phone=office.phone,
        email=office.email,
        hours=week_summary(office_week(office=office)),
        url=office.get_url(request) or "",
    )
