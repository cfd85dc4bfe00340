from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Agency home pages and the portal's own home page."""

    name = "home"
    verbose_name = _("Home pages")
