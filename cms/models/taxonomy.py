"""The base of the platform's central, translatable taxonomies."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    """A term of a centrally managed list (service categories, news topics):
    a translated name and a Latin slug that is the same in every language and
    unique across the list."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_(
            "Latin identifier used in addresses and by the portal; "
            "the same in every language."
        ),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]
    #: The form error shown when another term of the list has the slug.
    slug_taken_message: str | Promise = _("Another entry already uses this slug.")

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        super().clean()
        taken = (
            type(self)
            ._default_manager.filter(slug=self.slug)
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if self.slug and taken:
            raise ValidationError({"slug": self.slug_taken_message})
