from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The shared core: base pages, blocks, design system, URL and API framework."""

    name = "cms"
    verbose_name = _("Platform core")
