"""Models of the shared core: the base page, the standard page, media."""

from .media import CustomDocument, CustomImage, CustomRendition
from .pages import BasePage, LanguageVersion, StandardPage

__all__ = [
    "BasePage",
    "CustomDocument",
    "CustomImage",
    "CustomRendition",
    "LanguageVersion",
    "StandardPage",
]
