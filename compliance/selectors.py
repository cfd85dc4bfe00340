"""Reads of content health: the latest report of each agency (ranked), one
agency's report, and score trends. Each costs a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Max, OuterRef, Prefetch, Subquery
from django.db.models.query import QuerySet
from django.utils import timezone

from agency_sites.models import Agency
from compliance.models import HealthReport, RuleResult

TREND_DAYS = 30


def latest_reports(
    *, kind: str = "", region: str = "", agencies: QuerySet[Agency] | None = None
) -> list[HealthReport]:
    """The latest report of each online agency (optionally of one kind or
    region), best score first. One query."""
    latest_day = (
        HealthReport.objects.filter(agency=OuterRef("agency"))
        .order_by("-day")
        .values("day")[:1]
    )
    reports = HealthReport.objects.filter(
        day=Subquery(latest_day),
        agency__site__isnull=False,
        agency__deprovisioned_at__isnull=True,
    ).select_related("agency")
    if agencies is not None:
        reports = reports.filter(agency__in=agencies)
    if kind:
        reports = reports.filter(agency__kind=kind)
    if region:
        reports = reports.filter(agency__region=region)
    return list(reports.order_by("-score", "agency__slug"))


def agency_report(*, agency: Agency, day: date | None = None) -> HealthReport | None:
    """The agency's report of ``day`` (default: its latest), with its rule
    results. Two queries."""
    reports = HealthReport.objects.filter(agency=agency)
    if day is not None:
        reports = reports.filter(day=day)
    return (
        reports.order_by("-day")
        .prefetch_related(
            Prefetch("results", queryset=RuleResult.objects.order_by("passed", "rule"))
        )
        .first()
    )


@dataclass(frozen=True)
class TrendPoint:
    day: date
    score: int


def agency_trend(*, agency: Agency, days: int = TREND_DAYS) -> list[TrendPoint]:
    """The agency's daily scores over the last ``days`` days. One query."""
    since = timezone.localdate() - timedelta(days=days)
    return [
        TrendPoint(day, score)
        for day, score in HealthReport.objects.filter(agency=agency, day__gt=since)
        .order_by("day")
        .values_list("day", "score")
    ]


def trends_of(
    *, agencies: list[Agency], days: int = TREND_DAYS
) -> dict[int, list[TrendPoint]]:
    """Daily scores of several agencies, by agency id. One query."""
    since = timezone.localdate() - timedelta(days=days)
    trends: dict[int, list[TrendPoint]] = {agency.pk: [] for agency in agencies}
    for agency_id, day, score in (
        HealthReport.objects.filter(agency__in=agencies, day__gt=since)
        .order_by("day")
        .values_list("agency_id", "day", "score")
    ):
        trends[agency_id].append(TrendPoint(day, score))
    return trends


def platform_trend(*, days: int = TREND_DAYS) -> list[TrendPoint]:
    """The average score of all online agencies, day by day. One query."""
    since = timezone.localdate() - timedelta(days=days)
    return [
        TrendPoint(row["day"], round(row["average"]))
        for row in HealthReport.objects.filter(
            day__gt=since, agency__deprovisioned_at__isnull=True
        )
        .values("day")
        .annotate(average=Avg("score"))
        .order_by("day")
    ]


def last_checked_day() -> date | None:
    """The latest day any agency was checked."""
    latest: date | None = HealthReport.objects.aggregate(latest=Max("day"))["latest"]
    return latest
