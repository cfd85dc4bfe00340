"""The Competitions section: civil-service vacancies open to competition."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.blocks import GuidanceBlock
from cms.fields import StreamField
from cms.listings import Tag
from cms.models import BasePage
from news.status import CompetitionStatus, competition_status


class CompetitionIndexPage(BasePage):
    """The section announcing the agency's civil-service competitions, open
    ones first, filterable by status."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("How competitions for civil-service positions are held."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    subpage_types = ["news.CompetitionPage"]
    # The template lists every child (paginated): one click from here.
    lists_children = True
    max_count_per_parent = 1
    schema_org_type = "CollectionPage"

    class Meta:
        verbose_name = _("competition index page")
        verbose_name_plural = _("competition index pages")

    @classmethod
    def count_label(cls, count: int) -> str:
        return ngettext("%(count)s competition", "%(count)s competitions", count) % {
            "count": count
        }

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from news.selectors import competition_listing

        context = super().get_context(request, *args, **kwargs)
        context["listing"] = competition_listing(index=self, params=request.GET)
        return context


class CompetitionPage(BasePage):
    """A competition for a civil-service position. It is open until the end
    of its deadline day in Dushanbe, and closed after: never set by hand."""

    position = models.CharField(_("position"), max_length=255)
    unit = models.CharField(
        _("unit"), max_length=255, help_text=_("The department the position is in.")
    )
    grade = models.CharField(
        _("grade"),
        max_length=100,
        blank=True,
        help_text=_("The civil-service grade or category of the position."),
    )
    published_on = models.DateField(_("publication date"), default=timezone.localdate)
    deadline = models.DateField(
        _("deadline"),
        help_text=_(
            "The last day applications are accepted; the competition closes at "
            "the end of this day, Dushanbe time."
        ),
    )
    requirements = RichTextField(
        _("requirements"), features=settings.RICH_TEXT_BODY_FEATURES
    )
    documents_to_submit = RichTextField(
        _("documents to submit"), features=settings.RICH_TEXT_BODY_FEATURES
    )
    how_to_apply = RichTextField(
        _("how to apply"), features=settings.RICH_TEXT_BODY_FEATURES
    )
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    results = RichTextField(
        _("results"),
        features=settings.RICH_TEXT_BODY_FEATURES,
        blank=True,
        help_text=_("Who was selected, once the commission has decided."),
    )
    more_information = StreamField(
        GuidanceBlock(), blank=True, verbose_name=_("more information")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("position"), FieldPanel("grade")]),
        FieldPanel("unit"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("deadline")]),
        FieldPanel("requirements"),
        FieldPanel("documents_to_submit"),
        FieldPanel("how_to_apply"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel(
                    [FieldPanel("contact_phone"), FieldPanel("contact_email")]
                ),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("more_information"),
        FieldPanel("results"),
    ]
    # What Wagtail's API v2 (/api/v2/pages/?fields=...) may show.
    api_fields = [
        APIField("position"),
        APIField("unit"),
        APIField("grade"),
        APIField("published_on"),
        APIField("deadline"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("position"),
        index.SearchField("unit"),
        index.FilterField("deadline"),
    ]
    override_translatable_fields = [
        SynchronizedField("published_on", overridable=False),
        SynchronizedField("deadline", overridable=False),
        SynchronizedField("contact_phone"),
        SynchronizedField("contact_email"),
    ]

    parent_page_types = ["news.CompetitionIndexPage"]
    subpage_types: list[str] = []
    schema_org_type = "JobPosting"

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        # The portal API's order (latest published first).
        indexes = [
            models.Index(fields=["published_on", "page_ptr"], name="competition_keyset")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("published_on")),
                name="competition_deadline_after_publication",
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.deadline and self.published_on and self.deadline < self.published_on:
            raise ValidationError(
                {
                    "deadline": _(
                        "The deadline cannot be before the publication date (%(date)s)."
                    )
                    % {"date": date_format(self.published_on, "SHORT_DATE_FORMAT")}
                }
            )

    def status(self, today: date | None = None) -> CompetitionStatus:
        """Open or closed, from the deadline and today's date in Dushanbe."""
        return competition_status(deadline=self.deadline, today=today)

    @property
    def is_open(self) -> bool:
        return self.status() == CompetitionStatus.OPEN

    def listing_meta(self) -> str:
        """Position, unit and grade, as a line under the title in lists."""
        return " · ".join(
            part for part in (self.position, self.unit, self.grade) if part
        )

    def listing_tags(self) -> list[Tag]:
        """Open or closed (from the listing's annotation when there is one)."""
        is_open = getattr(self, "is_open_now", None)
        if is_open is None:
            is_open = self.is_open
        if is_open:
            return [Tag(str(CompetitionStatus.OPEN.label), "open")]
        return [Tag(str(CompetitionStatus.CLOSED.label), "closed")]

    def get_schema_org(self, request: HttpRequest) -> dict[str, Any]:
        data = super().get_schema_org(request)
        organization = self.schema_org_organization(request) or {
            "@type": "GovernmentOrganization",
            "name": self.unit,
        }
        address = {"@type": "PostalAddress", "addressCountry": "TJ"}
        if organization.get("address"):
            address.update(organization["address"])
        data.update(
            {
                "title": self.position,
                "description": strip_tags(self.requirements).strip(),
                "datePosted": self.published_on.isoformat(),
                "validThrough": f"{self.deadline.isoformat()}T23:59:59+05:00",
                "employmentType": "FULL_TIME",
                "hiringOrganization": organization,
                "jobLocation": {"@type": "Place", "address": address},
                "directApply": False,
            }
        )
        if self.grade:
            data["qualifications"] = self.grade
        return data
