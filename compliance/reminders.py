"""Reminders after the daily run: an agency's administrators get one e-mail,
in their admin language, listing what to fix when a rule turns failing or
the score falls below the threshold, at most once a week per rule; owners of
pages a rule names (a service past its review date) are reminded of their
pages, at most once a week per page."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wagtail.models import Page
from wagtail.users.models import UserProfile

from agency_sites.models import AgencyRole
from cms.contracts.health import declared_rules
from compliance.models import HealthReport, ReminderLog, RuleResult
from compliance.parameters import REMINDER_SCORE, current_values

QUIET_PERIOD = timedelta(days=7)
ADMINISTRATOR_SUBJECT = gettext_noop("Content health of %(agency)s: %(score)s of 100")
OWNER_SUBJECT = gettext_noop("Your page “%(title)s” needs attention")
SCORE_KEY = "score"


def _language_of(user: AbstractBaseUser) -> str:
    profile = UserProfile.get_for_user(user)
    language: str = profile.get_preferred_language() or settings.LANGUAGE_CODE
    return language


def _admin_url(path: str) -> str:
    return f"{getattr(settings, 'WAGTAILADMIN_BASE_URL', '').rstrip('/')}{path}"


def _recently_reminded(agency_id: int, keys: Iterable[str]) -> set[str]:
    since = timezone.now() - QUIET_PERIOD
    return set(
        ReminderLog.objects.filter(
            agency_id=agency_id, key__in=list(keys), sent_at__gte=since
        ).values_list("key", flat=True)
    )


def _administrators(agency_id: int) -> list[AbstractBaseUser]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__agency_role__agency_id=agency_id,
            groups__agency_role__role=AgencyRole.ADMINISTRATOR,
        )
        .exclude(email="")
        .distinct()
    )


def _send(
    user: AbstractBaseUser, *, subject: str, template: str, context: dict[str, object]
) -> None:
    email: str = getattr(user, "email", "")
    with translation.override(_language_of(user)):
        body = render_to_string(template, context)
        send_mail(
            subject=_(subject) % context,
            message=body,
            from_email=None,
            recipient_list=[email],
        )


def send_health_reminders(*, reports: Iterable[HealthReport]) -> int:
    """E-mail the reminders the day's ``reports`` call for; returns the
    number of e-mails sent."""
    threshold = current_values().get(REMINDER_SCORE.key, REMINDER_SCORE.default)
    owner_rules = {rule.code for rule in declared_rules() if rule.remind_page_owners}
    sent = 0
    for report in reports:
        results = list(report.results.all())
        failing = [result for result in results if not result.passed]
        if not failing:
            continue
        previous = (
            HealthReport.objects.filter(agency_id=report.agency_id, day__lt=report.day)
            .order_by("-day")
            .prefetch_related("results")
            .first()
        )
        passed_before = (
            {result.rule for result in previous.results.all() if result.passed}
            if previous
            else set()
        )
        low = report.score < threshold
        due = [
            result
            for result in failing
            if low or previous is None or result.rule in passed_before
        ]
        quiet = _recently_reminded(report.agency_id, [r.rule for r in due])
        due = [result for result in due if result.rule not in quiet]
        if due:
            sent += _remind_administrators(report, due)
        sent += _remind_owners(report, [r for r in failing if r.rule in owner_rules])
    return sent


def _remind_administrators(report: HealthReport, due: list[RuleResult]) -> int:
    administrators = _administrators(report.agency_id)
    titles = {rule.code: rule.title for rule in declared_rules()}
    url = _admin_url(reverse("compliance_admin:agency", args=[report.agency.slug]))
    for user in administrators:
        with translation.override(_language_of(user)):
            context: dict[str, object] = {
                "agency": report.agency.name(),
                "score": report.score,
                "rules": [
                    {
                        "title": str(titles.get(result.rule, result.rule)),
                        "findings": result.rendered_findings(),
                    }
                    for result in due
                ],
                "url": url,
            }
            _send(
                user,
                subject=ADMINISTRATOR_SUBJECT,
                template="compliance/email/reminder.txt",
                context=context,
            )
    ReminderLog.objects.bulk_create(
        ReminderLog(agency_id=report.agency_id, key=result.rule) for result in due
    )
    return len(administrators)


def _remind_owners(report: HealthReport, results: list[RuleResult]) -> int:
    """Owners of the pages named by these results' findings, once a week per
    page."""
    page_ids = {
        finding["page_id"]
        for result in results
        for finding in result.findings
        if finding.get("page_id")
    }
    if not page_ids:
        return 0
    quiet = _recently_reminded(report.agency_id, [f"page:{pk}" for pk in page_ids])
    pages = (
        Page.objects.filter(pk__in=page_ids, owner__is_active=True)
        .exclude(owner__email="")
        .select_related("owner")
    )
    sent = 0
    for page in pages:
        key = f"page:{page.pk}"
        if key in quiet or page.owner is None:
            continue
        with translation.override(_language_of(page.owner)):
            findings = [
                finding
                for result in results
                for finding in result.rendered_findings()
                if finding["page_id"] == page.pk
            ]
            _send(
                page.owner,
                subject=OWNER_SUBJECT,
                template="compliance/email/page_owner.txt",
                context={
                    "title": page.title,
                    "findings": findings,
                    "url": _admin_url(
                        reverse("wagtailadmin_pages:edit", args=[page.pk])
                    ),
                },
            )
        ReminderLog.objects.create(agency_id=report.agency_id, key=key)
        sent += 1
    return sent
