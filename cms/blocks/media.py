"""Media blocks: images with captions and lists of downloadable documents.

Wagtail's choosers fetch what a whole stream references in one query per
block type (``bulk_to_python``), and renditions come from Wagtail's
rendition cache once generated, so a page renders in the same number of
queries with 3 images or 30.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    """An image with an optional caption and credit. Its alternative text is
    the image's own description, written once in the image library."""

    image = ImageChooserBlock(label=_("Image"))
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
