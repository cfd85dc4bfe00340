"""``manage.py deprovision_agency SLUG [--restore]``: take an agency's site
offline, or bring it back."""

from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from agency_sites.services import AgencyError, deprovision_agency, restore_agency
from cms.management.base import LocalizedCommand


class Command(LocalizedCommand):
    help = (
        "Take an agency's site offline (pages no longer served, agency hidden from the "
        "portal and the API) while keeping every page, revision and file; --restore "
        "brings it back exactly as it was."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("slug", help="The agency's slug, e.g. mvd")
        parser.add_argument(
            "--restore", action="store_true", help="Bring the site back online."
        )

    def handle(
        self, *args: object, slug: str, restore: bool, **options: object
    ) -> None:
        try:
            if restore:
                changed = restore_agency(slug=slug)
                message = (
                    _("%(slug)s is back online.")
                    if changed
                    else _("%(slug)s was already online: nothing changed.")
                )
            else:
                changed = deprovision_agency(slug=slug)
                message = (
                    _(
                        "%(slug)s is offline. Its pages, revisions and files are kept; "
                        "run with --restore to bring it back."
                    )
                    if changed
                    else _("%(slug)s was already offline: nothing changed.")
                )
        except AgencyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(message % {"slug": slug}))
