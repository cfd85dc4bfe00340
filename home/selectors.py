"""Reads for agency home pages and site-wide content."""

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.utils import timezone

from wagtail.models import Page

from cms.selectors import public
from home.models import SEVERITY_ORDER, AlertBanner

ALERTS_CACHE_SECONDS = 300


@dataclass(frozen=True)
class SiteAlert:
    """What a page shows of an alert banner."""

    message: str
    severity: str
    link_url: str
    starts_at: datetime | None
    ends_at: datetime | None

    def is_current(self, now: datetime) -> bool:
        return (self.starts_at is None or self.starts_at <= now) and (
            self.ends_at is None or now < self.ends_at
        )


def alerts_cache_key(*, site_id: int, locale_id: int) -> str:
    return f"home:alerts:{site_id}:{locale_id}"


def live_alerts(*, site_id: int, locale_id: int) -> list[SiteAlert]:
    """Every live alert of the site in that locale, whatever its period,
    the most severe first (cached; see :func:`current_alerts`)."""
    key = alerts_cache_key(site_id=site_id, locale_id=locale_id)
    alerts: list[SiteAlert] | None = cache.get(key)
    if alerts is None:
        banners = AlertBanner.objects.filter(
            agency__site_id=site_id,
            agency__deprovisioned_at__isnull=True,
            locale_id=locale_id,
            live=True,
        ).order_by("-pk")
        alerts = sorted(
            (
                SiteAlert(
                    message=banner.message,
                    severity=banner.severity,
                    link_url=banner.link_url,
                    starts_at=banner.starts_at,
                    ends_at=banner.ends_at,
                )
                for banner in banners
            ),
            key=lambda alert: SEVERITY_ORDER[alert.severity],
        )
        cache.set(key, alerts, ALERTS_CACHE_SECONDS)
    return alerts


def next_alert_change(alerts: list[SiteAlert], *, now: datetime) -> datetime | None:
    """The next moment an alert appears or disappears: a page showing the
    alerts must not be cached past it."""
    moments = [
        moment
        for alert in alerts
        for moment in (alert.starts_at, alert.ends_at)
        if moment is not None and moment > now
    ]
    return min(moments, default=None)


def current_alerts(*, site_id: int, locale_id: int) -> list[SiteAlert]:
    """Live alerts of the agency owning ``site_id`` in that locale whose
    display period includes now, the most severe first.

    Every page view asks, so the live alerts are cached per site and locale
    (dropped whenever an alert is saved or deleted) and the period is checked
    at read time: no query on a warm cache.
    """
    alerts = live_alerts(site_id=site_id, locale_id=locale_id)
    now = timezone.now()
    return [alert for alert in alerts if alert.is_current(now)]


@dataclass(frozen=True)
class SectionSummary:
    """A section of an agency site as its home page presents it: what it
    holds ("12 services") or, for a page without children (About), its
    description."""

    title: str
    url: str
    count_label: str
    description: str


def section_overview(*, home: Page, request: HttpRequest) -> list[SectionSummary]:
    """The home's menu sections that have something to show: their live,
    public pages counted, or their description; empty sections are left out
    rather than shown as empty cards. Two queries."""
    sections = list(public(home.get_children().live().in_menu()))
    if not sections:
        return []
    prefix_length = (home.depth + 1) * Page.steplen
    counts = dict(
        public(
            Page.objects.live().filter(path__startswith=home.path, depth=home.depth + 2)
        )
        .annotate(section_path=Substr("path", 1, prefix_length))
        .values_list("section_path")
        .annotate(count=Count("pk"))
        .order_by()
    )
    summaries = []
    for section in sections:
        count = counts.get(section.path, 0)
        description = section.search_description
        if not count and not description:
            continue
        model = section.specific_class
        label = (
            model.count_label(count) if count and hasattr(model, "count_label") else ""
        )
        summaries.append(
            SectionSummary(
                title=section.title,
                url=section.get_url(request),
                count_label=label,
                description=description,
            )
        )
    return summaries
