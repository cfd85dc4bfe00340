"""``manage.py provision_agencies PATH``: create or update every agency site
listed in a registry file."""

import logging
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from agency_sites.provisioning import (
    Outcome,
    RegistryError,
    load_registry,
    provision_agencies,
)
from cms.management.base import LocalizedCommand

PROGRESS_WIDTH = 30


class Command(LocalizedCommand):
    help = (
        "Create or update the portal site and every agency site listed in a registry "
        "YAML file (see agency_sites/data/agencies.yaml). Safe to run again: it only "
        "writes what is missing or out of date."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "path", help="Registry file, shaped like agency_sites/data/agencies.yaml"
        )

    def handle(self, *args: object, path: str, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        if self.verbosity < 2:
            # Wagtail logs every publish at INFO: hundreds of lines per run.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
        try:
            specs = load_registry(path)
            self.stdout.write(
                _("Provisioning %(count)s agencies from %(path)s")
                % {"count": len(specs), "path": path}
            )
            started = time.monotonic()
            report = provision_agencies(specs=specs, progress=self._progress)
            elapsed = time.monotonic() - started
        except RegistryError as error:
            lines = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                _(
                    "The registry cannot be used:\n%(problems)s\nNothing was created "
                    "or changed. Fix the file and run the command again."
                )
                % {"problems": lines}
            ) from None

        self.stdout.write(
            _("Portal site: %(outcome)s") % {"outcome": report.portal.label}
        )
        summary = _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged"
        ) % {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
        }
        if report.changed:
            message = _("Done in %(seconds)s s: %(summary)s.") % {
                "seconds": f"{elapsed:.1f}",
                "summary": summary,
            }
        else:
            message = _(
                "Nothing to change: all %(count)s agencies are up to date "
                "(%(summary)s)."
            ) % {"count": len(specs), "summary": summary}
        self.stdout.write(self.style.SUCCESS(message))

    def _progress(self, position: int, total: int, slug: str, outcome: Outcome) -> None:
        if self.verbosity >= 1:
            width = len(str(total))
            self.stdout.write(
                f"  [{position:>{width}}/{total}] {slug}: {outcome.label}"
            )
