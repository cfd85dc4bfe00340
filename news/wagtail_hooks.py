from django.db.models import Model
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agency_sites.demo import REGISTER_DEMO_CONTENT_HOOK, DemoContent
from agency_sites.sections import (
    PORTAL_MANAGED_MODELS_HOOK,
    REGISTER_AGENCY_SECTIONS_HOOK,
    SectionSpec,
)
from cms.listings import Card
from home.panels import AGENCY_HOME_PANELS_HOOK, HomePanel
from news.demo import load_news
from news.models import CompetitionIndexPage, NewsIndexPage, NewsTopic
from news.selectors import latest_news_of_site, open_competitions


@hooks.register(REGISTER_AGENCY_SECTIONS_HOOK)
def news_sections() -> list[SectionSpec]:
    return [
        SectionSpec(slug="news", page_model=NewsIndexPage, title=_("News"), order=20),
        SectionSpec(
            slug="competitions",
            page_model=CompetitionIndexPage,
            title=_("Civil-service competitions"),
            order=30,
        ),
    ]


@hooks.register(AGENCY_HOME_PANELS_HOOK)
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


@hooks.register(AGENCY_HOME_PANELS_HOOK)
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


@hooks.register(REGISTER_DEMO_CONTENT_HOOK)
def news_demo_content() -> list[DemoContent]:
    return [DemoContent(name=_("News and competitions"), order=20, load=load_news)]


class NewsTopicViewSet(SnippetViewSet):
    """The central list of news topics, in every language."""

    model = NewsTopic
    icon = "tag"
    menu_label = _("News topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(NewsTopicViewSet)


@hooks.register(PORTAL_MANAGED_MODELS_HOOK)
def portal_managed_news_models() -> list[type[Model]]:
    return [NewsTopic]
