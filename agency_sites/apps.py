from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencySitesConfig(AppConfig):
    """Tenancy: the agency registry, provisioning of agency sites."""

    name = "agency_sites"
    verbose_name = _("Agency sites")

    def ready(self) -> None:
        from agency_sites import handlers, references

        handlers.connect()
        references.install()
