"""Offices and Public Services Centers: where citizens are received in person."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from agency_sites.models import Region
from cms.models import BasePage
from service_pages.forms import OfficePageForm
from service_pages.opening_hours import Period, Weekday, period_problems

# Tajikistan's extent, with a margin: coordinates outside are a typing error.
LATITUDE_RANGE = (Decimal("36.0"), Decimal("41.5"))
LONGITUDE_RANGE = (Decimal("67.0"), Decimal("75.5"))


class OfficeKind(models.TextChoices):
    """What an office is to citizens."""

    HEAD_OFFICE = "head_office", _("Head office")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    SERVICE_CENTER = "service_center", _("Public Services Center")


class OfficeIndexPage(BasePage):
    """The Contacts section of an agency site: its offices and the Public
    Services Centers where its services are delivered."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text shown above the list of offices."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    subpage_types = ["service_pages.OfficePage"]
    # The template lists every child (paginated): one click from here.
    lists_children = True
    max_count_per_parent = 1
    schema_org_type = "ContactPage"

    class Meta:
        verbose_name = _("office index page")
        verbose_name_plural = _("office index pages")

    @classmethod
    def count_label(cls, count: int) -> str:
        return ngettext("%(count)s office", "%(count)s offices", count) % {
            "count": count
        }

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from service_pages.selectors import offices_in_section

        context = super().get_context(request, *args, **kwargs)
        context["offices"] = offices_in_section(index=self)
        return context


class OfficePage(BasePage):
    """An office of the agency or a Public Services Center: where it is, when
    it is open, how to reach it, and which services it handles."""

    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=OfficeKind.choices,
        default=OfficeKind.HEAD_OFFICE,
    )
    address = models.TextField(
        _("address"), help_text=_("Street and building, as citizens would look for it.")
    )
    city = models.CharField(
        _("city or district"), max_length=120, help_text=_("For example: Dushanbe.")
    )
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, for example 38.559772."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, for example 68.787038."),
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    directions = models.TextField(
        _("how to get there"),
        blank=True,
        help_text=_("Landmarks, entrance, public transport, access for wheelchairs."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("region")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("directions"),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")
        ),
        InlinePanel(
            "opening_hours",
            heading=_("Opening hours"),
            label=_("Day"),
            help_text=_(
                "One line per working day; days without a line are shown as closed."
            ),
        ),
        InlinePanel(
            "special_days",
            heading=_("Public holidays and other special days"),
            label=_("Special day"),
            help_text=_("Leave the hours empty on days the office is closed."),
        ),
    ]
    # What Wagtail's API v2 (/api/v2/pages/?fields=...) may show.
    api_fields = [
        APIField("kind"),
        APIField("address"),
        APIField("city"),
        APIField("region"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("phone"),
        APIField("email"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("address"),
        index.SearchField("city"),
    ]
    override_translatable_fields = [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("region", overridable=False),
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
        SynchronizedField("phone"),
        SynchronizedField("email"),
        SynchronizedField("opening_hours", overridable=False),
        SynchronizedField("special_days", overridable=False),
    ]

    parent_page_types = ["service_pages.OfficeIndexPage"]
    subpage_types: list[str] = []
    base_form_class = OfficePageForm
    schema_org_type = "GovernmentOffice"

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            errors[field] = _("Enter both coordinates, or neither.")
        elif (
            self.latitude is not None
            and self.longitude is not None
            and not (
                LATITUDE_RANGE[0] <= self.latitude <= LATITUDE_RANGE[1]
                and LONGITUDE_RANGE[0] <= self.longitude <= LONGITUDE_RANGE[1]
            )
        ):
            errors["latitude"] = _(
                "These coordinates are outside Tajikistan: check the numbers "
                "and their order (latitude first, about 38; longitude about 68)."
            )
        if errors:
            raise ValidationError(errors)

    def listing_meta(self) -> str:
        """Kind, city and phone, as a line under the title in lists."""
        parts = [str(self.get_kind_display()), self.city, self.phone]
        return " · ".join(part for part in parts if part)

    def locality(self) -> str:
        """City and region as the page shows them, the region left out where
        it only repeats the city ("Dushanbe", not "Dushanbe, Dushanbe")."""
        region = str(self.get_region_display())
        if not self.city:
            return region
        if region.casefold() == self.city.casefold():
            return self.city
        return f"{self.city}, {region}"

    def postal_address_schema(self) -> dict[str, str]:
        """The office's address as a schema.org PostalAddress."""
        return {
            "@type": "PostalAddress",
            "streetAddress": self.address,
            "addressLocality": self.city,
            "addressRegion": str(self.get_region_display()),
            "addressCountry": "TJ",
        }

    @cached_property
    def opening_hours_rows(self) -> list["OfficeOpeningHours"]:
        """The weekly hours, read once per request (the timetable and the
        structured data both show them)."""
        return list(self.opening_hours.all())

    @property
    def map_url(self) -> str:
        """The office on OpenStreetMap, when its coordinates are known."""
        if self.latitude is None or self.longitude is None:
            return ""
        return (
            f"https://www.openstreetmap.org/?mlat={self.latitude}"
            f"&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        )

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from service_pages.selectors import (
            office_week,
            services_at_office,
            upcoming_special_days,
        )

        context = super().get_context(request, *args, **kwargs)
        context["week"] = office_week(office=self)
        context["special_days"] = upcoming_special_days(office=self)
        context["services"] = services_at_office(office=self)
        return context

    def get_schema_org(self, request: HttpRequest) -> dict[str, Any]:
        data = super().get_schema_org(request)
        data["address"] = self.postal_address_schema()
        if self.latitude is not None and self.longitude is not None:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        data["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{Weekday(row.weekday).name.title()}",
                "opens": start.isoformat("minutes"),
                "closes": end.isoformat("minutes"),
            }
            for row in self.opening_hours_rows
            for start, end in row.period.intervals()
        ]
        return data


class OpeningHoursRule(models.Model):
    """Shared fields and checks of a line of opening hours."""

    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(
            opens=self.opens,
            closes=self.closes,
            break_starts=getattr(self, "break_starts", None),
            break_ends=getattr(self, "break_ends", None),
        )


class OfficeOpeningHours(Orderable, OpeningHoursRule):
    """The hours of one weekday, with an optional break."""

    page = ParentalKey(
        OfficePage, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    break_starts = models.TimeField(_("break starts"), null=True, blank=True)
    break_ends = models.TimeField(_("break ends"), null=True, blank=True)

    panels = [
        FieldPanel("weekday"),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
        FieldRowPanel([FieldPanel("break_starts"), FieldPanel("break_ends")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens}–{self.closes}"

    def clean(self) -> None:
        super().clean()
        problems = period_problems(self.period)
        if problems:
            raise ValidationError(problems)


class OfficeSpecialDay(Orderable, OpeningHoursRule):
    """A public holiday or another date with other hours (closed when no
    hours are given)."""

    page = ParentalKey(
        OfficePage, on_delete=models.CASCADE, related_name="special_days"
    )
    date = models.DateField(_("date"))

    panels = [
        FieldPanel("date"),
        FieldRowPanel([FieldPanel("opens"), FieldPanel("closes")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("special day")
        verbose_name_plural = _("special days")

    def __str__(self) -> str:
        return self.date.isoformat()

    @property
    def is_closed(self) -> bool:
        return self.opens is None and self.closes is None

    def clean(self) -> None:
        super().clean()
        if not self.is_closed:
            problems = period_problems(self.period)
            if problems:
                raise ValidationError(problems)
