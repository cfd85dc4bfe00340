"""What the service catalogue contributes to the platform's contracts
(:mod:`cms.contracts`): its sections, its home panel, its demo content, its
content-health rules and the central model portal administrators manage. Registered by
``ServicePagesConfig.ready()``."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.contracts.demo import DemoContent, demo_content
from cms.contracts.events import EventSource, event_sources
from cms.contracts.health import content_rules
from cms.contracts.panels import HomePanel, home_panel_sources
from cms.contracts.portal import national_listings
from cms.contracts.sections import SectionSpec, portal_managed_models, standard_sections
from cms.listings import Card
from service_pages.demo import load_services
from service_pages.health import HEALTH_RULES
from service_pages.models import (
    OfficeIndexPage,
    OfficePage,
    ServiceCategory,
    ServiceIndexPage,
    ServicePage,
)
from service_pages.portal import OFFICES, SERVICE_CATALOGUE
from service_pages.selectors import most_requested_services


def most_requested_panel(*, home: Page, request: HttpRequest) -> HomePanel:
    """The agency's most requested services, on its home page."""
    return HomePanel(
        title=str(_("Most requested services")),
        order=10,
        cards=[
            Card(
                title=service.get_listing_title(),
                url=service.get_url(request),
                meta=service.listing_meta(),
                summary=service.get_listing_summary(),
            )
            for service in most_requested_services(home=home)
        ],
    )


SERVICE_SECTIONS = (
    SectionSpec(
        slug="services", page_model=ServiceIndexPage, title=_("Services"), order=10
    ),
    SectionSpec(
        slug="contacts", page_model=OfficeIndexPage, title=_("Contacts"), order=50
    ),
)
SERVICE_DEMO = DemoContent(name=_("Services and offices"), order=10, load=load_services)


def register() -> None:
    national_listings.register(SERVICE_CATALOGUE)
    national_listings.register(OFFICES)
    for section in SERVICE_SECTIONS:
        standard_sections.register(section)
    home_panel_sources.register(most_requested_panel)
    demo_content.register(SERVICE_DEMO)
    portal_managed_models.register(ServiceCategory)
    for rule in HEALTH_RULES:
        content_rules.register(rule)
    event_sources.register(EventSource(model=ServicePage, prefix="service"))
    event_sources.register(EventSource(model=OfficePage, prefix="office"))
