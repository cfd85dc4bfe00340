"""The service catalogue's national listings on the portal
(:mod:`cms.contracts.portal`): every online agency's public services,
grouped by category, and its offices and Public Services Centers, by region
and city, with today's hours in Dushanbe. Read by the API's rule of what is
public (:func:`cms.api.content.served_translations`), in a fixed number of
queries whatever the number of agencies."""

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency_sites.models import Region
from cms.api.content import (
    PublicScope,
    Tenancy,
    public_in_trees,
    public_scope,
    served_translations,
)
from cms.api.items import localized_terms
from cms.contracts.portal import (
    ListingEntry,
    ListingFilter,
    ListingQuery,
    ListingResult,
    NationalListing,
    agencies_in,
    agency_filter,
    chosen,
    region_filter,
    rows_shown,
)
from cms.listings import filter_options
from service_pages.models import (
    Audience,
    Channel,
    OfficeKind,
    OfficeOpeningHours,
    OfficePage,
    OfficeSpecialDay,
    ServiceCategory,
    ServiceOffice,
    ServicePage,
)
from service_pages.opening_hours import Period

# Offices' days and hours are Dushanbe's, whatever the server's time zone.
DUSHANBE = ZoneInfo("Asia/Dushanbe")
# A link to the coordinates on OpenStreetMap's site: no map script on ours.
OPEN_STREET_MAP = (
    "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
)
SERVICE_FIELDS = (
    "pk",
    "title",
    "summary",
    "path",
    "url_path",
    "category_id",
    "audience",
    "online_url",
    "phone",
    "is_most_requested",
    "last_published_at",
)


def read_services(query: ListingQuery) -> ListingResult:
    """Public services of every online agency in the language (or its
    fallback), grouped by category, most requested first in each, a page at
    a time. Three queries (the scope is cached): the count, the page of
    services, their categories' names (one on the home, which shows no
    categories)."""
    scope = public_scope()
    tenancy = scope.tenancy
    params = query.params
    language = query.language_code
    agency, agencies = agency_filter(tenancy, params=params, language_code=language)
    audience = chosen(params, "audience", Audience.values)
    channel = chosen(params, "channel", Channel.values)
    slugs = agencies_in(tenancy, agency=agency, region="")
    services = served_translations(
        ServicePage, scope=scope, language=language, agencies=slugs or []
    )
    if slugs == []:
        services = services.none()
    if audience:
        services = services.filter(audience__in=[audience, Audience.EVERYONE])
    if channel == Channel.ONLINE:
        services = services.exclude(online_url="")
    elif channel == Channel.PHONE:
        services = services.exclude(phone="")
    elif channel == Channel.IN_PERSON:
        services = services.filter(translation_key__in=_keys_handled_at_offices())
    if query.for_home:
        services = services.filter(is_most_requested=True)
    # Offices are synchronised links, kept on the source language's page.
    at_office = Exists(
        ServiceOffice.objects.filter(page__translation_key=OuterRef("translation_key"))
    )
    # A page at a time: by category (its name in the source language, so
    # that every page continues the previous one's order), then most
    # requested first; the home's are all most requested.
    order = (
        ("-is_most_requested", "title", "pk")
        if query.for_home
        else (
            F("category__name").asc(nulls_last=True),
            "category_id",
            "-is_most_requested",
            "title",
            "pk",
        )
    )
    rows, pagination = rows_shown(
        services.annotate(at_office=at_office)
        .order_by(*order)
        .values(*SERVICE_FIELDS, "at_office"),
        query,
    )
    # The home lists them without their categories.
    categories = (
        {}
        if query.for_home
        else localized_terms(
            ServiceCategory,
            ids=[row["category_id"] for row in rows],
            language=language,
        )
    )
    entries = [
        _service_entry(row, tenancy=tenancy, categories=categories) for row in rows
    ]
    if not query.for_home:
        entries.sort(key=lambda entry: (entry.group == "", entry.group))
    filters = [
        agencies,
        ListingFilter(
            name="audience",
            label=_("For"),
            options=filter_options([*Audience.choices], chosen=audience),
        ),
        ListingFilter(
            name="channel",
            label=_("How to apply"),
            options=filter_options([*Channel.choices], chosen=channel),
        ),
    ]
    return ListingResult(entries=entries, filters=filters, pagination=pagination)


