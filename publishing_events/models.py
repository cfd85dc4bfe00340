"""The event log and what it has announced."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What happened to an item (the second part of an event's type)."""

    PUBLISHED = "published", _("Published")
    TRANSLATION_PUBLISHED = "translation_published", _("Translation published")
    UPDATED = "updated", _("Updated")
    MOVED = "moved", _("Moved")
    UNPUBLISHED = "unpublished", _("Unpublished")
    EXPIRED = "expired", _("Expired")
    DELETED = "deleted", _("Deleted")
    OFFLINE = "offline", _("Offline")
    RESTORED = "restored", _("Restored")


class Event(models.Model):
    """One public change, in the order the changes were committed.

    ``payload`` is what consumers receive: ``{"type", "timestamp", "data"}``
    (the Standard Webhooks shape), thin on purpose: it says which item
    changed and how; the portal API serves the item itself.
    """

    id = models.BigAutoField(primary_key=True)
    type = models.CharField(_("type"), max_length=64)
    occurred_at = models.DateTimeField(_("occurred at"))
    item_type = models.CharField(_("item type"), max_length=32)
    # A page id, or the agency's id for agency events.
    item_id = models.BigIntegerField(_("item id"))
    translation_key = models.UUIDField(_("translation key"), null=True, blank=True)
    locale = models.CharField(_("locale"), max_length=16, blank=True)
    # Kept when the agency record goes: the log outlives what it describes.
    agency_slug = models.CharField(_("agency"), max_length=63)
    payload = models.JSONField(_("payload"))

    class Meta:
        verbose_name = _("publishing event")
        verbose_name_plural = _("publishing events")
        indexes = [
            models.Index(fields=["agency_slug", "id"], name="event_agency_id_idx"),
            models.Index(fields=["occurred_at"], name="event_occurred_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.type}"


class AnnouncedItem(models.Model):
    """A page the event log has announced as public and not yet withdrawn:
    what consumers were told, compared with what is public now to find
    what changed (so that each change is announced exactly once, whatever
    caused it, and pruning old events forgets nothing)."""

    page_id = models.BigIntegerField(_("page id"), primary_key=True)
    item_type = models.CharField(_("item type"), max_length=32)
    translation_key = models.UUIDField(_("translation key"), db_index=True)
    locale = models.CharField(_("locale"), max_length=16)
    agency_id = models.BigIntegerField(_("agency id"), db_index=True)
    agency_slug = models.CharField(_("agency"), max_length=63)
    live_revision_id = models.BigIntegerField(_("live revision"), null=True)
    url_path = models.TextField(_("URL path"))

    class Meta:
        verbose_name = _("announced item")
        verbose_name_plural = _("announced items")

    def __str__(self) -> str:
        return f"{self.item_type} {self.page_id}"


class WebhookEndpoint(models.Model):
    """A subscriber's address, to which every matching event is sent,
    signed as the Standard Webhooks specification says (``webhook-id``,
    ``webhook-timestamp``, ``webhook-signature: v1,<HMAC-SHA256>``)."""

    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("The subscriber's HTTPS address that receives the events."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    # "whsec_" and the base64 of 24 random bytes; shown once, rotatable.
    secret = models.CharField(_("signing secret"), max_length=100)
    event_types = models.JSONField(
        _("event types"),
        default=list,
        blank=True,
        help_text=_(
            "Only these types (service.published) or item types (service); "
            "empty: every event."
        ),
    )
    agencies = models.JSONField(
        _("agencies"),
        default=list,
        blank=True,
        help_text=_("Only events of these agencies (slugs); empty: every agency."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event: Event) -> bool:
        """Whether ``event`` is for this endpoint (its type and agency)."""
        types = set(self.event_types)
        if types and event.type not in types and event.item_type not in types:
            return False
        return not self.agencies or event.agency_slug in self.agencies


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint, written with the event (in its
    transaction) and sent by the worker until the endpoint takes it."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # Pruned with the event.
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveIntegerField(
        _("response status"), null=True, blank=True
    )
    response_ms = models.PositiveIntegerField(
        _("response time (ms)"), null=True, blank=True
    )
    response_excerpt = models.TextField(_("response"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event"], name="one_delivery_per_endpoint_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.endpoint_id}"
