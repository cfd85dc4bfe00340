"""The shared StreamField block library, split by concern."""

from .streams import StandardBodyBlock
from .text import HeadingBlock, ParagraphBlock

__all__ = ["HeadingBlock", "ParagraphBlock", "StandardBodyBlock"]
