"""The cross-cutting content-health rules, by concern: the site as a whole
(sections, contacts, languages, images, stale pages), official documents,
links, and reachability through the site's navigation."""

from .documents import LEGAL_ACTS
from .links import LINKS
from .navigation import REACHABILITY
from .site import CONTACTS, IMAGE_ALT_TEXT, SECTIONS, STALE_PAGES, TRANSLATIONS

HEALTH_RULES = (
    SECTIONS,
    CONTACTS,
    TRANSLATIONS,
    IMAGE_ALT_TEXT,
    REACHABILITY,
    STALE_PAGES,
    LINKS,
    LEGAL_ACTS,
)

__all__ = ["HEALTH_RULES"]
