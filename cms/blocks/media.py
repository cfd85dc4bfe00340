"""Media blocks: images with captions and lists of downloadable documents.

Wagtail's choosers fetch what a whole stream references in one query per
block type (``bulk_to_python``), and images come with their stored
renditions in one more, so a page renders in the same number of queries with
3 images or 30, and never generates a rendition on a view.
"""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.images.models import AbstractImage

from cms.media.renditions import with_stored_renditions


class RenditionImageChooserBlock(ImageChooserBlock):
    """An image chooser whose images arrive with their stored renditions
    (``{% stored_image %}`` then needs no query of its own)."""

    def bulk_to_python(
        self, values: Iterable[int | None]
    ) -> list[AbstractImage | None]:
        values = list(values)
        ids = [value for value in values if value is not None]
        found = with_stored_renditions(self.model_class.objects).in_bulk(ids)
        return [found.get(value) for value in values]


class CaptionedImageBlock(blocks.StructBlock):
    """An image with an optional caption and credit. Its alternative text is
    the image's own description, written once in the image library."""

    image = RenditionImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=255,
        help_text=_("Author or source of the image, if it must be named."),
    )

    class Meta:
        icon = "image"
        template = "cms/blocks/captioned_image.html"
        label = _("Image with caption")
        description = _("A picture with a caption under it.")
        preview_value = {"caption": "Бинои вазорат", "credit": ""}


class DocumentLinkBlock(blocks.StructBlock):
    """One downloadable document in a list."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=255,
        help_text=_("Shown instead of the document's own title, if given."),
    )

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_link.html"
        label = _("Document")
        description = _("A document to download.")
        preview_value = {"title": "Ариза (намуна)"}


class DocumentListBlock(blocks.StructBlock):
    """A list of documents to download (forms, decrees, reports), each with
    its file type and size."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        template = "cms/blocks/document_list.html"
        label = _("Document list")
        description = _("Documents to download, with their type and size.")
        preview_value = {"heading": "Ҳуҷҷатҳо", "documents": []}
