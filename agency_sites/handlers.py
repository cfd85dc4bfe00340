"""Signal receivers: cached pages that show an agency's identity or the
registry are dropped when those change."""

from django.db.models.signals import post_delete, post_save

from agency_sites.models import Agency, AgencySettings
from cms.caching import invalidate_all_sites, invalidate_sites


def agency_settings_changed(
    sender: type[AgencySettings], instance: AgencySettings, **kwargs: object
) -> None:
    """Emblem, colour and contacts are on every page of the site."""
    invalidate_sites(site_ids=[instance.site_id])


def agency_changed(sender: type[Agency], instance: Agency, **kwargs: object) -> None:
    """Official names, hostnames and going offline or back show on the
    agency's own site and in the portal's directory."""
    invalidate_all_sites()


def connect() -> None:
    """Connect the receivers (from AgencySitesConfig.ready)."""
    for signal in (post_save, post_delete):
        tag = "save" if signal is post_save else "delete"
        signal.connect(
            agency_settings_changed,
            sender=AgencySettings,
            dispatch_uid=f"pagecache-agency-settings-{tag}",
        )
        signal.connect(
            agency_changed, sender=Agency, dispatch_uid=f"pagecache-agency-{tag}"
        )
