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
