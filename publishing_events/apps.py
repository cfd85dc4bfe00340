from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingEventsConfig(AppConfig):
    """The event log of public changes and the change feed."""

    name = "publishing_events"
    verbose_name = _("Publishing events")

    def ready(self) -> None:
        from publishing_events import handlers, tasks

        handlers.connect()
        tasks.register_jobs()
