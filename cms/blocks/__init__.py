"""The shared StreamField block library, split by concern."""

from .acts import LEGAL_ACTS_BLOCK, LegalActBlock, LegalActListBlock
from .callouts import CallToActionBlock, ContactCardBlock, NoticeBlock
from .links import TranslatedPageChooserBlock
from .media import (
    CaptionedImageBlock,
    DocumentLinkBlock,
    DocumentListBlock,
)
from .streams import ArticleBodyBlock, GuidanceBlock, StandardBodyBlock, StepsBlock
from .structure import (
    AccordionBlock,
    AccordionItemBlock,
    StepBlock,
    StepListBlock,
    TableBlock,
)
from .text import HeadingBlock, ParagraphBlock

__all__ = [
    "LEGAL_ACTS_BLOCK",
    "AccordionBlock",
    "AccordionItemBlock",
    "ArticleBodyBlock",
    "CallToActionBlock",
    "CaptionedImageBlock",
    "ContactCardBlock",
    "DocumentLinkBlock",
    "DocumentListBlock",
    "GuidanceBlock",
    "HeadingBlock",
    "LegalActBlock",
    "LegalActListBlock",
    "NoticeBlock",
    "ParagraphBlock",
    "StandardBodyBlock",
    "StepBlock",
    "StepListBlock",
    "StepsBlock",
    "TableBlock",
    "TranslatedPageChooserBlock",
]
