from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.snippets.models import register_snippet

from agency_sites.viewsets import AgencyOwnedSnippetViewSet
from cms.caching import limit_page_cache
from cms.models import PAGE_CONTEXT_HOOK
from home.models import AlertBanner
from home.selectors import live_alerts, next_alert_change


class AlertBannerViewSet(AgencyOwnedSnippetViewSet):
    model = AlertBanner
    icon = "warning"
    menu_label = _("Site alerts")
    menu_order = 300
    list_display = ["message", "agency", "severity", "starts_at", "ends_at"]
    list_filter = ["severity"]


register_snippet(AlertBannerViewSet)


@hooks.register(PAGE_CONTEXT_HOOK)
def add_site_alerts(
    *, page: Page, request: HttpRequest, context: dict[str, Any]
) -> None:
    site = Site.find_for_request(request)
    if site is None:
        context["site_alerts"] = []
        return
    alerts = live_alerts(site_id=site.pk, locale_id=page.locale_id)
    now = timezone.now()
    context["site_alerts"] = [alert for alert in alerts if alert.is_current(now)]
    # A cached page must not outlive the start or end of an alert.
    change = next_alert_change(alerts, now=now)
    if change is not None:
        limit_page_cache(request, until=change)
