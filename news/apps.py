from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Agency news and civil-service competition announcements."""

    name = "news"
    verbose_name = _("News and competitions")

    def ready(self) -> None:
        from news import contributions, handlers

        handlers.connect()
        contributions.register()
