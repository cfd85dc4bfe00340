"""Blocks that draw attention: notices, calls to action and contact cards."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page

from .links import TranslatedPageChooserBlock


class NoticeBlock(blocks.StructBlock):
    """A highlighted notice: a change of opening hours, a deadline, a warning."""

    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[
            ("info", _("Information")),
            ("warning", _("Warning")),
            ("important", _("Important")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(
        label=_("Text"), features=settings.RICH_TEXT_INLINE_FEATURES
    )

    class Meta:
        icon = "warning"
        template = "cms/blocks/notice.html"
        label = _("Notice")
        description = _("A highlighted message readers must not miss.")
        preview_value = {
            "level": "warning",
            "title": "Диққат",
            "text": "<p>Қабули шаҳрвандон рӯзи шанбе баста аст.</p>",
        }


class CallToActionValue(blocks.StructValue):
    """A call to action, linking to a page of the site or an outside address."""

    def link_page(self) -> Page | None:
        """The chosen page in the reader's language, when a page is chosen."""
        page = self.get("page")
        return getattr(page, "in_reader_language", page) if page else None


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to the next thing to do (apply online, read more)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=500)
    link_label = blocks.CharBlock(label=_("Button text"), max_length=80)
    page = TranslatedPageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(
        label=_("Outside address"),
        required=False,
        help_text=_("Use either a page of this site or an outside address."),
    )

    def clean(self, value: CallToActionValue) -> CallToActionValue:
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = _("Choose a page or enter an outside address, not both.")
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message)}
            )
        return value

    class Meta:
        icon = "pick"
        template = "cms/blocks/call_to_action.html"
        label = _("Call to action")
        description = _("A button leading to the next step, with a short text.")
        value_class = CallToActionValue
        preview_value = {
            "title": "Ариза онлайн",
            "text": "Аризаро тавассути портали хизматрасониҳои давлатӣ пешниҳод кунед.",
            "link_label": "Пешниҳоди ариза",
            "url": "https://example.tj/",
        }


class ContactCardBlock(blocks.StructBlock):
    """Who to contact: a person or a unit, with phone, email and address."""

    name = blocks.CharBlock(label=_("Name"), max_length=200)
    role = blocks.CharBlock(label=_("Position or unit"), required=False, max_length=200)
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=50)
    email = blocks.EmailBlock(label=_("Email"), required=False)
    address = blocks.TextBlock(label=_("Address"), required=False, max_length=500)
    hours = blocks.CharBlock(label=_("Reception hours"), required=False, max_length=200)

    class Meta:
        icon = "user"
        template = "cms/blocks/contact_card.html"
        label = _("Contact card")
        description = _("A person or unit to contact, with phone and email.")
        preview_value = {
            "name": "Шӯъбаи кор бо мурожиатҳо",
            "role": "Қабулгоҳ",
            "phone": "+992 37 221-00-00",
            "email": "info@example.tj",
            "address": "ш. Душанбе, кӯчаи Рӯдакӣ 1",
            "hours": "Душанбе–Ҷумъа, 08:00–17:00",
        }
