from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from agency_sites.demo import REGISTER_DEMO_CONTENT_HOOK, DemoContent
from agency_sites.sections import (
    PORTAL_MANAGED_MODELS_HOOK,
    REGISTER_AGENCY_SECTIONS_HOOK,
    SectionSpec,
)
from news.demo import load_news
from news.models import CompetitionIndexPage, NewsIndexPage, NewsTopic


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
