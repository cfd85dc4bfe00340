"""The daily content-health run: check each agency against every registered
rule, score it, and store the day's report.

``run_health_checks`` is what the worker's daily task and the
``check_content_health`` command call. Checking one agency costs a fixed
number of queries, whatever the number of its pages.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise

from wagtail.models import Page

from agency_sites.models import Agency
from cms.contracts.health import (
    ContentRule,
    Finding,
    HealthContext,
    PageRow,
    declared_rules,
)
from cms.selectors import live_now, view_restricted
from compliance.models import HealthReport, RuleResult
from compliance.parameters import current_values

PAGE_FIELDS = (
    "pk",
    "path",
    "slug",
    "depth",
    "title",
    "locale__language_code",
    "translation_key",
    "content_type_id",
    "last_published_at",
    "show_in_menus",
)


@dataclass(frozen=True, kw_only=True)
class RuleOutcome:
    rule: ContentRule
    findings: list[Finding]

    @property
    def passed(self) -> bool:
        return not self.findings


def checked_agencies() -> QuerySet[Agency]:
    """Agencies whose site is provisioned and online, by slug."""
    return Agency.objects.filter(
        site__isnull=False, deprovisioned_at__isnull=True
    ).select_related("site__root_page__locale")


def health_context(
    *, agency: Agency, today: date, settings: dict[str, int]
) -> HealthContext:
    """The agency's snapshot: its home in each language and every live public
    page of its trees. Two queries."""
    assert agency.site is not None  # noqa: S101 -- checked_agencies() has a site
    root = agency.site.root_page
    home_paths = list(
        Page.objects.filter(
            translation_key=root.translation_key, depth=root.depth
        ).values_list("path", flat=True)
    )
    in_trees = Q(pk__in=[])
    for path in home_paths:
        in_trees |= Q(path__startswith=path)
    rows = (
        Page.objects.filter(in_trees)
        .filter(live_now(), ~view_restricted())
        .order_by("path")
        .values_list(*PAGE_FIELDS)
    )
    pages = tuple(
        PageRow(
            id=pk,
            path=path,
            slug=slug,
            depth=depth,
            title=title,
            language=language,
            translation_key=str(key),
            content_type_id=content_type_id,
            last_published_at=published,
            show_in_menus=in_menus,
        )
        for pk, path, slug, depth, title, language, key, content_type_id, published, in_menus in rows  # noqa: E501
    )
    homes = {row.language: row for row in pages if row.path in home_paths}
    return HealthContext(
        agency=agency,
        today=today,
        homes=homes,
        pages=pages,
        settings=settings,
        default_language=root.locale.language_code if root.locale_id else "tg",
    )


def check_agency(
    *, agency: Agency, today: date, settings: dict[str, int] | None = None
) -> list[RuleOutcome]:
    """Every registered rule's findings for one agency."""
    context = health_context(
        agency=agency,
        today=today,
        settings=current_values() if settings is None else settings,
    )
    return [
        RuleOutcome(rule=rule, findings=rule.check(context))
        for rule in declared_rules()
    ]


def health_score(outcomes: Iterable[RuleOutcome]) -> int:
    """0–100: the share of the rules' weight (their severity) the agency
    meets. No rule, no fault: 100."""
    outcomes = list(outcomes)
    total = sum(int(outcome.rule.severity) for outcome in outcomes)
    if not total:
        return 100
    met = sum(int(outcome.rule.severity) for outcome in outcomes if outcome.passed)
    return round(100 * met / total)


def _untranslated(text: str | Promise) -> str:
    """The source text of a translatable string (its message id), so that it
    can be translated when read."""
    with translation.override(None):
        return str(text)


def stored_finding(finding: Finding) -> dict[str, Any]:
    translated = sorted(
        key for key, value in finding.values.items() if isinstance(value, Promise)
    )
    values = {
        key: _untranslated(value) if isinstance(value, Promise) else value
        for key, value in finding.values.items()
    }
    stored: dict[str, Any] = {
        "message": _untranslated(finding.message),
        "values": values,
        "page_id": finding.page_id,
        "field": _untranslated(finding.field),
        "fix": _untranslated(finding.fix),
    }
    if translated:
        stored["translated"] = translated
    return stored


@transaction.atomic
def record_health(
    *, agency: Agency, day: date, outcomes: list[RuleOutcome]
) -> HealthReport:
    """Store (or replace) the agency's report of ``day``."""
    report, _created = HealthReport.objects.update_or_create(
        agency=agency, day=day, defaults={"score": health_score(outcomes)}
    )
    report.results.all().delete()
    RuleResult.objects.bulk_create(
        RuleResult(
            report=report,
            rule=outcome.rule.code,
            severity=int(outcome.rule.severity),
            passed=outcome.passed,
            findings=[stored_finding(finding) for finding in outcome.findings],
        )
        for outcome in outcomes
    )
    return report


def run_health_checks(
    *,
    agencies: Iterable[Agency] | None = None,
    day: date | None = None,
    progress: Callable[[Agency, HealthReport], None] | None = None,
) -> list[HealthReport]:
    """Check and score each agency (default: every online agency) and store
    the day's reports (default: today). ``progress`` is called after each
    agency. The daily task of the worker calls this."""
    today = day or timezone.localdate()
    settings = current_values()
    reports = []
    for agency in checked_agencies() if agencies is None else agencies:
        outcomes = check_agency(agency=agency, today=today, settings=settings)
        report = record_health(agency=agency, day=today, outcomes=outcomes)
        reports.append(report)
        if progress is not None:
            progress(agency, report)
    return reports


def daily_health_check() -> list[HealthReport]:
    """The nightly job: check every online agency, store today's reports,
    and send the reminders they call for. The worker runs it daily
    (``compliance.tasks.check_content_health_daily``); ``manage.py
    check_content_health`` runs it by hand."""
    from compliance.reminders import send_health_reminders

    reports = run_health_checks()
    send_health_reminders(reports=reports)
    return reports
