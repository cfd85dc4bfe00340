"""Which title the admin shows for a page.

Wagtail's admin shows a page's *draft* title everywhere (choosers,
breadcrumbs, reports). For a page of another agency that is a leak: a live
page's unpublished draft title. The tenancy layer sets, for each admin
request, a predicate saying which pages are foreign to the user; for those,
:meth:`cms.models.BasePage.get_admin_display_title` shows the published
title, which the public already sees.
"""

from collections.abc import Callable
from contextvars import ContextVar

from wagtail.models import Page

#: For the current admin request: whether a page is outside the user's own
#: trees (unset outside the admin, and for superusers).
foreign_page: ContextVar[Callable[[Page], bool] | None] = ContextVar(
    "foreign_page", default=None
)


def admin_display_title(page: Page) -> str:
    """The draft title on one's own pages, the published title elsewhere."""
    title: str = page.title
    draft_title: str = page.draft_title
    is_foreign = foreign_page.get()
    if is_foreign is not None and is_foreign(page):
        return title
    return draft_title or title
