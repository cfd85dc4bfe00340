"""The anonymous page cache: whole HTML responses kept per site, language
and path, served without touching the database, and invalidated through
generation tokens when content changes.

Content apps call the services below when something a page shows changes
(``invalidate_sites``, ``invalidate_pages``, ``invalidate_all_sites``) and
``limit_page_cache`` when a page must not be kept past a given moment.
"""

from .expiry import content_changed_at
from .lifetime import limit_page_cache
from .services import invalidate_all_sites, invalidate_pages, invalidate_sites

__all__ = [
    "content_changed_at",
    "invalidate_all_sites",
    "invalidate_pages",
    "invalidate_sites",
    "limit_page_cache",
]
