"""Wagtail's and wagtail-localize's JavaScript read their strings from
Django's JavaScriptCatalog, which merges LOCALE_PATHS' djangojs catalogues:
our Tajik ones reach an editor who works in Tajik."""

import json
import re

from django.test import TestCase

from wagtail.users.models import UserProfile

from agency_sites.services import add_agency_user
from tests import factories
from tests.i18n.catalogues import TRANSLATIONS, read

CATALOGUE_URLS = ["/admin/jsi18n/", "/admin/localize/jsi18n/"]


def javascript_catalogue(script: str) -> dict[str, str | list[str]]:
    """The strings a catalogue script serves (none for English)."""
    found = re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL)
    return json.loads(found.group(1)) if found else {}


def expected_strings() -> dict[str, str | list[str]]:
    """Each translated id of our djangojs catalogues, keyed as the
    JavaScript catalogue keys it, with the translation it must serve. Where
    two catalogues share an id, the first folder of LOCALE_PATHS wins."""
    expected: dict[str, str | list[str]] = {}
    for path in sorted(TRANSLATIONS.glob("*/tg/LC_MESSAGES/djangojs.po")):
        for entry in read(path):
            if not entry.translated():
                continue
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            value: str | list[str] = (
                [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                if entry.msgid_plural
                else entry.msgstr
            )
            expected.setdefault(key, value)
    return expected


class JavaScriptCatalogueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        factories.provisioned_agency("alpha")
        cls.editor, _created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role="editor"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_an_editor_in_tajik_gets_every_tajik_javascript_string(self):
        expected = expected_strings()
        # At least wagtail-localize's, which this repository ships.
        assert expected["Download PO file"] == "Зеркашии файли PO"
        for url in CATALOGUE_URLS:
            response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200
            script = response.text
            catalogue = javascript_catalogue(script)
            wrong = {
                key: (catalogue.get(key), value)
                for key, value in expected.items()
                if catalogue.get(key) != value
            }
            assert not wrong, (url, wrong)
            assert "(n != 1)" in script, url

    def test_an_editor_in_english_gets_none(self):
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = "en"
        profile.save()
        for url in CATALOGUE_URLS:
            catalogue = javascript_catalogue(self.client.get(url).text)
            assert "Download PO file" not in catalogue, url
