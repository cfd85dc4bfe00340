"""Named StreamBlocks composed from the shared blocks."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .acts import LegalActListBlock
from .callouts import CallToActionBlock, ContactCardBlock, NoticeBlock
from .media import CaptionedImageBlock, DocumentListBlock
from .structure import AccordionBlock, StepBlock, StepListBlock, TableBlock
from .text import HeadingBlock, ParagraphBlock


class StandardBodyBlock(blocks.StreamBlock):
    """The body of a standard page (About, and other free pages): every
    shared block."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    documents = DocumentListBlock()
    legal_acts = LegalActListBlock()
    table = TableBlock()
    accordion = AccordionBlock()
    call_to_action = CallToActionBlock()
    contact = ContactCardBlock()
    steps = StepListBlock()
    notice = NoticeBlock()

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/stream.html"
        label = _("Body")
        description = _("The main content of the page, block by block.")
        preview_value = [
            ("heading", {"text": "Дар бораи мо", "level": "h2"}),
            ("paragraph", "<p>Вазифаҳо ва сохтори мақомот.</p>"),
        ]


class ArticleBodyBlock(blocks.StreamBlock):
    """The body of a news item: text, pictures, documents and tables."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    documents = DocumentListBlock()
    legal_acts = LegalActListBlock()
    table = TableBlock()
    notice = NoticeBlock()

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/stream.html"
        label = _("Article body")
        description = _("The text of a news item, block by block.")
        preview_value = [
            ("paragraph", "<p>Вазорат қабули ҳуҷҷатҳоро оғоз намуд.</p>"),
        ]


class GuidanceBlock(blocks.StreamBlock):
    """More information on a service or a competition: questions and
    answers, notices, documents, contacts."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    accordion = AccordionBlock()
    notice = NoticeBlock()
    documents = DocumentListBlock()
    table = TableBlock()
    call_to_action = CallToActionBlock()
    contact = ContactCardBlock()

    class Meta:
        icon = "help"
        template = "cms/blocks/stream.html"
        label = _("More information")
        description = _("Questions and answers, notices, documents and contacts.")
        preview_value = [
            ("heading", {"text": "Саволҳои маъмул", "level": "h2"}),
            ("paragraph", "<p>Барои маълумоти иловагӣ ба қабулгоҳ занг занед.</p>"),
        ]


class StepsBlock(blocks.StreamBlock):
    """The steps of a procedure, in order."""

    step = StepBlock()

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/steps.html"
        label = _("Steps")
        description = _("What to do, step by step.")
        preview_value = [
            ("step", {"title": "Ҳуҷҷатҳоро омода кунед", "text": ""}),
            ("step", {"title": "Ариза пешниҳод кунед", "text": ""}),
        ]
