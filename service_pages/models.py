"""The service catalogue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from cms.models import BasePage


class ServiceIndexPage(BasePage):
    """The Services section of an agency site: the catalogue of its services."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text shown above the list of services."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service index page")
        verbose_name_plural = _("service index pages")
