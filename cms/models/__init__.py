"""Models of the shared core: the base page, the standard page, media."""

from .media import CustomDocument, CustomImage, CustomRendition
from .pages import (
    PAGE_CONTEXT_HOOK,
    BasePage,
    Breadcrumb,
    LanguageVersion,
    StandardPage,
)
from .taxonomy import TaxonomyTerm

__all__ = [
    "PAGE_CONTEXT_HOOK",
    "BasePage",
    "Breadcrumb",
    "CustomDocument",
    "CustomImage",
    "CustomRendition",
    "LanguageVersion",
    "StandardPage",
    "TaxonomyTerm",
]
