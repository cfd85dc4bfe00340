"""``manage.py demo_accounts``: the local demo's accounts."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from agency_sites.models import Agency, AgencyRole
from agency_sites.services import add_agency_user
from cms.management.base import LocalizedCommand
from cms.services import start_admin_in_platform_language

ADMIN_USERNAME = "admin"
# The demo agency whose editor, moderator and administrator get accounts.
DEMO_AGENCY = "mvd"
# Invented people, so that the admin greets each account by a name.
DEMO_NAMES = {
    ADMIN_USERNAME: ("Далер", "Раҳимов"),
    AgencyRole.EDITOR: ("Фарида", "Каримова"),
    AgencyRole.MODERATOR: ("Рустам", "Назаров"),
    AgencyRole.ADMINISTRATOR: ("Зарина", "Саидова"),
}


class Command(LocalizedCommand):
    help = (
        "Create or reuse the demo's superuser and one editor, moderator and "
        "administrator of the demo agency, all with one generated password, and print "
        "their logins. Runs only in the local demo (settings.dev, settings.demo)."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.LOCAL_DEMO:
            raise CommandError(
                _(
                    "demo_accounts only runs in the local demo (settings.dev). Create "
                    "real accounts with `python manage.py createsuperuser` and "
                    "`python manage.py add_agency_user`."
                )
            )
        password = self._password()
        user_model = get_user_model()
        admin = user_model.objects.filter(username=ADMIN_USERNAME).first()
        if admin is None:
            admin = user_model.objects.create_superuser(
                ADMIN_USERNAME, f"{ADMIN_USERNAME}@localhost", password
            )
            start_admin_in_platform_language(user=admin)
        self._name(admin, key=ADMIN_USERNAME)
        accounts = [(admin, _("superuser"))]
        if Agency.objects.filter(slug=DEMO_AGENCY).exists():
            for role in AgencyRole:
                user, _created = add_agency_user(
                    slug=DEMO_AGENCY, email=f"{role}@{DEMO_AGENCY}.demo", role=role
                )
                self._name(user, key=role)
                accounts.append((user, f"{role.label} ({DEMO_AGENCY})"))
        for user, _label in accounts:
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])

        base_url = f"http://{settings.PORTAL_DOMAIN}:{settings.PORTAL_SITE_PORT}"
        self.stdout.write(
            _("Admin: %(url)s/admin/  password for every account: %(password)s")
            % {"url": base_url, "password": password}
        )
        for user, label in accounts:
            self.stdout.write(f"  {user.get_username():<28} {label}")

    def _name(self, user: AbstractUser, *, key: str) -> None:
        """Give a demo account its invented name, unless it already has one
        (a name changed in the account settings is kept)."""
        if user.first_name or user.last_name:
            return
        user.first_name, user.last_name = DEMO_NAMES[key]
        user.save(update_fields=["first_name", "last_name"])

    def _password(self) -> str:
        """One password for every demo account, kept in var/ across runs."""
        path = Path(settings.VAR_DIR) / "demo-password"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password, encoding="utf-8")
        path.chmod(0o600)
        return password
