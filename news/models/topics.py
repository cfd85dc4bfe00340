"""The central, translatable list of news topics."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from cms.models import TaxonomyTerm


class NewsTopic(TaxonomyTerm):
    """A topic news items are filed under (healthcare, roads, elections...).
    Managed centrally for every agency, translated like pages."""

    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    slug_taken_message = _("Another topic already uses this slug.")

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("news topic")
        verbose_name_plural = _("news topics")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="news_topic_slug_per_locale"
            )
        ]
