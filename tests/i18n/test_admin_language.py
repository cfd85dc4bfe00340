"""Editors work in Tajik unless they choose otherwise: new accounts start in
Tajik, the account's language list names each language in itself, and
language names (locale badges, wagtail-localize) read in the admin's
language."""

import re

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import translation

from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from agency_sites.services import add_agency_user
from tests import factories


def option_texts(html: str, name: str) -> list[tuple[str, str]]:
    """(value, text) of each option of the select named ``name``."""
    from bs4 import BeautifulSoup

    select = BeautifulSoup(html, "html.parser").find("select", {"name": name})
    assert select is not None, name
    return [
        (option.get("value", ""), option.get_text(strip=True))
        for option in select.find_all("option")
    ]


class NewAccountsStartInTajikTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        factories.provisioned_agency("alpha")
        factories.provisioned_agency("beta")

    def test_an_agency_user_starts_in_tajik_and_keeps_a_language_chosen(self):
        user, created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role="editor"
        )
        assert created
        profile = UserProfile.get_for_user(user)
        assert profile.preferred_language == "tg"

        profile.preferred_language = "ru"
        profile.save()
        # Added to a second agency later: the choice stays.
        add_agency_user(slug="beta", email="editor@alpha.example", role="editor")
        assert UserProfile.get_for_user(user).preferred_language == "ru"

    def test_an_editor_sees_the_admin_in_tajik_whatever_the_browser_says(self):
        user, _created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role="editor"
        )
        self.client.force_login(user)
        html = self.client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-GB,en").text
        assert '<html lang="tg"' in html

    def test_a_user_added_in_the_admin_starts_in_tajik(self):
        admin = get_user_model().objects.create_superuser(
            "root", "root@example.tj", "not-a-real-password-123"
        )
        self.client.force_login(admin)
        response = self.client.post(
            "/admin/users/new/",
            {
                "username": "new.editor@alpha.example",
                "email": "new.editor@alpha.example",
                "first_name": "Нигина",
                "last_name": "Шарипова",
                "password1": "a-long-enough-password-42",
                "password2": "a-long-enough-password-42",
                "is_active": "on",
            },
        )
        assert response.status_code == 302, response.text
        assert response["Location"] == "/admin/users/", response["Location"]
        user = get_user_model().objects.get(username="new.editor@alpha.example")
        assert UserProfile.get_for_user(user).preferred_language == "tg"


class LanguageListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        factories.provisioned_agency("alpha")
        cls.editor, _created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role="editor"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_each_language_is_named_in_itself_capitalised_tajik_first(self):
        for language in ("tg", "ru", "en"):
            profile = UserProfile.get_for_user(self.editor)
            profile.preferred_language = language
            profile.save()
            html = self.client.get("/admin/account/").text
            options = option_texts(html, "locale-preferred_language")
            assert options[1:] == [
                ("tg", "Тоҷикӣ"),
                ("ru", "Русский"),
                ("en", "English"),
            ], language
            # "Use server language: Тоҷикӣ", in the admin's language.
            value, default = options[0]
            assert value == ""
            assert default.endswith("Тоҷикӣ"), default
            assert "тоҷикӣ" not in html

    def test_the_editor_changes_it_and_back(self):
        form = querydict_from_html(
            self.client.get("/admin/account/").text, form_id="w-editor-form"
        ).dict()
        assert form["locale-preferred_language"] == "tg"
        for language in ("en", "tg"):
            form["locale-preferred_language"] = language
            response = self.client.post("/admin/account/", form)
            assert response.status_code == 302, response.text
            assert UserProfile.get_for_user(self.editor).preferred_language == language
            html = self.client.get("/admin/account/").text
            assert f'<html lang="{language}"' in html


class LanguageNameTests(TestCase):
    def test_locales_are_named_in_the_admins_language(self):
        locales = Locale.objects.filter(language_code__in=["tg", "ru", "en"])
        names = {}
        for language in ("tg", "ru", "en"):
            with translation.override(language):
                names[language] = {
                    locale.language_code: str(locale.get_display_name())
                    for locale in locales
                }
        assert names == {
            "tg": {"tg": "Тоҷикӣ", "ru": "Русӣ", "en": "Англисӣ"},
            "ru": {"tg": "Таджикский", "ru": "Русский", "en": "Английский"},
            "en": {"tg": "Tajik", "ru": "Russian", "en": "English"},
        }

    def test_the_locale_badge_of_the_page_explorer_reads_tajik(self):
        tree = factories.provisioned_agency("alpha")
        editor, _created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role="editor"
        )
        self.client.force_login(editor)
        html = self.client.get(f"/admin/pages/{tree.home.pk}/").text
        # The locale filter and the status side panel's locale.
        assert re.search(r'value="tg"[^>]*>\s*Тоҷикӣ\s*</label>', html)
        assert "Тоҷикӣ" in html
        assert "Tajik" not in html
