from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    """Puts the platform together (see the package's docstring)."""

    name = "assembly"
    verbose_name = _("Platform assembly")

    def ready(self) -> None:
        from cms.contracts.sites import SiteBlueprint, site_blueprints
        from home.models import AgencyHomePage, PortalHomePage

        site_blueprints.register(
            SiteBlueprint(agency_home=AgencyHomePage, portal_home=PortalHomePage)
        )