def _keys_handled_at_offices() -> Any:
    """Translation keys of services handled at an office: offices are
    synchronised links, kept on the source language's page."""
    return ServicePage.objects.filter(
        pk__in=ServiceOffice.objects.values("page_id")
    ).values("translation_key")


def _service_entry(
    row: dict[str, Any],
    *,
    tenancy: Tenancy,
    categories: dict[int, dict[str, str]],
) -> ListingEntry:
    home = tenancy.home_of(row["path"])
    url = tenancy.page_url(path=row["path"], url_path=row["url_path"])
    ways = []
    if row["online_url"]:
        ways.append(str(Channel.ONLINE.label))
    if row["at_office"]:
        ways.append(str(Channel.IN_PERSON.label))
    if row["phone"]:
        ways.append(f"{Channel.PHONE.label} {row['phone']}")
    category = categories.get(row["category_id"])
    return ListingEntry(
        title=row["title"],
        url=url,
        agency=home.agency.name(home.language) if home else "",
        summary=row["summary"],
        group=category["name"] if category else "",
        details=((_("How to apply"), ", ".join(ways)),) if ways else (),
        badges=(_("Most requested"),) if row["is_most_requested"] else (),
        published=row["last_published_at"],
    )


# --- offices --------------------------------------------------------------

OFFICE_FIELDS = (
    "pk",
    "title",
    "kind",
    "address",
    "city",
    "region",
    "latitude",
    "longitude",
    "phone",
    "path",
    "url_path",
    "translation_key",
    "last_published_at",
)


def read_offices(query: ListingQuery) -> ListingResult:
    """Offices and Public Services Centers of every online agency, by
    region and city, each with today's hours and whether it is open now in
    Dushanbe, a page at a time. Six queries: the count, the page of offices,
    today's hours, today's special days, the services each handles and their
    titles in the language."""
    scope = public_scope()
    tenancy = scope.tenancy
    params = query.params
    language = query.language_code
    agency, agencies = agency_filter(tenancy, params=params, language_code=language)
    region, regions = region_filter(tenancy, params=params, everywhere=True)
    kind = chosen(params, "kind", OfficeKind.values)
    slugs = agencies_in(tenancy, agency=agency, region="")
    offices = served_translations(
        OfficePage, scope=scope, language=language, agencies=slugs or []
    )
    if slugs == []:
        offices = offices.none()
    if region:
        offices = offices.filter(region=region)
    if kind:
        offices = offices.filter(kind=kind)
    rows, pagination = rows_shown(
        offices.order_by("region", "city", "title", "pk").values(*OFFICE_FIELDS),
        query,
    )
    now = timezone.localtime(timezone.now(), DUSHANBE)
    today = _today_periods([row["pk"] for row in rows], now=now)
    handled = _services_handled(rows, language=language, scope=scope)
    region_names = dict(Region.choices)
    entries = []
    for row in rows:
        periods = today.get(row["pk"], [])
        home = tenancy.home_of(row["path"])
        details = [(_("Today"), _hours_text(periods))]
        if row["address"]:
            details.append((_("Address"), f"{row['address']}, {row['city']}"))
        if row["phone"]:
            details.append((_("Phone"), row["phone"]))
        if handled.get(row["pk"]):
            details.append((_("Services"), ", ".join(handled[row["pk"]])))
        open_now = _is_open(periods, now=now)
        entries.append(
            ListingEntry(
                title=row["title"],
                url=tenancy.page_url(path=row["path"], url_path=row["url_path"]),
                agency=home.agency.name(home.language) if home else "",
                group=" · ".join(
                    (str(region_names.get(row["region"], row["region"])), row["city"])
                ),
                links=(
                    (
                        _("On the map"),
                        OPEN_STREET_MAP.format(
                            lat=row["latitude"], lon=row["longitude"]
                        ),
                    ),
                ),
                details=tuple(details),
                badges=((_("Open now"),) if open_now else (_("Closed now"),)),
                published=row["last_published_at"],
                structured_data={
                    "@type": "GovernmentOffice",
                    "name": row["title"],
                    "geo": {
                        "@type": "GeoCoordinates",
                        "latitude": str(row["latitude"]),
                        "longitude": str(row["longitude"]),
                    },
                },
            )
        )
    filters = [
        regions,
        agencies,
        ListingFilter(
            name="kind",
            label=_("Kind"),
            options=filter_options([*OfficeKind.choices], chosen=kind),
        ),
    ]
    return ListingResult(
        entries=entries,
        filters=filters,
        valid_until=_next_change(today, now=now),
        pagination=pagination,
    )


