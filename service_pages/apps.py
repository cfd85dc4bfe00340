from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicePagesConfig(AppConfig):
    """The service catalogue of every agency."""

    name = "service_pages"
    verbose_name = _("Services")

    def ready(self) -> None:
        from cms.contracts.events import EventSource, event_sources
        from service_pages import handlers
        from service_pages.models import OfficePage, ServicePage

        handlers.connect()
        event_sources.register(EventSource(model=ServicePage, prefix="service"))
        event_sources.register(EventSource(model=OfficePage, prefix="office"))
