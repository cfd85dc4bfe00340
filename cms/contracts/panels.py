"""Home panels: how content apps put a list on every agency's home page
(most requested services, latest news, open competitions).

A content app registers a :class:`HomePanelSource` in ``home_panel_sources``
from its ``AppConfig.ready()``; the home page calls each source as
``source(home=..., request=...)``, which returns a :class:`HomePanel` (or
None when it has nothing to show). Each panel costs its app a fixed number of
queries (one, for the apps of the platform).
"""

from dataclasses import dataclass
from typing import Protocol

from django.http import HttpRequest

from wagtail.models import Page

from cms.contracts import Registry
from cms.listings import Card


@dataclass(frozen=True, kw_only=True)
class HomePanel:
    """A titled list of cards on the agency's home page."""

    title: str
    cards: list[Card]
    order: int


class HomePanelSource(Protocol):
    def __call__(self, *, home: Page, request: HttpRequest) -> HomePanel | None: ...


home_panel_sources: Registry[HomePanelSource] = Registry("home panels")
