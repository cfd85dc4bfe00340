"""Official documents: decrees, resolutions, orders and other legal acts,
each with the number and date it was signed under.

The national rules for official websites ask that a published act be
identifiable: by its kind, number and date, as it is cited. The number and
date are not required by the form (an editor may publish an act while its
number is being looked up), so the content-health check lists every act
published without them, on the page types that carry acts
(``BasePage.legal_act_fields``).
"""

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

# The kinds of act a state body publishes, as they are cited.
ACT_KINDS: list[tuple[str, str | Promise]] = [
    ("law", _("Law")),
    ("decree", _("Decree")),
    ("resolution", _("Resolution")),
    ("instruction", _("Instruction")),
    ("order", _("Order")),
    ("regulation", _("Regulation")),
    ("other", _("Official document")),
]
ACT_KIND_LABELS = dict(ACT_KINDS)

# The StreamField block name under which page bodies list acts; the health
# check looks for it.
LEGAL_ACTS_BLOCK = "legal_acts"


class ActNumberBlock(blocks.CharBlock):
    """An act's number: the same in every language, so never offered for
    translation (wagtail-localize keeps the source's value)."""

    def get_translatable_segments(self, value: str) -> list[Any]:
        return []


class LegalActValue(blocks.StructValue):
    """How an act is cited: "Order No. 15 of 6 November 2026"."""

    def kind_label(self) -> str | Promise:
        return ACT_KIND_LABELS.get(self.get("kind") or "", ACT_KIND_LABELS["other"])

    def citation(self) -> str:
        """Kind, number and date in the reader's language, leaving out
        whichever of number and date is missing."""
        number = (self.get("number") or "").strip()
        signed: date | None = self.get("date")
        values = {
            "kind": self.kind_label(),
            "number": number,
            "date": date_format(signed, "DATE_FORMAT") if signed else "",
        }
        if number and signed:
            return str(_("%(kind)s No. %(number)s of %(date)s") % values)
        if number:
            return str(_("%(kind)s No. %(number)s") % values)
        if signed:
            return str(_("%(kind)s of %(date)s") % values)
        return str(values["kind"])


class LegalActBlock(blocks.StructBlock):
    """One official act: its kind, title, number, date and its text to
    download."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"), choices=ACT_KINDS, default="order", required=True
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=500,
        help_text=_("What the act is about, as in its heading."),
    )
    number = ActNumberBlock(
        label=_("Number"),
        required=False,
        max_length=50,
        help_text=_(
            "The number the act was signed under, as it is printed on it. "
            "Required by the national rules: the content-health check lists "
            "acts published without it."
        ),
    )
    date = blocks.DateBlock(
        label=_("Date"),
        required=False,
        help_text=_(
            "The date the act was signed. Required by the national rules: the "
            "content-health check lists acts published without it."
        ),
    )
    document = DocumentChooserBlock(label=_("Text of the act"))

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/legal_act.html"
        label = _("Official document")
        description = _("A decree, resolution or order with its number and date.")
        value_class = LegalActValue
        preview_value = {
            "kind": "order",
            "title": "Дар бораи тартиби қабули шаҳрвандон",
            "number": "15",
            "date": "2026-11-06",
        }


class LegalActListBlock(blocks.StructBlock):
    """A list of official acts (the agency's regulation, the decrees and
    orders a page is about), each cited by kind, number and date."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    acts = blocks.ListBlock(LegalActBlock(), label=_("Acts"), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        template = "cms/blocks/legal_act_list.html"
        label = _("Official documents")
        description = _(
            "Decrees, resolutions and orders, each with its number and date."
        )
        preview_value = {"heading": "Санадҳои меъёрии ҳуқуқӣ", "acts": []}