def _next_change(
    periods_by_office: dict[int, list[Period]], *, now: datetime
) -> datetime | None:
    """The next moment today when one of these offices opens or closes."""
    moments = [
        moment
        for periods in periods_by_office.values()
        for period in periods
        for interval in period.intervals()
        for moment in interval
        if moment > now.time()
    ]
    if not moments:
        return None
    return datetime.combine(now.date(), min(moments), tzinfo=DUSHANBE)


def _today_periods(office_ids: list[int], *, now: datetime) -> dict[int, list[Period]]:
    """Each office's hours today: a special day's when there is one, else
    its weekday's. Two queries."""
    if not office_ids:
        return {}
    found: dict[int, list[Period]] = defaultdict(list)
    for rule in OfficeOpeningHours.objects.filter(
        page_id__in=office_ids, weekday=now.weekday()
    ):
        found[rule.page_id].append(rule.period)
    special: dict[int, list[Period]] = defaultdict(list)
    for day in OfficeSpecialDay.objects.filter(page_id__in=office_ids, date=now.date()):
        special[day.page_id].append(day.period)
    for office_id, periods in special.items():
        found[office_id] = [period for period in periods if period.opens]
    return found


def _hours_text(periods: list[Period]) -> str:
    intervals = [
        f"{time_format(start, 'H:i')}–{time_format(end, 'H:i')}"
        for period in periods
        for start, end in period.intervals()
    ]
    return ", ".join(intervals) if intervals else _("Closed")


def _is_open(periods: list[Period], *, now: datetime) -> bool:
    moment = now.time()
    return any(
        start <= moment < end for period in periods for start, end in period.intervals()
    )


def _services_handled(
    rows: list[dict[str, Any]], *, language: str, scope: PublicScope
) -> dict[int, list[str]]:
    """The titles (in the language where translated) of the services each
    office handles. One query: links are kept on the source pages, so they
    are read by the offices' translation keys."""
    keys = {row["translation_key"]: row["pk"] for row in rows}
    if not keys:
        return {}
    public = public_in_trees(ServicePage, scope=scope)
    links = list(
        ServiceOffice.objects.filter(
            office__translation_key__in=keys, page__in=public.values("pk")
        ).values_list("office__translation_key", "page__translation_key", "page__title")
    )
    translated = dict(
        public.filter(
            translation_key__in=[link[1] for link in links],
            locale__language_code=language,
        ).values_list("translation_key", "title")
    )
    found: dict[int, list[str]] = defaultdict(list)
    for office_key, service_key, title in links:
        found[keys[office_key]].append(translated.get(service_key, title))
    return found


SERVICE_CATALOGUE = NationalListing(
    slug="services",
    title=gettext_lazy("Services of all agencies"),
    description=gettext_lazy(
        "Every public service of every government body, by category: who "
        "provides it and how to apply."
    ),
    order=10,
    read=read_services,
    home_limit=6,
    home_title=gettext_lazy("Most requested services"),
)
OFFICES = NationalListing(
    slug="offices",
    title=gettext_lazy("Public Services Centers and offices"),
    description=gettext_lazy(
        "Where to apply in person: every office by region and city, with "
        "today's hours in Dushanbe time."
    ),
    order=40,
    read=read_offices,
)
