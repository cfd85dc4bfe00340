"""Service pages: what a service gives, what it takes, and how to apply."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.blocks import GuidanceBlock, StepsBlock
from cms.fields import StreamField
from cms.listings import Tag
from cms.models import BasePage
from service_pages.blocks import RequiredDocumentsBlock
from service_pages.forms import ServicePageForm

from .categories import ServiceCategory
from .offices import OfficePage

SERVICE_CODE_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class Audience(models.TextChoices):
    """Who a service is for."""

    CITIZENS = "citizens", _("Citizens")
    BUSINESSES = "businesses", _("Businesses")
    EVERYONE = "everyone", _("Citizens and businesses")


class Channel(models.TextChoices):
    """How a service can be obtained."""

    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")


class ServicePage(BasePage):
    """One public service: who can get it, what it takes, what it costs, how
    long it takes, and where and how to apply."""

    service_code = models.CharField(
        _("national service code"),
        max_length=64,
        db_index=True,
        validators=[
            RegexValidator(
                SERVICE_CODE_PATTERN,
                _(
                    "Use lowercase Latin letters and digits, words separated by "
                    "hyphens, for example: criminal-record-check."
                ),
            )
        ],
        help_text=_(
            "The code of the service in the national register; the same in "
            "every language and unique across the platform."
        ),
    )
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    audience = models.CharField(
        _("for"), max_length=16, choices=Audience.choices, default=Audience.CITIZENS
    )
    summary = models.TextField(
        _("summary"),
        help_text=_("What the service gives, in one or two plain sentences."),
    )
    eligibility = RichTextField(
        _("who can apply"), features=settings.RICH_TEXT_BODY_FEATURES, blank=True
    )
    required_documents = StreamField(
        RequiredDocumentsBlock(), blank=True, verbose_name=_("required documents")
    )
    steps = StreamField(StepsBlock(), blank=True, verbose_name=_("steps"))
    is_free = models.BooleanField(_("free of charge"), default=False)
    fee_amount = models.DecimalField(
        _("fee (TJS)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("The fee cannot be negative."))],
        help_text=_("In somoni. Leave empty when the service is free."),
    )
    fee_note = models.CharField(
        _("note on the fee"),
        max_length=255,
        blank=True,
        help_text=_(
            "For example: state duty, paid at any bank; urgent issue costs more."
        ),
    )
    processing_time = models.CharField(
        _("processing time"),
        max_length=120,
        blank=True,
        help_text=_("For example: 5 working days."),
    )
    legal_basis = RichTextField(
        _("legal basis"),
        features=settings.RICH_TEXT_BODY_FEATURES,
        blank=True,
        help_text=_("The laws and decrees that govern the service, with links."),
    )
    online_url = models.URLField(
        _("apply online"),
        max_length=500,
        blank=True,
        validators=[
            URLValidator(
                schemes=["https"],
                # Its own code: the form's "invalid" message would replace it.
                code="https_required",
                message=_(
                    "Enter the full secure address of the service on the "
                    "state-services portal, starting with https://."
                ),
            )
        ],
        help_text=_("Where the service is applied for on the state-services portal."),
    )
    phone = models.CharField(
        _("phone line"),
        max_length=100,
        blank=True,
        help_text=_("A number where citizens can ask about or apply for the service."),
    )
    responsible_unit = models.CharField(
        _("responsible unit"),
        max_length=255,
        blank=True,
        help_text=_("The department of the agency that provides the service."),
    )
    is_most_requested = models.BooleanField(
        _("most requested"),
        default=False,
        help_text=_("Shown first in the catalogue and on the agency's home page."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When the responsible unit last checked this page was right."),
    )
    more_information = StreamField(
        GuidanceBlock(), blank=True, verbose_name=_("more information")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel(
            [FieldPanel("service_code"), FieldPanel("category"), FieldPanel("audience")]
        ),
        FieldPanel("summary"),
        FieldPanel("eligibility"),
        FieldPanel("required_documents"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldRowPanel([FieldPanel("fee_amount"), FieldPanel("fee_note")]),
                FieldPanel("processing_time"),
            ],
            heading=_("Fee and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("online_url"),
                InlinePanel("offices", label=_("Office"), heading=_("In person at")),
                FieldPanel("phone"),
            ],
            heading=_("How to apply"),
        ),
        FieldPanel("legal_basis"),
        FieldRowPanel(
            [
                FieldPanel("responsible_unit"),
                FieldPanel("last_reviewed"),
                FieldPanel("is_most_requested"),
            ]
        ),
        FieldPanel("more_information"),
    ]
    # What Wagtail's API v2 (/api/v2/pages/?fields=...) may show.
    api_fields = [
        APIField("service_code"),
        APIField("audience"),
        APIField("summary"),
        APIField("is_free"),
        APIField("fee_amount"),
        APIField("fee_note"),
        APIField("processing_time"),
        APIField("online_url"),
        APIField("phone"),
        APIField("is_most_requested"),
        APIField("last_reviewed"),
        APIField("required_documents"),
        APIField("steps"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.FilterField("service_code"),
        index.FilterField("is_most_requested"),
    ]
    override_translatable_fields = [
        SynchronizedField("service_code", overridable=False),
        SynchronizedField("audience", overridable=False),
        SynchronizedField("is_free", overridable=False),
        SynchronizedField("fee_amount", overridable=False),
        SynchronizedField("online_url"),
        SynchronizedField("phone"),
        SynchronizedField("offices", overridable=False),
        SynchronizedField("is_most_requested", overridable=False),
        SynchronizedField("last_reviewed", overridable=False),
    ]

    parent_page_types = ["service_pages.ServiceIndexPage"]
    subpage_types: list[str] = []
    serve_select_related = ["category"]
    base_form_class = ServicePageForm
    schema_org_type = "GovernmentService"

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        # A service's translations share its code, and the locale lives on
        # wagtailcore's page table: uniqueness across services is checked in
        # clean() rather than by a constraint.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee_amount__isnull=True)
                | models.Q(fee_amount__gte=0),
                name="service_fee_not_negative",
            ),
        ]
        indexes = [
            # The portal API's order (by national code).
            models.Index(fields=["service_code", "page_ptr"], name="service_keyset"),
            # The "most requested" few: the search's boost asks it of every
            # service it found, and the answer is mostly no, which this
            # index gives without reading the services' rows.
            models.Index(
                fields=["page_ptr"],
                condition=models.Q(is_most_requested=True),
                name="service_most_requested",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        duplicate = self.duplicate_of_code()
        if duplicate is not None:
            errors["service_code"] = _(
                "The code %(code)s is already used by the service “%(title)s”. "
                "Each service has its own code."
            ) % {"code": self.service_code, "title": duplicate.title}
        if self.is_free and self.fee_amount:
            errors["fee_amount"] = _(
                "A free service has no fee: empty the amount or untick "
                "“free of charge”."
            )
        elif not self.is_free and self.fee_amount is None:
            errors["fee_amount"] = _(
                "Enter the fee in somoni, or tick “free of charge”."
            )
        if errors:
            raise ValidationError(errors)

    def duplicate_of_code(self) -> Page | None:
        """Another service (not a translation of this one) with this code."""
        if not self.service_code:
            return None
        return (
            ServicePage.objects.filter(service_code=self.service_code)
            .exclude(translation_key=self.translation_key)
            .only("title")
            .first()
        )

    def get_listing_summary(self) -> str:
        return self.listing_summary or self.summary

    def listing_meta(self) -> str:
        """Category, audience and fee, as a line under the title in lists."""
        parts = [self.category.name, self.get_audience_display(), self.fee_label()]
        return " · ".join(str(part) for part in parts if part)

    def listing_tags(self) -> list[Tag]:
        """Tags shown in lists: most requested, and the ways to apply (in
        person is known where the catalogue annotated ``has_offices``)."""
        tags = []
        if self.is_most_requested:
            tags.append(Tag(str(_("Most requested")), "highlight"))
        if self.online_url:
            tags.append(Tag(str(Channel.ONLINE.label)))
        if getattr(self, "has_offices", False):
            tags.append(Tag(str(Channel.IN_PERSON.label)))
        if self.phone:
            tags.append(Tag(str(Channel.PHONE.label)))
        return tags

    def fee_label(self) -> str:
        """The fee as citizens read it: "Free of charge" or "30 somoni"."""
        if self.is_free:
            return str(_("Free of charge"))
        if self.fee_amount is None:
            return ""
        places = 0 if self.fee_amount == self.fee_amount.to_integral() else 2
        return _("%(amount)s somoni") % {
            "amount": number_format(self.fee_amount, decimal_pos=places)
        }

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["offices"] = self.offices_to_visit
        return context

    @cached_property
    def offices_to_visit(self) -> list[OfficePage]:
        """The live offices where the service is applied for in person, in
        the service's language (read once: the page and its structured data
        both show them)."""
        from service_pages.selectors import offices_for_service

        return offices_for_service(service=self)

    def get_schema_org(self, request: HttpRequest) -> dict[str, Any]:
        data = super().get_schema_org(request)
        data["identifier"] = self.service_code
        data["description"] = self.summary
        data["serviceType"] = self.category.name
        data["audience"] = {
            "@type": "Audience",
            "audienceType": self.get_audience_display(),
        }
        data["areaServed"] = {"@type": "Country", "name": "Tajikistan"}
        if self.is_free or self.fee_amount is not None:
            data["offers"] = {
                "@type": "Offer",
                "price": "0" if self.is_free else str(self.fee_amount),
                "priceCurrency": "TJS",
            }
        provider = self.schema_org_organization(request)
        if provider:
            data["provider"] = provider
        channels: list[dict[str, object]] = []
        if self.online_url:
            channels.append(
                {
                    "@type": "ServiceChannel",
                    "name": str(Channel.ONLINE.label),
                    "serviceUrl": self.online_url,
                }
            )
        for office in self.offices_to_visit:
            channels.append(
                {
                    "@type": "ServiceChannel",
                    "name": str(Channel.IN_PERSON.label),
                    "serviceLocation": {
                        "@type": "GovernmentOffice",
                        "name": office.title,
                        "url": office.get_full_url(request),
                        "address": office.postal_address_schema(),
                    },
                }
            )
        if self.phone:
            channels.append(
                {
                    "@type": "ServiceChannel",
                    "name": str(Channel.PHONE.label),
                    "servicePhone": {
                        "@type": "ContactPoint",
                        "telephone": self.phone,
                    },
                }
            )
        if channels:
            data["availableChannel"] = channels
        return data


class ServiceOffice(Orderable):
    """An office where a service is applied for in person."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="offices")
    office = models.ForeignKey(
        OfficePage,
        verbose_name=_("office"),
        on_delete=models.CASCADE,
        related_name="service_links",
    )

    panels = [FieldPanel("office")]

    class Meta(Orderable.Meta):
        verbose_name = _("office")
        verbose_name_plural = _("offices")
