"""Named StreamBlocks composed from the shared blocks."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .text import HeadingBlock, ParagraphBlock


class StandardBodyBlock(blocks.StreamBlock):
    """The body of a standard page (About, Contacts, and other free pages)."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/stream.html"
        label = _("Body")
        description = _("The main content of the page, block by block.")
        preview_value = [
            ("heading", {"text": "Дар бораи мо", "level": "h2"}),
            ("paragraph", "<p>Вазифаҳо ва сохтори мақомот.</p>"),
        ]
