"""Blocks of the service catalogue."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from cms.media.privacy import collection_is_private


class RequiredDocumentBlock(blocks.StructBlock):
    """A document the applicant must bring or attach, with an optional form
    or sample to download."""

    name = blocks.CharBlock(label=_("Document"), max_length=255)
    note = blocks.CharBlock(
        label=_("Note"),
        required=False,
        max_length=255,
        help_text=_("For example: original and one copy; not older than 30 days."),
    )
    form = DocumentChooserBlock(
        label=_("Form or sample"),
        required=False,
        help_text=_("A blank form or a filled-in sample to download, if there is one."),
    )

    class Meta:
        icon = "doc-full"
        template = "service_pages/blocks/required_document.html"
        label = _("Required document")
        description = _("A document the applicant must bring or attach.")
        preview_value = {
            "name": "Шиносномаи шаҳрванди Ҷумҳурии Тоҷикистон",
            "note": "Асл ва як нусха",
        }

    def get_api_representation(
        self, value: blocks.StructValue, context: dict[str, Any] | None = None
    ) -> dict[str, object]:
        """The document, and its form when that is not a private document."""
        form = value["form"]
        shown = form is not None and not collection_is_private(
            collection_id=form.collection_id
        )
        return {
            "name": value["name"],
            "note": value["note"],
            "form": {"title": form.title, "url": form.url} if shown else None,
        }


class RequiredDocumentsBlock(blocks.StreamBlock):
    """The documents an applicant needs for a service, in order."""

    document = RequiredDocumentBlock()

    class Meta:
        icon = "doc-full-inverse"
        template = "service_pages/blocks/required_documents.html"
        label = _("Required documents")
        description = _("The documents to bring or attach, one by one.")
        preview_value = [
            ("document", {"name": "Шиносномаи шаҳрванд", "note": "Асл ва як нусха"}),
            ("document", {"name": "Ариза", "note": ""}),
        ]
