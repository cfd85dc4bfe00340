"""The central, translatable list of news topics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class NewsTopic(TranslatableMixin, index.Indexed, models.Model):
    """A topic news items are filed under (healthcare, roads, elections...).
    Managed centrally for every agency, translated like pages."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "Latin identifier used in addresses and by the portal; "
            "the same in every language."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news topic")
        verbose_name_plural = _("news topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="news_topic_slug_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        taken = (
            NewsTopic.objects.filter(slug=self.slug)
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if self.slug and taken:
            raise ValidationError({"slug": _("Another topic already uses this slug.")})
