"""Editors choose Tajik, Russian or English as their admin language, and
our apps' labels follow it."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.users.models import UserProfile


class AdminLanguageTests(TestCase):
    def setUp(self):
        self.editor = get_user_model().objects.create_superuser(
            "editor", "editor@example.tj", "not-a-real-password-123"
        )
        self.client.force_login(self.editor)

    def speak(self, language: str) -> None:
        profile = UserProfile.get_for_user(self.editor)
        profile.preferred_language = language
        profile.save()

    def test_the_account_offers_exactly_tajik_russian_and_english(self):
        html = self.client.get("/admin/account/").content.decode()
        assert 'value="tg"' in html
        assert 'value="ru"' in html
        assert 'value="en"' in html
        assert 'value="de"' not in html

    def test_our_admin_labels_follow_the_editors_language(self):
        for language, label in [
            ("tg", "Огоҳиҳои сомона"),
            ("ru", "Объявления сайта"),
            ("en", "Site alerts"),
        ]:
            self.speak(language)
            html = self.client.get("/admin/snippets/home/alertbanner/").content.decode()
            assert f'lang="{language}"' in html, language
            assert label in html, language
