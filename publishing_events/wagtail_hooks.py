"""Admin: the webhooks, for portal administrators."""

from wagtail import hooks

from publishing_events.viewsets import WebhookDeliveryViewSet, WebhookEndpointViewSet


@hooks.register("register_admin_viewset")
def register_webhooks() -> list[WebhookEndpointViewSet | WebhookDeliveryViewSet]:
    return [WebhookEndpointViewSet(), WebhookDeliveryViewSet()]
