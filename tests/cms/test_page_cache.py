"""The anonymous page cache: hits cost no query, editors and personal
requests bypass it, and every change a page shows drops it."""

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

from agency_sites.models import AccentColour, AgencySettings
from agency_sites.services import deprovision_agency
from cms.caching.generations import host_key
from cms.caching.lifetime import limit_page_cache, page_cache_seconds
from home.models import AlertBanner
from tests import factories

STATUS = "X-Page-Cache"


class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.alpha = factories.provisioned_agency("alpha")
        cls.beta = factories.provisioned_agency("beta")
        cls.office = factories.office(cls.beta, title="Маркази Бета")
        cls.service = factories.service(
            cls.alpha, title="Шиноснома", offices=[cls.office]
        )
        cls.other = factories.service(cls.beta, title="Иҷозатнома")
        cls.plain = factories.service(cls.alpha, title="Маълумотнома")

    def get(self, host: str, path: str, **kwargs):
        return self.client.get(path, headers={"host": host}, **kwargs)

    def warm(self, host: str, path: str):
        first = self.get(host, path)
        assert first.status_code == 200
        assert first[STATUS] == "miss"
        return first

    def test_a_hit_is_the_same_page_without_any_query(self):
        path = f"/tg/services/{self.service.slug}/"
        first = self.warm(self.alpha.hostname, path)
        with CaptureQueriesContext(connection) as queries:
            second = self.get(self.alpha.hostname, path)
        assert second[STATUS] == "hit"
        assert len(queries) == 0
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        assert second["ETag"] == first["ETag"]

    def test_unchanged_pages_are_answered_304(self):
        first = self.warm(self.alpha.hostname, "/ru/")
        response = self.client.get(
            "/ru/",
            headers={"host": self.alpha.hostname, "If-None-Match": first["ETag"]},
        )
        assert response.status_code == 304
        assert not response.content

    def test_each_host_path_and_language_is_kept_apart(self):
        self.warm(self.alpha.hostname, "/tg/")
        for host, path in [
            (self.alpha.hostname, "/ru/"),
            (self.beta.hostname, "/tg/"),
            (self.alpha.hostname, "/tg/services/"),
        ]:
            response = self.get(host, path)
            assert response[STATUS] == "miss", (host, path)
        assert "Министерство alpha" in self.get(self.alpha.hostname, "/ru/").text

    def test_logged_in_editors_never_get_or_fill_the_cache(self):
        self.warm(self.alpha.hostname, "/tg/")
        editor = get_user_model().objects.create_user("editor@alpha.example")
        self.client.force_login(editor)
        response = self.get(self.alpha.hostname, "/tg/")
        assert STATUS not in response
        self.client.logout()
        self.client.cookies.clear()
        assert self.get(self.alpha.hostname, "/tg/")[STATUS] == "hit"

    def test_personal_requests_bypass_the_cache(self):
        self.warm(self.alpha.hostname, "/tg/services/")
        filtered = self.get(self.alpha.hostname, "/tg/services/?audience=citizens")
        assert STATUS not in filtered
        posted = self.client.post(
            "/tg/services/", headers={"host": self.alpha.hostname}
        )
        assert STATUS not in posted
        # Unknown hosts fall back to the portal, and are not cached for it.
        self.get("localhost", "/tg/")
        assert self.get("localhost", "/tg/").get(STATUS) != "hit"

    def test_search_results_are_kept_per_query_and_page(self):
        host = self.alpha.hostname
        first = self.warm(host, "/tg/search/?q=Шиноснома")
        assert "Шиноснома" in first.text
        with CaptureQueriesContext(connection) as queries:
            again = self.get(
                host,
                "/tg/search/?q=%D0%A8%D0%B8%D0%BD%D0%BE%D1%81%D0%BD%D0%BE%D0%BC%D0%B0",
            )
        assert again[STATUS] == "hit"
        assert len(queries) == 0
        assert again.content == first.content
        # The same parameters in another order are the same answer.
        self.warm(host, "/tg/search/?q=Шиноснома&page=1")
        assert self.get(host, "/tg/search/?page=1&q=Шиноснома")[STATUS] == "hit"
        # Another query, page or language is another answer.
        for path in (
            "/tg/search/?q=Маълумотнома",
            "/tg/search/?q=Шиноснома&page=2",
            "/ru/search/?q=Шиноснома",
        ):
            assert self.get(host, path)[STATUS] == "miss", path
        # Other parameters, or one given twice, bypass the cache.
        for path in (
            "/tg/search/?q=Шиноснома&utm_source=x",
            "/tg/search/?q=Шиноснома&q=Маълумотнома",
            "/tg/services/?q=Шиноснома",
        ):
            assert STATUS not in self.get(host, path), path

    def test_publishing_drops_the_search_results_of_its_site(self):
        self.warm(self.alpha.hostname, "/tg/search/?q=Маълумотнома")
        self.warm(self.beta.hostname, "/tg/search/?q=Маълумотнома")
        page = self.plain.get_latest_revision_as_object()
        page.title = "Маълумотномаи нав"
        page.save_revision().publish()
        fresh = self.get(self.alpha.hostname, "/tg/search/?q=Маълумотнома")
        assert fresh[STATUS] == "miss"
        # (the words found are marked)
        assert "Маълумотномаи нав" in re.sub(r"<[^>]+>", "", fresh.text)
        assert (
            self.get(self.beta.hostname, "/tg/search/?q=Маълумотнома")[STATUS] == "hit"
        )

    def test_other_hosts_leave_nothing_in_the_cache(self):
        for number in range(3):
            response = self.get(f"random-{number}.portal.test", "/tg/")
            assert response.get(STATUS) is None
            assert cache.get(host_key(f"random-{number}.portal.test")) is None

    def test_lost_generations_are_restarted_not_trusted(self):
        self.warm(self.alpha.hostname, "/tg/")
        cache.delete(host_key(self.alpha.hostname))
        assert self.get(self.alpha.hostname, "/tg/")[STATUS] == "miss"
        assert self.get(self.alpha.hostname, "/tg/")[STATUS] == "hit"

    def test_publishing_a_page_drops_its_site_only(self):
        self.warm(self.alpha.hostname, "/tg/services/")
        self.warm(self.beta.hostname, "/tg/services/")
        page = self.plain.get_latest_revision_as_object()
        page.title = "Маълумотномаи нав"
        page.save_revision().publish()
        fresh = self.get(self.alpha.hostname, "/tg/services/")
        assert fresh[STATUS] == "miss"
        assert "Маълумотномаи нав" in fresh.text
        assert self.get(self.beta.hostname, "/tg/services/")[STATUS] == "hit"

    def test_unpublishing_drops_the_listing(self):
        self.warm(self.alpha.hostname, "/tg/services/")
        self.service.unpublish()
        assert "Шиноснома" not in self.get(self.alpha.hostname, "/tg/services/").text

    def test_an_office_of_another_agency_refreshes_the_services_it_handles(self):
        path = f"/tg/services/{self.service.slug}/"
        self.warm(self.alpha.hostname, path)
        office = self.office.get_latest_revision_as_object()
        office.title = "Маркази Бетаи нав"
        office.save_revision().publish()
        response = self.get(self.alpha.hostname, path)
        assert response[STATUS] == "miss"
        assert "Маркази Бетаи нав" in response.text

    def test_agency_settings_and_alerts_drop_the_sites_pages(self):
        self.warm(self.alpha.hostname, "/tg/")
        row = AgencySettings.objects.get(site=self.alpha.agency.site)
        row.accent_colour = AccentColour.CRIMSON
        row.phone = "+992 37 000-00-01"
        row.save()
        html = self.get(self.alpha.hostname, "/tg/").text
        assert 'class="accent-crimson"' in html
        assert "+992 37 000-00-01" in html

        alert = AlertBanner.objects.create(
            agency=self.alpha.agency,
            locale=Locale.objects.get(language_code="tg"),
            message="Қабул баста аст",
            live=False,
        )
        alert.save_revision().publish()
        assert "Қабул баста аст" in self.get(self.alpha.hostname, "/tg/").text

    def test_shared_taxonomies_drop_every_site(self):
        self.warm(self.alpha.hostname, "/tg/services/")
        self.warm(self.beta.hostname, "/tg/services/")
        category = self.other.category
        category.name = "Категорияи нав"
        category.save()
        beta = self.get(self.beta.hostname, "/tg/services/")
        assert beta[STATUS] == "miss"
        assert "Категорияи нав" in beta.text
        assert self.get(self.alpha.hostname, "/tg/services/")[STATUS] == "miss"

    def test_an_offline_agency_is_never_served_from_the_cache(self):
        self.warm(self.alpha.hostname, "/tg/")
        with self.captureOnCommitCallbacks(execute=True):
            deprovision_agency(slug="alpha")
        response = self.get(self.alpha.hostname, "/tg/")
        assert response.status_code == 410

    def test_responses_that_set_cookies_are_not_stored(self):
        # The password form of a restricted page carries a CSRF token.
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=self.service, restriction_type="password", password="secret"
        )
        path = f"/tg/services/{self.service.slug}/"
        first = self.get(self.alpha.hostname, path)
        assert first.status_code == 200
        assert "password" in first.text
        assert first.get(STATUS) != "miss"
        assert self.get(self.alpha.hostname, path).get(STATUS) != "hit"


class LifetimeTests(TestCase):
    def test_pages_live_until_the_soonest_of_lifetime_midnight_and_limits(self):
        request = RequestFactory().get("/tg/")
        noon = timezone.make_aware(datetime(2026, 3, 2, 12, 0))
        assert page_cache_seconds(request, now=noon) == settings.PAGE_CACHE_SECONDS
        before_midnight = noon + timedelta(hours=11, minutes=58)
        assert page_cache_seconds(request, now=before_midnight) == 120
        limit_page_cache(request, until=noon + timedelta(seconds=30))
        limit_page_cache(request, until=noon + timedelta(hours=1))
        assert page_cache_seconds(request, now=noon) == 30
