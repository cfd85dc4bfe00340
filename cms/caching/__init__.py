"""The anonymous page cache: whole HTML responses kept per site, language
and path, served without touching the database, and invalidated through
generation tokens when content changes.

The event log calls ``purge_for_changes`` with the events it writes (the
pages of types it announces are purged that way only); content apps call
the services below when something else a page shows changes
(``invalidate_sites``, ``invalidate_pages``, ``invalidate_all_sites``) and
``limit_page_cache`` when a page must not be kept past a given moment.
"""

from .expiry import content_changed_at
from .lifetime import limit_page_cache
from .services import (
    PublicChange,
    invalidate_all_sites,
    invalidate_pages,
    invalidate_sites,
    purge_for_changes,
)

__all__ = [
    "PublicChange",
    "content_changed_at",
    "invalidate_all_sites",
    "invalidate_pages",
    "invalidate_sites",
    "limit_page_cache",
    "purge_for_changes",
]
