from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingEventsConfig(AppConfig):
    """The event log of public changes and the change feed."""

    name = "publishing_events"
    verbose_name = _("Publishing events")

    def ready(self) -> None:
        from cms.contracts.events import event_logs
        from cms.contracts.sections import portal_managed_models
        from publishing_events import handlers, tasks
        from publishing_events.models import WebhookDelivery, WebhookEndpoint

        handlers.connect()
        # The caches leave the announced pages' purges to the events.
        event_logs.register(self.name)
        tasks.register_jobs()
        # Portal administrators manage the subscribers (provisioning grants
        # the permissions).
        portal_managed_models.register(WebhookEndpoint)
        portal_managed_models.register(WebhookDelivery)
