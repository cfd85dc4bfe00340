from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's own pages on the bare domain: the national listings
    content apps contribute (services, competitions, news, offices), with
    their filters and feeds."""

    name = "portal"
    verbose_name = _("Portal pages")
