from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Content health: every agency site checked daily against the national
    content rules, scored, with a history."""

    name = "compliance"
    verbose_name = _("Content health")

    def ready(self) -> None:
        from compliance import contributions, tasks

        contributions.register()
        tasks.register_jobs()
