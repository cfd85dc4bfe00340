"""Content health: the thresholds portal administrators set, and each
agency's daily report (score, and each rule's result with its findings),
kept as history."""

from typing import Any

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from cms.contracts.health import ContentRule, Severity, declared_rules


def parameter_choices() -> list[tuple[str, str]]:
    """Every threshold the registered rules declare (read when a form is
    built, after every app has registered its rules)."""
    from compliance.parameters import all_parameters

    return [
        (parameter.key, f"{rule_title} — {parameter.label}")
        for rule_title, parameter in all_parameters()
    ]


class RuleSetting(models.Model):
    """A threshold of a content-health rule as portal administrators set it
    (days, counts, or 1 / 0 for yes / no); a threshold without a setting
    keeps the rule's default."""

    parameter = models.CharField(
        _("threshold"), max_length=100, unique=True, choices=parameter_choices
    )
    value = models.PositiveIntegerField(
        _("value"), validators=[MaxValueValidator(3650)]
    )

    panels = [FieldPanel("parameter"), FieldPanel("value")]

    class Meta:
        verbose_name = _("content-health threshold")
        verbose_name_plural = _("content-health thresholds")
        ordering = ["parameter"]

    def __str__(self) -> str:
        return f"{self.get_parameter_display()}: {self.value}"


class HealthReport(models.Model):
    """One agency's content health on one day: its score out of 100, weighted
    by the severity of the rules it fails."""

    agency = models.ForeignKey(
        "agency_sites.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="health_reports",
    )
    day = models.DateField(_("day"))
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(100)]
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    class Meta:
        verbose_name = _("content-health report")
        verbose_name_plural = _("content-health reports")
        ordering = ["-day", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "day"], name="one_health_report_per_agency_day"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="health_score_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["day", "score"], name="health_day_score")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.score}"


class RuleResult(models.Model):
    """Whether an agency met one rule on one day, and what was wrong.

    ``findings`` holds, for each finding, the untranslated message and fix
    with their values, the page and the field: a report is read in each
    reader's own language (see :meth:`rendered_findings`)."""

    report = models.ForeignKey(
        HealthReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    rule = models.CharField(_("rule"), max_length=100)
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=[(s.value, s.label) for s in Severity]
    )
    passed = models.BooleanField(_("passed"))
    findings = models.JSONField(_("findings"), default=list, blank=True)

    class Meta:
        verbose_name = _("rule result")
        verbose_name_plural = _("rule results")
        ordering = ["report", "rule"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "rule"], name="one_result_per_report_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {'pass' if self.passed else 'fail'}"

    @property
    def declared(self) -> ContentRule | None:
        """The rule as registered now (None if its app was removed)."""
        return next((rule for rule in declared_rules() if rule.code == self.rule), None)

    def rendered_findings(self) -> list[dict[str, Any]]:
        """The findings in the active language: message, fix and field
        translated, placeholders filled."""
        return [render_finding(finding) for finding in self.findings]


def render_finding(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored finding in the active language."""
    values = {
        key: gettext(value) if key in stored.get("translated", ()) else value
        for key, value in stored.get("values", {}).items()
    }

    def text(msgid: str) -> str:
        if not msgid:
            return ""
        translated = gettext(msgid)
        return translated % values if values else translated

    return {
        "message": text(stored.get("message", "")),
        "fix": text(stored.get("fix", "")),
        "field": gettext(stored["field"]) if stored.get("field") else "",
        "page_id": stored.get("page_id"),
    }


class ReminderLog(models.Model):
    """A reminder sent about one rule (or one page) of one agency: reminders
    of the same subject wait a week."""

    agency = models.ForeignKey(
        "agency_sites.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A rule's code, or ``page:<id>`` for a reminder to a page's owner.
    key = models.CharField(_("subject"), max_length=120)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("content-health reminder")
        verbose_name_plural = _("content-health reminders")
        indexes = [
            models.Index(fields=["agency", "key", "sent_at"], name="reminder_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.key} {self.sent_at:%Y-%m-%d}"
