"""Reads for agency home pages and site-wide content."""

from django.db.models import Q
from django.utils import timezone

from wagtail.models import Locale

from home.models import SEVERITY_ORDER, AlertBanner


def current_alerts(*, site_id: int, locale: Locale) -> list[AlertBanner]:
    """Live alerts of the agency owning ``site_id`` in ``locale`` whose display
    period includes now, the most severe first."""
    now = timezone.now()
    alerts = AlertBanner.objects.filter(
        agency__site_id=site_id,
        agency__deprovisioned_at__isnull=True,
        locale=locale,
        live=True,
    ).filter(
        Q(starts_at__isnull=True) | Q(starts_at__lte=now),
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
    )
    return sorted(alerts, key=lambda alert: (SEVERITY_ORDER[alert.severity], -alert.pk))
