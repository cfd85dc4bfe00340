"""The admin for the platform's editors: account settings that save without
a name, nothing loaded from third parties, the platform's own brand."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.admin.forms.account import NameEmailForm
from wagtail.test.utils.form_data import querydict_from_html
from wagtail.users.models import UserProfile

from agency_sites.services import add_agency_user
from tests import factories


class AccountSettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        factories.provisioned_agency("alpha")
        # As add_agency_user and createsuperuser make them: no name.
        cls.editor, _created = add_agency_user(
            slug="alpha", email="editor@alpha.example", role="editor"
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def account_form(self) -> dict[str, str]:
        html = self.client.get("/admin/account/").text
        return querydict_from_html(html, form_id="w-editor-form").dict()

    def test_an_editor_without_a_name_switches_the_admin_to_russian(self):
        data = self.account_form()
        assert data["name_email-first_name"] == ""
        assert data["name_email-last_name"] == ""
        # Wagtail's own form refuses exactly this.
        stock = NameEmailForm(data, instance=self.editor, prefix="name_email")
        assert set(stock.errors) == {"first_name", "last_name"}

        data["locale-preferred_language"] = "ru"
        response = self.client.post("/admin/account/", data)
        assert response.status_code == 302, response.text
        assert response["Location"] == "/admin/account/"
        assert UserProfile.get_for_user(self.editor).preferred_language == "ru"
        html = self.client.get("/admin/account/").text
        assert '<html lang="ru"' in html
        assert "Предпочтительный язык" in html
        assert "Preferred language" not in html

    def test_a_name_given_is_saved(self):
        data = self.account_form()
        data["name_email-first_name"] = "Фарида"
        data["name_email-last_name"] = "Каримова"
        response = self.client.post("/admin/account/", data)
        assert response.status_code == 302, response.text
        self.editor.refresh_from_db()
        assert self.editor.get_full_name() == "Фарида Каримова"

    def test_the_email_stays_required(self):
        data = self.account_form()
        data["name_email-email"] = ""
        response = self.client.post("/admin/account/", data)
        assert response.status_code == 200
        self.editor.refresh_from_db()
        assert self.editor.email == "editor@alpha.example"

    def test_only_admin_users_reach_it(self):
        self.client.logout()
        response = self.client.get("/admin/account/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


class ThirdPartyTests(TestCase):
    def test_no_admin_page_loads_avatars_from_gravatar(self):
        admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.tj", "not-a-real-password-123"
        )
        self.client.force_login(admin)
        for path in ["/admin/", "/admin/account/", "/admin/pages/", "/admin/users/"]:
            response = self.client.get(path)
            assert response.status_code == 200, path
            assert "gravatar" not in response.text.lower(), path
            assert "default-user-avatar" in response.text, path


class BrandingTests(TestCase):
    def test_the_login_page_is_the_platforms_in_every_admin_language(self):
        for language, heading, tagline in [
            ("tg", "Ворид шудан ба Hukumat.tj", "Сомонаҳои мақомоти давлатии"),
            ("ru", "Вход в Hukumat.tj", "Сайты государственных органов"),
            ("en", "Sign in to Hukumat.tj", "The websites of the government"),
        ]:
            html = self.client.get(
                "/admin/login/", headers={"accept-language": language}
            ).text
            assert f'<html lang="{language}"' in html, language
            assert f"<h1>{heading}</h1>" in html, language
            assert tagline in html, language
            assert "Wagtail" not in html.split("<body", 1)[0], language
            assert "<title>" in html and "- Hukumat.tj</title>" in html, language
            assert 'rel="icon" type="image/svg+xml"' in html, language
            assert 'aria-label="Wagtail"' not in html, language
            assert 'src="/static/cms/admin/mark.svg"' in html, language

    def test_the_sidebar_carries_the_platforms_mark(self):
        admin = get_user_model().objects.create_superuser(
            "admin", "admin@example.tj", "not-a-real-password-123"
        )
        self.client.force_login(admin)
        html = self.client.get("/admin/").text
        branding = html.split("<template data-wagtail-sidebar-branding-logo>", 1)[1]
        branding = branding.split("</template>", 1)[0]
        assert 'src="/static/cms/admin/mark.svg"' in branding
        assert 'alt="Hukumat.tj"' in branding
