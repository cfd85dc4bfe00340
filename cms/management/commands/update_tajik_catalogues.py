"""``manage.py update_tajik_catalogues``: keep translations/ in step with the
installed Wagtail, wagtail-localize and taggit.

After an upgrade (or when one of their apps is added to INSTALLED_APPS), each
Tajik catalogue under ``translations/<package>/tg/LC_MESSAGES/`` gets every
message id its installed English catalogue has, copied exactly and left
untranslated, and loses the ids the package dropped; every translation made
is kept. The coverage test (tests/i18n) then lists the ids left to translate;
docs/tajik-glossary.md says how.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import polib

# Packages whose apps' catalogues the platform translates into Tajik.
UPSTREAM_PACKAGES = ("wagtail", "wagtail_localize", "taggit")
DOMAINS = ("django", "djangojs")
HEADER = {
    "Language": "tg",
    "Language-Team": "Tajik",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}

MessageKey = tuple[str | None, str, str | None]


def _key(entry: polib.POEntry) -> MessageKey:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


class Command(BaseCommand):
    help = (
        "Add the message ids of the installed Wagtail, wagtail-localize and taggit "
        "to the Tajik catalogues of translations/ (untranslated), and remove the "
        "ones they no longer have. Translations are kept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit with an error if any catalogue is out of step.",
        )

    def handle(self, *args: object, check: bool, **options: Any) -> None:
        out_of_step = []
        for package, domain, english in self._upstream():
            target = (
                Path(settings.BASE_DIR)
                / "translations"
                / package
                / "tg"
                / "LC_MESSAGES"
                / f"{domain}.po"
            )
            added, removed = self._update(english, target, write=not check)
            if added or removed:
                out_of_step.append(target)
                self.stdout.write(
                    f"{package} ({domain}): {added} id(s) added, {removed} removed"
                )
        if check and out_of_step:
            raise CommandError(
                f"{len(out_of_step)} catalogue(s) out of step with the installed "
                "packages: run `python manage.py update_tajik_catalogues`."
            )
        self.stdout.write(f"{len(out_of_step)} catalogue(s) updated.")

    def _upstream(self) -> list[tuple[str, str, Path]]:
        found = []
        for app in apps.get_app_configs():
            if not any(
                app.name == package or app.name.startswith(f"{package}.")
                for package in UPSTREAM_PACKAGES
            ):
                continue
            for domain in DOMAINS:
                english = (
                    Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
                )
                if english.exists():
                    found.append((app.name, domain, english))
        return sorted(found)

    def _update(self, english: Path, target: Path, *, write: bool) -> tuple[int, int]:
        """Bring ``target`` in step with ``english``: (ids added, ids removed)."""
        source = polib.pofile(str(english))
        if target.exists():
            current = polib.pofile(str(target), wrapwidth=79)
        else:
            current = polib.POFile(wrapwidth=79)
            current.metadata = {
                "Project-Id-Version": f"{target.parts[-4]} (Hukumat.tj)",
                **HEADER,
            }
        translated = {_key(entry): entry for entry in current if not entry.obsolete}
        wanted = [entry for entry in source if not entry.obsolete]
        wanted_keys = {_key(entry) for entry in wanted}
        added = sum(1 for entry in wanted if _key(entry) not in translated)
        removed = sum(1 for key in translated if key not in wanted_keys)
        if not (added or removed) or not write:
            return added, removed

        updated = polib.POFile(wrapwidth=79)
        updated.header = current.header
        updated.metadata = current.metadata
        for entry in wanted:
            known = translated.get(_key(entry))
            fresh = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                flags=[flag for flag in entry.flags if flag != "fuzzy"],
            )
            if entry.msgid_plural:
                fresh.msgid_plural = entry.msgid_plural
                fresh.msgstr_plural = (
                    dict(known.msgstr_plural) if known else {0: "", 1: ""}
                )
            else:
                fresh.msgstr = known.msgstr if known else ""
            updated.append(fresh)
        target.parent.mkdir(parents=True, exist_ok=True)
        updated.save(str(target))
        return added, removed
