"""Admin: the webhooks, for portal administrators."""

from django.db.models import Model

from wagtail import hooks

from publishing_events.models import WebhookDelivery, WebhookEndpoint
from publishing_events.viewsets import WebhookDeliveryViewSet, WebhookEndpointViewSet


@hooks.register("register_admin_viewset")
def register_webhooks() -> list[WebhookEndpointViewSet | WebhookDeliveryViewSet]:
    return [WebhookEndpointViewSet(), WebhookDeliveryViewSet()]


@hooks.register("register_portal_managed_models")
def portal_managed_webhooks() -> list[type[Model]]:
    """Portal administrators manage the subscribers (provisioning grants the
    permissions)."""
    return [WebhookEndpoint, WebhookDelivery]
