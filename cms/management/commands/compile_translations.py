"""``manage.py compile_translations``: compile the platform's .po catalogues.

Django's ``compilemessages`` needs GNU gettext installed; this pure-Python
equivalent (polib) lets the demo and test commands compile the catalogues on
a fresh machine. Only the platform's own apps are compiled, and only when a
catalogue is newer than its compiled file.
"""

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import polib


class Command(BaseCommand):
    help = "Compile the .po message catalogues of the platform's apps into .mo files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Compile even catalogues that look up to date.",
        )

    def handle(self, *args: object, force: bool, **options: Any) -> None:
        compiled = 0
        for catalogue in self._catalogues():
            target = catalogue.with_suffix(".mo")
            if (
                not force
                and target.exists()
                and target.stat().st_mtime >= catalogue.stat().st_mtime
            ):
                continue
            try:
                po = polib.pofile(str(catalogue))
            except (OSError, ValueError) as error:
                raise CommandError(
                    f"{catalogue}: cannot be read ({error}). "
                    "Fix the file and run again."
                ) from None
            po.save_as_mofile(str(target))
            compiled += 1
            if int(options["verbosity"]) >= 2:
                self.stdout.write(f"compiled {catalogue}")
        self.stdout.write(f"{compiled} catalogue(s) compiled.")

    def _catalogues(self) -> list[Path]:
        base = Path(settings.BASE_DIR).resolve()
        environment = Path(sys.prefix).resolve()
        catalogues = []
        for app in apps.get_app_configs():
            app_path = Path(app.path).resolve()
            # Our own apps only, not packages installed in a venv inside the checkout.
            if base not in app_path.parents or environment in app_path.parents:
                continue
            catalogues.extend(sorted((app_path / "locale").glob("*/LC_MESSAGES/*.po")))
        return catalogues
