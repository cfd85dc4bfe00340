"""Hostname routing, locale-prefixed URLs and the portal directory."""

from django.test import TestCase, override_settings

import pytest

from agency_sites.provisioning import parse_registry, provision_agencies
from tests.factories import agency_entry

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


class RoutingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        provision_agencies(
            specs=parse_registry(
                {
                    "agencies": [
                        agency_entry(
                            "mvd",
                            names={
                                "tg": "Вазорати корҳои дохилӣ",
                                "ru": "Министерство внутренних дел",
                                "en": "Ministry of Internal Affairs",
                            },
                        ),
                        agency_entry(
                            "adliya",
                            hostname="adliya.gov.tj",
                            names={
                                "tg": "Вазорати адлия",
                                "ru": "Министерство юстиции",
                                "en": "Ministry of Justice",
                            },
                        ),
                        agency_entry(
                            "dushanbe",
                            kind="local",
                            region="dushanbe",
                            names={
                                "tg": "Мақомоти иҷроияи шаҳри Душанбе",
                                "ru": "Исполнительный орган города Душанбе",
                                "en": "Executive Body of Dushanbe City",
                            },
                        ),
                    ]
                }
            )
        )

    def get(self, host: str, path: str, **headers):
        return self.client.get(path, headers={"host": host, **headers})

    def test_each_hostname_serves_its_own_agency_in_each_language(self):
        cases = [
            ("mvd.portal.test", "/tg/", "Вазорати корҳои дохилӣ"),
            ("mvd.portal.test", "/ru/", "Министерство внутренних дел"),
            ("mvd.portal.test", "/en/", "Ministry of Internal Affairs"),
            ("adliya.gov.tj", "/tg/", "Вазорати адлия"),
            ("adliya.gov.tj", "/ru/", "Министерство юстиции"),
        ]
        for host, path, name in cases:
            with self.subTest(host=host, path=path):
                response = self.get(host, path)
                assert response.status_code == 200
                html = response.content.decode()
                assert f"<h1>{name}</h1>" in html
                assert f'<html lang="{path.strip("/")}">' in html

    def test_other_agencies_are_not_reachable_through_a_hostname(self):
        # adliya's pages are not routable on mvd's host, whatever the path.
        assert self.get("mvd.portal.test", "/tg/adliya/").status_code == 404
        assert (
            "Министерство юстиции"
            not in self.get("mvd.portal.test", "/ru/").content.decode()
        )

    def test_sections_are_served_under_the_language_prefix(self):
        response = self.get("mvd.portal.test", "/ru/services/")
        assert response.status_code == 200
        assert "<h1>Услуги</h1>" in response.content.decode()
        assert self.get("mvd.portal.test", "/en/news/").status_code == 200
        assert self.get("mvd.portal.test", "/tg/competitions/").status_code == 200

    def test_home_lists_its_sections(self):
        html = self.get("mvd.portal.test", "/en/").content.decode()
        for slug, title in [
            ("services", "Services"),
            ("news", "News"),
            ("contacts", "Contacts"),
        ]:
            assert f'<a href="/en/{slug}/">{title}</a>' in html

    def test_bare_path_redirects_to_the_default_language(self):
        response = self.get("mvd.portal.test", "/")
        assert response.status_code == 302
        assert response["Location"] == "/tg/"

    def test_bare_path_follows_the_browser_language(self):
        response = self.get("mvd.portal.test", "/", accept_language="ru")
        assert response["Location"] == "/ru/"

    def test_unknown_page_is_404(self):
        assert self.get("mvd.portal.test", "/tg/no-such-page/").status_code == 404

    def test_an_admin_address_that_is_not_found_stays_in_the_admin(self):
        """An editor asking for a page that does not exist (deleted, or
        another agency's refused as not found) gets the admin's 404, not a
        redirect to a language-prefixed address that a site would answer."""
        from django.contrib.auth import get_user_model

        editor = get_user_model().objects.create_superuser("root", password="x")
        self.client.force_login(editor)
        for path in ("/admin/pages/999999/edit/", "/admin/no-such-admin-page/"):
            response = self.get("mvd.portal.test", path)
            assert response.status_code == 404, (path, response.get("Location"))

    def test_language_switcher_links_translations(self):
        html = self.get("mvd.portal.test", "/tg/services/").content.decode()
        assert 'href="/ru/services/" lang="ru"' in html
        assert 'href="/en/services/" lang="en"' in html
        assert 'hreflang="ru" href="http://mvd.portal.test/ru/services/"' in html

    def test_portal_lists_every_agency_in_the_current_language(self):
        html = self.get("portal.test", "/ru/").content.decode()
        assert (
            '<a href="http://mvd.portal.test/ru/">Министерство внутренних дел</a>'
            in html
        )
        assert '<a href="http://adliya.gov.tj/ru/">Министерство юстиции</a>' in html
        assert "Исполнительный орган города Душанбе" in html
        assert "Центральные органы государственной власти" in html
        html = self.get("portal.test", "/tg/").content.decode()
        assert '<a href="http://mvd.portal.test/tg/">Вазорати корҳои дохилӣ</a>' in html

    def test_portal_directory_is_sorted_in_the_alphabet_of_the_language(self):
        html = self.get("portal.test", "/tg/").content.decode()
        # Tajik order: "адлия" (а) before "корҳо" (к) in the central group
        assert html.index("Вазорати адлия") < html.index("Вазорати корҳои дохилӣ")

    def test_unknown_host_falls_back_to_the_portal(self):
        response = self.get("localhost", "/en/")
        assert response.status_code == 200
        assert "Ministry of Justice" in response.content.decode()

    def test_directory_costs_a_fixed_number_of_queries(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            self.get("portal.test", "/en/")  # warm Wagtail's site-root cache
            # site, routing (locale, translation, specific page), view
            # restrictions, language versions with the site root, the directory,
            # and one per national listing on the home (most requested services,
            # closing competitions, newest news)
            with self.assertNumQueries(10):
                self.get("portal.test", "/en/")
        # Cached for anonymous visitors: none at all.
        self.get("portal.test", "/en/")
        with self.assertNumQueries(0):
            self.get("portal.test", "/en/")
