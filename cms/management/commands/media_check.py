"""``manage.py media_check``: database rows against stored media objects.

Lists rows whose object is missing, stored objects that no row names, and
private documents whose object is still readable without a signature. Exits
non-zero when anything is inconsistent, for backup and restore drills and for
monitoring. ``--sync-privacy`` first moves documents whose object is in the
wrong place for their privacy (after a move failed during an outage).
"""

from argparse import ArgumentParser
from datetime import timedelta

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from wagtail.documents import get_document_model

from cms.management.base import LocalizedCommand
from cms.media.inventory import Row, take_media_inventory
from cms.media.privacy import sync_documents_quietly


class Command(LocalizedCommand):
    help = (
        "Compare media rows with stored objects: rows whose object is missing, "
        "objects no row names, private documents stored under a public key. "
        "Exits with status 1 when anything is inconsistent."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=10,
            help="Objects changed this recently are not called orphans: an "
            "upload stores its object just before its row (default: 10).",
        )
        parser.add_argument(
            "--sync-privacy",
            action="store_true",
            help="First move documents whose object is in the wrong place for "
            "their privacy, then check.",
        )

    def handle(
        self, *args: object, grace_minutes: int, sync_privacy: bool, **options: object
    ) -> None:
        grace = timedelta(minutes=max(grace_minutes, 0))
        inventory = take_media_inventory(grace=grace)
        if sync_privacy and (inventory.exposed or inventory.misplaced):
            rows = [*inventory.exposed, *inventory.misplaced]
            sync_documents_quietly(
                documents=get_document_model().objects.filter(
                    pk__in=[row.pk for row in rows]
                )
            )
            inventory = take_media_inventory(grace=grace)

        self.report_rows(
            _("Rows whose stored object is missing: %(count)s"), inventory.missing
        )
        self.report_names(
            _("Stored objects that no row names: %(count)s"), inventory.orphaned
        )
        self.report_rows(
            _("Private documents readable without a signature: %(count)s"),
            inventory.exposed,
        )
        self.report_rows(
            _("Public documents still stored as private: %(count)s"),
            inventory.misplaced,
        )
        problems = (
            len(inventory.missing)
            + len(inventory.orphaned)
            + len(inventory.exposed)
            + len(inventory.misplaced)
        )
        if problems:
            raise CommandError(
                _("Media are inconsistent: %(count)s problem(s).") % {"count": problems}
            )
        self.stdout.write(self.style.SUCCESS(_("Media are consistent.")))

    def report_rows(self, heading: str, rows: list[Row]) -> None:
        self.stdout.write(heading % {"count": len(rows)})
        for row in rows:
            self.stdout.write(f"  {row.model}\t{row.pk}\t{row.name}")

    def report_names(self, heading: str, names: list[str]) -> None:
        self.stdout.write(heading % {"count": len(names)})
        for name in names:
            self.stdout.write(f"  {name}")
