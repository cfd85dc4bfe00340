"""What the news app contributes to the platform's contracts
(:mod:`cms.contracts`): its sections, its home panels, its demo content, its
content-health rules and the central model portal administrators manage.
Registered by ``NewsConfig.ready()``."""

from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from cms.contracts.demo import DemoContent, demo_content
from cms.contracts.events import EventSource, event_sources
from cms.contracts.health import content_rules
from cms.contracts.panels import HomePanel, home_panel_sources
from cms.contracts.portal import national_listings
from cms.contracts.sections import SectionSpec, portal_managed_models, standard_sections
from cms.listings import Card
from news.demo import load_news
from news.health import HEALTH_RULES
from news.models import (
    CompetitionIndexPage,
    CompetitionPage,
    NewsIndexPage,
    NewsPage,
    NewsTopic,
)
from news.portal import COMPETITION_BOARD, NATIONAL_NEWS
from news.selectors import latest_news_of_site, open_competitions


def latest_news_panel(*, home: Page, request: HttpRequest) -> HomePanel:
    """The agency's newest news, on its home page."""
    return HomePanel(
        title=str(_("Latest news")),
        order=20,
        cards=[
            Card(
                title=item.get_listing_title(),
                url=item.get_url(request),
                meta=item.listing_meta(),
                summary=item.get_listing_summary(),
            )
            for item in latest_news_of_site(home=home)
        ],
    )


def open_competitions_panel(*, home: Page, request: HttpRequest) -> HomePanel:
    """Competitions still open, on the agency's home page."""
    return HomePanel(
        title=str(_("Open competitions")),
        order=30,
        cards=[
            Card(
                title=item.get_listing_title(),
                url=item.get_url(request),
                meta=item.listing_meta(),
                summary=_("Applications until %(date)s")
                % {"date": date_format(item.deadline, "DATE_FORMAT")},
                tags=tuple(item.listing_tags()),
            )
            for item in open_competitions(home=home)
        ],
    )


NEWS_SECTIONS = (
    SectionSpec(slug="news", page_model=NewsIndexPage, title=_("News"), order=20),
    SectionSpec(
        slug="competitions",
        page_model=CompetitionIndexPage,
        title=_("Civil-service competitions"),
        order=30,
    ),
)
NEWS_DEMO = DemoContent(name=_("News and competitions"), order=20, load=load_news)


def register() -> None:
    national_listings.register(COMPETITION_BOARD)
    national_listings.register(NATIONAL_NEWS)
    for section in NEWS_SECTIONS:
        standard_sections.register(section)
    home_panel_sources.register(latest_news_panel)
    home_panel_sources.register(open_competitions_panel)
    demo_content.register(NEWS_DEMO)
    portal_managed_models.register(NewsTopic)
    for rule in HEALTH_RULES:
        content_rules.register(rule)
    event_sources.register(EventSource(model=NewsPage, prefix="news"))
    event_sources.register(EventSource(model=CompetitionPage, prefix="competition"))
