"""Home pages (the root of every agency site, the portal's own home) and the
site-wide alerts an agency shows on every page."""

from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    Page,
    PagePermissionTester,
    RevisionMixin,
    TranslatableMixin,
)

from agency_sites.forms import AgencyOwnedForm
from agency_sites.models import AgencyOwnedMixin
from agency_sites.selectors import portal_directory
from cms.contracts.portal import national_panels
from cms.contracts.sections import declared_sections
from cms.models import BasePage, StandardPage


class AgencyHomePermissionTester(PagePermissionTester):
    """An agency's home page is the root of its Site and the registry's
    anchor: it leaves only through deprovisioning (``deprovision_agency``),
    never by deleting or moving it in the admin, where it could only fail."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return False

    def can_move(self) -> bool:
        return False


class AgencyHomePage(BasePage):
    """The root page of an agency's site. Its title is the agency's official
    name in the page's language; provisioning keeps it in step with the
    agency registry."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short welcome shown under the agency's name."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    schema_org_type = "GovernmentOrganization"

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        return AgencyHomePermissionTester(user, self)

    class Meta:
        verbose_name = _("agency home page")
        verbose_name_plural = _("agency home pages")

    @classmethod
    def clean_subpage_models(cls) -> list[type[Page]]:
        """The standard sections that content apps declare (see
        ``cms.contracts.sections``), and standard pages: nothing else goes
        directly under an agency's home, so every tree keeps its shape."""
        cached: list[type[Page]] | None = cls._clean_subpage_models
        if cached is None:
            models = [spec.page_model for spec in declared_sections()]
            cached = list(dict.fromkeys([*models, StandardPage]))
            cls._clean_subpage_models = cached
        return cached

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from home.panels import home_panels
        from home.selectors import section_overview

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = section_overview(home=self, request=request)
        context["panels"] = home_panels(home=self, request=request)
        return context

    def get_schema_org(self, request: HttpRequest) -> dict[str, Any]:
        """The agency itself: official name, address, contacts, emblem and
        social accounts, from the registry and its AgencySettings."""
        data = super().get_schema_org(request)
        organization = self.schema_org_organization(request)
        if organization:
            data.update(organization)
        data["@type"] = self.schema_org_type
        data["areaServed"] = {"@type": "Country", "name": "Tajikistan"}
        return data


class PortalHomePage(BasePage):
    """The home page of the portal's own site (the bare domain): the
    directory of every agency site, in the current language."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text shown above the directory of agencies."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage"]
    schema_org_type = "WebSite"

    class Meta:
        verbose_name = _("portal home page")
        verbose_name_plural = _("portal home pages")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # The language the visitor asked for (the URL prefix), even when this
        # page is a fallback in another language.
        context["directory"] = portal_directory(language_code=get_language())
        context["national_panels"] = national_panels(
            language_code=get_language(), request=request
        )
        return context


class AlertSeverity(models.TextChoices):
    """How urgent a site alert is; more urgent alerts are shown first."""

    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


SEVERITY_ORDER: dict[str, int] = {
    AlertSeverity.CRITICAL: 0,
    AlertSeverity.WARNING: 1,
    AlertSeverity.INFO: 2,
}


class AlertBanner(DraftStateMixin, RevisionMixin, TranslatableMixin, AgencyOwnedMixin):
    """A notice shown at the top of every page of one agency's site
    (reception closed, service outage, changed opening hours)."""

    message = models.CharField(_("message"), max_length=300)
    link_url = models.URLField(
        _("link"), blank=True, help_text=_("Optional page with more details.")
    )
    severity = models.CharField(
        _("severity"),
        max_length=16,
        choices=AlertSeverity.choices,
        default=AlertSeverity.INFO,
    )
    starts_at = models.DateTimeField(_("show from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("show until"), null=True, blank=True)
    revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="alert_banner"
    )

    panels = [
        FieldPanel("agency"),
        FieldPanel("message"),
        FieldPanel("link_url"),
        FieldPanel("severity"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
    ]
    base_form_class = AgencyOwnedForm

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site alert")
        verbose_name_plural = _("site alerts")

    def __str__(self) -> str:
        return self.message

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": _("The end must come after the start of the period.")}
            )
