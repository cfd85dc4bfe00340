"""The panels content apps give an agency's home page (the contract is
:mod:`cms.contracts.panels`)."""

from django.http import HttpRequest

from wagtail.models import Page

from cms.contracts.panels import HomePanel, home_panel_sources


def home_panels(*, home: Page, request: HttpRequest) -> list[HomePanel]:
    """The panels content apps give this home page, in their order."""
    panels = [source(home=home, request=request) for source in home_panel_sources]
    return sorted(
        (panel for panel in panels if panel is not None and panel.cards),
        key=lambda panel: panel.order,
    )
