"""``manage.py compile_translations``: compile the platform's .po catalogues.

Django's ``compilemessages`` needs GNU gettext installed; this pure-Python
equivalent (polib) lets the demo and test commands compile the catalogues on
a fresh machine. The platform's own apps are compiled, and the catalogues of
``LOCALE_PATHS`` (translations/: Tajik for Wagtail, wagtail-localize and
taggit), in both the ``django`` and the ``djangojs`` domain; only catalogues
newer than their compiled file, unless ``--force``.
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
    help = (
        "Compile the .po message catalogues of the platform's apps and of "
        "LOCALE_PATHS (translations/) into .mo files."
    )

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
        folders = []
        for app in apps.get_app_configs():
            app_path = Path(app.path).resolve()
            # Our own apps only, not packages installed in a venv inside the checkout.
            if base not in app_path.parents or environment in app_path.parents:
                continue
            folders.append(app_path / "locale")
        folders.extend(Path(path).resolve() for path in settings.LOCALE_PATHS)
        # An app's folder may also be listed in LOCALE_PATHS: compile it once.
        return [
            catalogue
            for folder in dict.fromkeys(folders)
            for catalogue in sorted(folder.glob("*/LC_MESSAGES/*.po"))
        ]
