"""Per-site settings of an agency: identity and official contacts."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images import get_image_model_string


class AccentColour(models.TextChoices):
    """The fixed palette agencies choose their accent colour from. Every colour
    passes WCAG AA contrast (4.5:1) for white text and as text on white."""

    EMERALD = "emerald", _("Emerald")
    NAVY = "navy", _("Navy")
    CRIMSON = "crimson", _("Crimson")
    TEAL = "teal", _("Teal")
    PLUM = "plum", _("Plum")
    BROWN = "brown", _("Brown")


ACCENT_PALETTE = {
    AccentColour.EMERALD: "#0b6e4f",
    AccentColour.NAVY: "#1d3a6e",
    AccentColour.CRIMSON: "#a01f2a",
    AccentColour.TEAL: "#0d5c63",
    AccentColour.PLUM: "#6a2c70",
    AccentColour.BROWN: "#7a4419",
}


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    """An agency site's identity (emblem, accent colour) and official contacts.

    Editable only by the agency's administrators (per-site permission given
    at provisioning)."""

    emblem = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("emblem or logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=16,
        choices=AccentColour.choices,
        default=AccentColour.EMERALD,
        help_text=_("Used for the header band and links on the agency's site."),
    )
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address_tg = models.CharField(_("address (Tajik)"), max_length=255, blank=True)
    address_ru = models.CharField(_("address (Russian)"), max_length=255, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=255, blank=True)
    telegram_url = models.URLField(_("Telegram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("emblem"), FieldPanel("accent_colour")], heading=_("Identity")
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address_tg"),
                FieldPanel("address_ru"),
                FieldPanel("address_en"),
            ],
            heading=_("Official contacts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("telegram_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("x_url"),
            ],
            heading=_("Social media"),
        ),
    ]

    class Meta:
        verbose_name = _("agency settings")
        verbose_name_plural = _("agency settings")

    @property
    def accent_hex(self) -> str:
        return ACCENT_PALETTE[AccentColour(self.accent_colour)]

    def address(self, language_code: str | None = None) -> str:
        """The address in the given (default: active) language, falling back
        to Tajik."""
        language_code = (language_code or get_language() or "tg")[:2]
        return getattr(self, f"address_{language_code}", "") or self.address_tg
