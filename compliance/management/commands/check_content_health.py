"""``manage.py check_content_health [--agency SLUG ...] [--day YYYY-MM-DD]``:
check agencies against the content rules and store today's reports."""

import time
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from agency_sites.models import Agency
from cms.management.base import LocalizedCommand
from compliance.models import HealthReport
from compliance.reminders import send_health_reminders
from compliance.services import checked_agencies, run_health_checks

BAR_WIDTH = 30


class Command(LocalizedCommand):
    help = (
        "Check every online agency (or those named with --agency) against the "
        "national content rules, score it and store the day's report. The "
        "worker runs this daily; run it by hand to see a fix take effect."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            metavar="SLUG",
            help="Check only this agency (repeat for several).",
        )
        parser.add_argument(
            "--no-reminders",
            action="store_true",
            help="Store the reports but send no reminder e-mails.",
        )
        parser.add_argument(
            "--day",
            help="Store the reports under this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: object, agency: list[str], **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        day = self._day(options.get("day"))
        agencies = list(
            checked_agencies().filter(slug__in=agency) if agency else checked_agencies()
        )
        if agency:
            unknown = sorted(set(agency) - {found.slug for found in agencies})
            if unknown:
                raise CommandError(
                    _(
                        "No online agency has the slug %(slugs)s. Check the "
                        "spelling, or list agencies with the portal API "
                        "/api/v1/agencies/."
                    )
                    % {"slugs": ", ".join(unknown)}
                )
        self.total = len(agencies)
        self.done = 0
        started = time.monotonic()
        reports = run_health_checks(agencies=agencies, day=day, progress=self._progress)
        elapsed = time.monotonic() - started
        if not options.get("no_reminders"):
            sent = send_health_reminders(reports=reports)
            if sent and self.verbosity >= 1:
                self.stdout.write(
                    _("%(count)s reminder e-mails sent.") % {"count": sent}
                )
        if reports:
            average = round(sum(report.score for report in reports) / len(reports))
        else:
            average = 0
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Checked %(count)s agencies in %(seconds)s s; average score "
                    "%(average)s."
                )
                % {
                    "count": len(reports),
                    "seconds": f"{elapsed:.1f}",
                    "average": average,
                }
            )
        )

    def _day(self, value: str | None) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                _("--day must be a date written YYYY-MM-DD, not “%(value)s”.")
                % {"value": value}
            ) from None

    def _progress(self, agency: Agency, report: HealthReport) -> None:
        self.done += 1
        if self.verbosity < 1:
            return
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        width = len(str(self.total))
        self.stdout.write(
            f"  [{bar}] {self.done:>{width}}/{self.total} {agency.slug}: {report.score}"
        )
