"""A base for the platform's management commands that speak the operator's language."""

import os
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


def operator_language() -> str:
    """The content language matching the shell's locale (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG), English when none matches."""
    known = {code for code, _name in settings.LANGUAGES}
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(variable, "")[:2].lower()
        if code in known:
            return code
    return "en"


class LocalizedCommand(BaseCommand):
    """Runs ``handle`` with the operator's language active, so that messages
    and errors are printed in Tajik, Russian or English."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: the shell's locale, else en).",
        )

    def execute(self, *args: object, **options: object) -> str | None:
        language = options.get("language")
        if not isinstance(language, str) or not language:
            language = operator_language()
        with translation.override(language):
            return super().execute(*args, **options)
