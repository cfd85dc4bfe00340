"""``manage.py add_agency_user SLUG EMAIL --role ROLE``: give someone a role
in an agency."""

from argparse import ArgumentParser

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from agency_sites.models import AgencyRole
from agency_sites.services import AgencyError, add_agency_user
from cms.management.base import LocalizedCommand


class Command(LocalizedCommand):
    help = (
        "Create a user (or find one by email) and add them to an agency's editors, "
        "moderators or administrators."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("slug", help="The agency's slug, e.g. mvd")
        parser.add_argument(
            "email", help="The person's email address (also their login)"
        )
        parser.add_argument("--role", required=True, choices=AgencyRole.values)

    def handle(
        self, *args: object, slug: str, email: str, role: str, **options: object
    ) -> None:
        try:
            user, created = add_agency_user(slug=slug, email=email, role=role)
        except AgencyError as error:
            raise CommandError(str(error)) from None
        values = {
            "user": user.get_username(),
            "slug": slug,
            "role": AgencyRole(role).label,
        }
        if created:
            message = _(
                "Created %(user)s as %(role)s of %(slug)s. They have no password yet: "
                "set one with `python manage.py changepassword %(user)s` or let them "
                "use the admin's password reset."
            )
            self.stdout.write(self.style.SUCCESS(message % values))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Added %(user)s as %(role)s of %(slug)s.") % values
                )
            )
