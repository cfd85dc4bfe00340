"""Text blocks: headings and rich-text paragraphs."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    """A section heading that keeps the page outline valid (h2 or h3 only)."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
        help_text=_("Use subsection headings only under a section heading."),
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"
        label = _("Heading")
        description = _("A heading that starts a new section of the page.")
        preview_value = {"text": "Тартиби пешниҳоди ариза", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Formatted body text with links to pages and documents."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("features", settings.RICH_TEXT_BODY_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/paragraph.html"
        label = _("Paragraph")
        description = _("Formatted text: paragraphs, lists and links.")
        preview_value = (
            "<p>Ариза дар Маркази хизматрасонии давлатӣ ё тавассути портали "
            "хизматрасониҳои электронӣ пешниҳод карда мешавад.</p>"
        )
