"""Field mixins composed into :class:`cms.models.BasePage`: how a page
appears in listings, when shared on social networks, and to search engines
(schema.org)."""

import json
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.http import HttpRequest

# Django's own escapes for JSON in a <script> (private: not in django-stubs).
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, Panel
from wagtail.images import get_image_model_string
from wagtail.models import Locale


class ListingFieldsMixin(models.Model):
    """How the page appears in lists of pages (a section's index, search
    results, the home page)."""

    listing_title = models.CharField(
        _("listing title"),
        max_length=255,
        blank=True,
        help_text=_("A shorter title for lists of pages; the page title if empty."),
    )
    listing_summary = models.TextField(
        _("listing summary"),
        blank=True,
        help_text=_("One or two sentences shown under the title in lists of pages."),
    )
    listing_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A picture shown next to the title in lists of pages."),
    )

    listing_panels: ClassVar[list[Panel]] = [
        MultiFieldPanel(
            [
                FieldPanel("listing_title"),
                FieldPanel("listing_summary"),
                FieldPanel("listing_image"),
            ],
            heading=_("Listing"),
        )
    ]

    if TYPE_CHECKING:  # fields of the Page this is mixed into
        title: str
        search_description: str

    class Meta:
        abstract = True

    def get_listing_title(self) -> str:
        return self.listing_title or self.title

    def get_listing_summary(self) -> str:
        return self.listing_summary or self.search_description

    def get_listing_image(self) -> Any:
        return self.listing_image


class SocialFieldsMixin(models.Model):
    """The preview shown when the page is shared on a social network or in a
    messenger (Open Graph)."""

    social_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared; the listing image if empty."),
    )
    social_text = models.CharField(
        _("social text"),
        max_length=255,
        blank=True,
        help_text=_("Shown when the page is shared; the search description if empty."),
    )

    #: The Open Graph type of the page ("article" for news).
    og_type: ClassVar[str] = "website"

    social_panels: ClassVar[list[Panel]] = [
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("social_text")],
            heading=_("Social networks"),
        )
    ]

    if TYPE_CHECKING:  # fields of the Page this is mixed into
        listing_image: Any
        search_description: str

    class Meta:
        abstract = True

    def get_social_image(self) -> Any:
        return self.social_image or self.listing_image

    def get_social_text(self) -> str:
        return self.social_text or self.search_description


class SchemaOrgMixin:
    """Structured data (schema.org JSON-LD) describing the page to search
    engines and the portal. Page types extend :meth:`get_schema_org`."""

    schema_org_type: ClassVar[str] = "WebPage"

    if TYPE_CHECKING:  # given by the Page this is mixed into
        title: str
        search_description: str
        locale: Locale

        def get_full_url(self, request: HttpRequest | None = None) -> str | None: ...

    def get_schema_org(self, request: HttpRequest) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": self.schema_org_type,
            "name": self.title,
            "url": self.get_full_url(request),
            "inLanguage": self.locale.language_code,
        }
        if self.search_description:
            data["description"] = self.search_description
        return data

    def schema_org_organization(self, request: HttpRequest) -> dict[str, Any] | None:
        """The agency whose site this page is on, as a schema.org
        GovernmentOrganization (provider, publisher or employer)."""
        from cms.chrome import site_chrome

        chrome = site_chrome(request=request)
        return chrome.organization_schema() if chrome else None

    def get_schema_org_json(self, request: HttpRequest) -> SafeString:
        """The JSON-LD, escaped to sit safely inside a ``<script>`` element."""
        text = json.dumps(
            self.get_schema_org(request), ensure_ascii=False, default=str
        ).translate(_json_script_escapes)
        return mark_safe(text)  # noqa: S308 - escaped for <script> just above
