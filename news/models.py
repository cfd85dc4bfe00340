"""News and civil-service competition sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from cms.models import BasePage


class NewsIndexPage(BasePage):
    """The News section of an agency site."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short text shown above the list of news."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")


class CompetitionIndexPage(BasePage):
    """The section announcing the agency's civil-service competitions."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("How competitions for civil-service positions are held."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.AgencyHomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("competition index page")
        verbose_name_plural = _("competition index pages")
