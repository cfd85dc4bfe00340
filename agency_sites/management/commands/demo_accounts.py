"""``manage.py demo_admin``: the local demo's administrator account."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cms.management.base import LocalizedCommand

USERNAME = "admin"


class Command(LocalizedCommand):
    help = (
        "Create or reuse the demo's superuser and print its login. Runs only with "
        "DEBUG on (settings.dev): production accounts are never made this way."
    )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "demo_admin only runs in the local demo (settings.dev). Create "
                    "real accounts with `python manage.py createsuperuser`."
                )
            )
        password_file = Path(settings.VAR_DIR) / "demo-admin-password"
        password = (
            password_file.read_text(encoding="utf-8").strip()
            if password_file.exists()
            else ""
        )
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            if user is None:
                user = user_model.objects.create_superuser(
                    USERNAME, f"{USERNAME}@localhost", password
                )
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password, encoding="utf-8")
            password_file.chmod(0o600)
        base_url = f"http://{settings.PORTAL_DOMAIN}:{settings.PORTAL_SITE_PORT}"
        self.stdout.write(
            _("Admin: %(url)s/admin/  user: %(user)s  password: %(password)s")
            % {"url": base_url, "user": USERNAME, "password": password}
        )
