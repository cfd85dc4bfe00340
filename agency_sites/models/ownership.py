"""The mixin for content that belongs to one agency (agency-owned snippets)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyOwnedMixin(models.Model):
    """Content owned by one agency: only that agency's members see, choose and
    edit it in the admin (see agency_sites.viewsets.AgencyOwnedSnippetViewSet)."""

    agency = models.ForeignKey(
        "agency_sites.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
