"""The central, translatable taxonomy of service categories."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from cms.models import TaxonomyTerm


class ServiceCategory(TaxonomyTerm):
    """A category of the national service catalogue (documents, transport,
    taxes...). Managed centrally for every agency, translated like pages."""

    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    slug_taken_message = _("Another category already uses this slug.")

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="service_category_slug_per_locale"
            )
        ]
