"""The contract by which content apps put panels on every agency's home page
(most requested services, latest news, open competitions).

Each content app registers a function under the ``agency_home_panels``
Wagtail hook, called as ``hook(home=..., request=...)``; it returns a
:class:`HomePanel` (or None when it has nothing to show). Each panel costs
its app a fixed number of queries (one, for the apps of the platform).
"""

from dataclasses import dataclass

from django.http import HttpRequest

from wagtail import hooks
from wagtail.models import Page

from cms.listings import Card

AGENCY_HOME_PANELS_HOOK = "agency_home_panels"


@dataclass(frozen=True, kw_only=True)
class HomePanel:
    """A titled list of cards on the agency's home page."""

    title: str
    cards: list[Card]
    order: int


def home_panels(*, home: Page, request: HttpRequest) -> list[HomePanel]:
    """The panels content apps give this home page, in their order."""
    panels = [
        hook(home=home, request=request)
        for hook in hooks.get_hooks(AGENCY_HOME_PANELS_HOOK)
    ]
    return sorted(
        (panel for panel in panels if panel is not None and panel.cards),
        key=lambda panel: panel.order,
    )
