"""Home pages: the root of every agency site, and the portal's own home."""

from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from agency_sites.sections import declared_sections
from agency_sites.selectors import portal_directory
from cms.models import BasePage, StandardPage
from cms.selectors import public


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

    class Meta:
        verbose_name = _("agency home page")
        verbose_name_plural = _("agency home pages")

    @classmethod
    def clean_subpage_models(cls) -> list[type[Page]]:
        """The standard sections that content apps declare (see
        ``agency_sites.sections``), and standard pages: nothing else goes
        directly under an agency's home, so every tree keeps its shape."""
        if cls._clean_subpage_models is None:
            models = [spec.page_model for spec in declared_sections()]
            cls._clean_subpage_models = list(dict.fromkeys([*models, StandardPage]))
        return cls._clean_subpage_models

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = public(self.get_children().live().in_menu())
        return context


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

    class Meta:
        verbose_name = _("portal home page")
        verbose_name_plural = _("portal home pages")

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # The language the visitor asked for (the URL prefix), even when this
        # page is a fallback in another language.
        context["directory"] = portal_directory(language_code=get_language())
        return context
