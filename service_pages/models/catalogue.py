"""The Services section of an agency site: its catalogue of services."""

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel

from cms.models import BasePage


class ServiceIndexPage(BasePage):
    """The Services section of an agency site: the catalogue of its services,
    filterable by category, audience and channel."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text shown above the list of services."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    subpage_types = ["service_pages.ServicePage"]
    # The template lists every child (paginated): one click from here.
    lists_children = True
    max_count_per_parent = 1
    schema_org_type = "CollectionPage"

    class Meta:
        verbose_name = _("service index page")
        verbose_name_plural = _("service index pages")

    @classmethod
    def count_label(cls, count: int) -> str:
        return ngettext("%(count)s service", "%(count)s services", count) % {
            "count": count
        }

    def get_context(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> dict[str, Any]:
        from service_pages.selectors import service_catalogue

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = service_catalogue(index=self, params=request.GET)
        return context
