from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from home.models import AlertBanner


class HomeConfig(AppConfig):
    """Agency home pages, the portal's own home page and site alerts."""

    name = "home"
    verbose_name = _("Home pages")

    def ready(self) -> None:
        from home import contributions
        from home.models import AlertBanner

        contributions.register()
        post_save.connect(forget_cached_alerts, sender=AlertBanner)
        post_delete.connect(forget_cached_alerts, sender=AlertBanner)


def forget_cached_alerts(
    sender: type, instance: "AlertBanner", **kwargs: object
) -> None:
    """Drop the cached alerts of the banner's site and locale, and the
    site's cached pages that show them (cache only: the write itself is the
    banner's save or delete)."""
    from django.core.cache import cache

    from agency_sites.models import Agency
    from cms.caching import invalidate_sites
    from home.selectors import alerts_cache_key

    site_id = (
        Agency.objects.filter(pk=instance.agency_id)
        .values_list("site_id", flat=True)
        .first()
    )
    if site_id is not None:
        cache.delete(alerts_cache_key(site_id=site_id, locale_id=instance.locale_id))
        invalidate_sites(site_ids=[site_id])
