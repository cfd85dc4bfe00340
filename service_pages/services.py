"""Writes of the service catalogue: categories, offices and services, built
the way the admin builds them (validated, published, translatable)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time

from django.conf import settings

from cms.services import add_published_child, save_translated_snippet
from service_pages.models import (
    OfficeIndexPage,
    OfficeOpeningHours,
    OfficePage,
    OfficeSpecialDay,
    ServiceCategory,
    ServiceIndexPage,
    ServiceOffice,
    ServicePage,
)


@dataclass(frozen=True, kw_only=True)
class Hours:
    """Opening hours of one weekday (0 = Monday), with an optional break."""

    weekday: int
    opens: time
    closes: time
    break_starts: time | None = None
    break_ends: time | None = None


def create_service_category(
    *, slug: str, names: Mapping[str, str], description: str = ""
) -> ServiceCategory:
    """A service category in the default language, translated into every
    other language whose name is given. Returns the default-language one."""
    return save_translated_snippet(
        ServiceCategory(
            slug=slug, name=names[settings.LANGUAGE_CODE], description=description
        ),
        translations={code: {"name": name} for code, name in names.items()},
    )


def create_office(
    *,
    index: OfficeIndexPage,
    title: str,
    hours: Iterable[Hours] = (),
    special_days: Iterable[tuple[date, time | None, time | None]] = (),
    **fields: object,
) -> OfficePage:
    """Publish an office under a Contacts section, with its weekly hours and
    special days (a date with its hours, or ``None, None`` when closed)."""
    office = OfficePage(title=title, **fields)
    # modelcluster takes a list for a ParentalKey relation; the plugin
    # sees a read-only related manager.
    office.opening_hours = [  # type: ignore[misc]
        OfficeOpeningHours(
            weekday=row.weekday,
            opens=row.opens,
            closes=row.closes,
            break_starts=row.break_starts,
            break_ends=row.break_ends,
        )
        for row in hours
    ]
    # modelcluster takes a list for a ParentalKey relation; the plugin
    # sees a read-only related manager.
    office.special_days = [  # type: ignore[misc]
        OfficeSpecialDay(date=day, opens=opens, closes=closes)
        for day, opens, closes in special_days
    ]
    return add_published_child(parent=index, page=office)


def create_service(
    *,
    index: ServiceIndexPage,
    title: str,
    offices: Iterable[OfficePage] = (),
    **fields: object,
) -> ServicePage:
    """Publish a service under a Services section, applied for in person at
    the given offices."""
    service = ServicePage(title=title, **fields)
    # modelcluster takes a list for a ParentalKey relation; the plugin
    # sees a read-only related manager.
    service.offices = [ServiceOffice(office=office) for office in offices]  # type: ignore[misc]
    return add_published_child(parent=index, page=service)
