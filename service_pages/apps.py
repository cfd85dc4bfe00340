from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicePagesConfig(AppConfig):
    """The service catalogue of every agency."""

    name = "service_pages"
    verbose_name = _("Services")

    def ready(self) -> None:
        from service_pages import contributions, handlers

        handlers.connect()
        contributions.register()
