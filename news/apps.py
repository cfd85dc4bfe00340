from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Agency news and civil-service competition announcements."""

    name = "news"
    verbose_name = _("News and competitions")

    def ready(self) -> None:
        from cms.contracts.events import EventSource, event_sources
        from news import handlers
        from news.models import CompetitionPage, NewsPage

        handlers.connect()
        event_sources.register(EventSource(model=NewsPage, prefix="news"))
        event_sources.register(EventSource(model=CompetitionPage, prefix="competition"))
