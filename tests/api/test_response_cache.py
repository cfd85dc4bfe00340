"""The portal API's answers from the cache: a hit costs no query, equivalent
addresses share an answer, errors are never kept, and no change of public
content (publication, unpublication, view restriction, expiry,
deprovisioning, shared data) is ever answered from a stale copy."""

import gzip
from datetime import datetime, timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from agency_sites.services import deprovision_agency, restore_agency
from cms.api import cache as api_cache
from cms.caching.generations import PUBLIC_KEY
from service_pages.models import ServicePage
from tests import factories

STATUS = api_cache.STATUS_HEADER
SOON = timedelta(hours=1)


class ResponseCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.alpha = factories.provisioned_agency("alpha")
        cls.beta = factories.provisioned_agency("beta")
        cls.service = factories.service(cls.alpha, title="Шиноснома")
        cls.other = factories.service(cls.beta, title="Иҷозатнома")
        cls.news = factories.news_item(cls.alpha, title="Хабари нав")

    def setUp(self) -> None:
        # Each process keeps the canonical form of the addresses it saw.
        api_cache._aliases.clear()

    def get(self, path: str, **kwargs: object):
        return self.client.get(f"/api/v1/{path}", **kwargs)

    def warm(self, path: str, **kwargs: object):
        first = self.get(path, **kwargs)
        assert first.status_code == 200, first.content
        assert first[STATUS] == "miss"
        return first

    def hit(self, path: str, **kwargs: object):
        with CaptureQueriesContext(connection) as queries:
            response = self.get(path, **kwargs)
        assert response[STATUS] == "hit", path
        assert len(queries) == 0, [query["sql"] for query in queries]
        return response

    def ids(self, path: str) -> set[int]:
        response = self.get(path)
        assert response.status_code == 200, response.content
        assert response[STATUS] != "hit"
        return {item["id"] for item in response.json()["items"]}


def stored_answers() -> int:
    """Answers in the cache (the tests' cache is each process's memory)."""
    return sum("apicache:answer:" in key for key in cache._cache)


ENDPOINTS = [
    "services/",
    "services/?limit=100&locale=ru",
    "news/?agency=alpha",
    "competitions/?status=all",
    "offices/",
    "search/?q=%D0%A8",
    "agencies/",
    "agencies/alpha/?locale=en",
]


class HitTests(ResponseCacheTestCase):
    def test_every_endpoint_is_answered_from_the_cache_without_a_query(self):
        paths = [*ENDPOINTS, f"services/{self.service.pk}/", f"news/{self.news.pk}/"]
        for path in paths:
            with self.subTest(path=path):
                first = self.warm(path)
                second = self.hit(path)
                assert second.content == first.content
                for header in ("Content-Type", "ETag", "Last-Modified", "Vary"):
                    assert second[header] == first[header], header
                assert second["Cache-Control"] == "public, max-age=60"

    def test_a_hit_costs_no_query_for_a_signed_in_user_either(self):
        """Sessions and authentication are never read for a cached answer."""
        user = get_user_model().objects.create_user("editor", password="x")
        self.client.force_login(user)
        self.warm("services/")
        self.hit("services/")

    def test_conditional_requests_are_answered_304_from_the_cache(self):
        first = self.warm("services/")
        with CaptureQueriesContext(connection) as queries:
            response = self.get("services/", headers={"if-none-match": first["ETag"]})
        assert response.status_code == 304
        assert response.content == b""
        assert len(queries) == 0

    def test_gzip_and_head_from_the_cache(self):
        first = self.warm("services/?limit=100")
        zipped = self.hit("services/?limit=100", headers={"accept-encoding": "gzip"})
        assert zipped["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.content) == first.content
        with CaptureQueriesContext(connection) as queries:
            head = self.client.head("/api/v1/services/?limit=100")
        assert len(queries) == 0
        assert head.content == b""
        assert head["Content-Length"] == str(len(first.content))

    def test_equivalent_addresses_share_one_answer(self):
        """Order, defaults, number spelling, repeated agencies and spaces
        around free text make no difference."""
        first = self.warm("services/?agency=alpha&agency=beta&q=%D0%A8")
        for path in [
            "services/?q=%D0%A8&agency=beta&agency=alpha",
            "services/?agency=beta&agency=alpha&agency=beta&q=+%D0%A8+",
            "services/?agency=alpha&agency=beta&q=%D0%A8&limit=20&locale=tg",
            "services/?limit=020&agency=alpha&agency=beta&q=%D0%A8",
        ]:
            with self.subTest(path=path):
                with CaptureQueriesContext(connection) as queries:
                    response = self.get(path)
                assert response[STATUS] == "hit"
                assert len(queries) == 0
                assert response.content == first.content
        # Once this process has seen an address, its hit skips the parsing.
        self.hit("services/?q=%D0%A8&agency=beta&agency=alpha")

    def test_different_queries_are_different_answers(self):
        tajik = self.warm("services/")
        russian = self.warm("services/?locale=ru")
        assert tajik.content != russian.content
        first_page = self.warm("services/?limit=1").json()
        cursor = first_page["next_cursor"]
        second_page = self.warm(f"services/?limit=1&cursor={cursor}").json()
        assert first_page["items"] != second_page["items"]

    def test_the_cache_can_be_turned_off(self):
        with override_settings(API_CACHE_SECONDS=0):
            self.get("services/")
            response = self.get("services/")
        assert STATUS not in response


class ErrorTests(ResponseCacheTestCase):
    def test_errors_are_never_kept(self):
        for path in [
            "services/?limit=0",
            "services/?agency=nobody",
            "services/999999/",
        ]:
            with self.subTest(path=path):
                first = self.get(path)
                assert first.status_code in (400, 404)
                assert first["Cache-Control"] == "no-store"
                again = self.get(path)
                assert again.status_code == first.status_code
                assert STATUS not in again
        assert stored_answers() == 0

    def test_a_404_does_not_hide_the_item_once_it_is_published(self):
        draft = factories.service(self.alpha, title="Лоиҳа")
        draft.unpublish()
        path = f"services/{draft.pk}/"
        assert self.get(path).status_code == 404
        draft.save_revision().publish()
        assert self.get(path).status_code == 200


class InvalidationTests(ResponseCacheTestCase):
    def test_a_publication_is_never_answered_stale(self):
        self.warm("services/")
        added = factories.service(self.beta, title="Хизмати нав")
        assert added.pk in self.ids("services/")
        # A change of a published page, too.
        self.warm(f"services/{self.service.pk}/")
        page = ServicePage.objects.get(pk=self.service.pk)
        page.title = "Шиносномаи нав"
        page.save_revision().publish()
        detail = self.get(f"services/{self.service.pk}/")
        assert detail[STATUS] == "miss"
        assert detail.json()["title"] == "Шиносномаи нав"

    def test_an_unpublication_is_never_answered_stale(self):
        self.warm("services/")
        self.warm(f"services/{self.service.pk}/")
        self.warm("search/?q=%D0%A8")
        ServicePage.objects.get(pk=self.service.pk).unpublish()
        assert self.service.pk not in self.ids("services/")
        assert self.service.pk not in self.ids("search/?q=%D0%A8")
        assert self.get(f"services/{self.service.pk}/").status_code == 404

    def test_a_view_restriction_is_never_answered_stale(self):
        self.warm("services/")
        self.warm(f"services/{self.service.pk}/")
        restriction = PageViewRestriction.objects.create(
            page=self.service, restriction_type=PageViewRestriction.LOGIN
        )
        assert self.service.pk not in self.ids("services/")
        assert self.get(f"services/{self.service.pk}/").status_code == 404
        restriction.delete()
        assert self.service.pk in self.ids("services/")

    def test_an_expiry_is_never_answered_stale(self):
        """A page's expiry time passing announces nothing: the first request
        after it renews the generation (``cms.caching.expiry``)."""
        Page.objects.filter(pk=self.service.pk).update(expire_at=timezone.now() + SOON)
        self.warm("services/")
        self.warm(f"services/{self.service.pk}/")
        self.hit("services/")
        # An hour later the database's clock finds it expired (the API reads
        # that clock), and so does the application's.
        Page.objects.filter(pk=self.service.pk).update(
            expire_at=timezone.now() - timedelta(seconds=1)
        )
        self.hit("services/")  # nothing has told the cache yet
        real_now = timezone.now
        later = mock.patch(
            "django.utils.timezone.now",
            lambda: real_now() + SOON + timedelta(seconds=1),
        )
        with later:
            assert self.service.pk not in self.ids("services/")
            assert self.get(f"services/{self.service.pk}/").status_code == 404

    def test_a_scheduled_publication_is_never_answered_stale(self):
        """``go_live_at``: the scheduler publishes the page when it comes,
        which renews the generation like any publication."""
        page = ServicePage.objects.get(pk=self.service.pk)
        page.unpublish()
        page.go_live_at = timezone.now() + SOON
        page.save_revision().publish()
        assert not ServicePage.objects.get(pk=page.pk).live
        self.warm("services/")
        self.hit("services/")
        real_now = timezone.now
        moment = SOON + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", lambda: real_now() + moment):
            call_command("publish_scheduled", verbosity=0)
            assert self.service.pk in self.ids("services/")

    def test_a_deprovisioning_is_never_answered_stale(self):
        self.warm("agencies/")
        self.warm("agencies/beta/")
        self.warm("services/")
        self.warm(f"services/{self.other.pk}/")
        deprovision_agency(slug="beta")
        agencies = self.get("agencies/")
        assert [item["slug"] for item in agencies.json()["items"]] == ["alpha"]
        assert self.get("agencies/beta/").status_code == 404
        assert self.other.pk not in self.ids("services/")
        assert self.get(f"services/{self.other.pk}/").status_code == 404
        restore_agency(slug="beta")
        assert self.other.pk in self.ids("services/")

    def test_shared_data_is_never_answered_stale(self):
        """A taxonomy term shown in every agency's items."""
        self.warm(f"services/{self.service.pk}/")
        category = ServicePage.objects.get(pk=self.service.pk).category
        category.name = "Номи нав"
        category.save()
        detail = self.get(f"services/{self.service.pk}/").json()
        assert detail["category"]["name"] == "Номи нав"

    def test_a_lost_generation_loses_every_answer(self):
        """A cache server restarted, or the token evicted: the next token is
        new, never the old one again."""
        self.warm("services/")
        cache.delete(PUBLIC_KEY)
        assert self.get("services/")[STATUS] == "miss"


class LifetimeTests(TestCase):
    def test_answers_are_kept_until_midnight_in_dushanbe_at_most(self):
        zone = timezone.get_default_timezone()
        evening = datetime(2026, 3, 20, 23, 59, 30, tzinfo=zone)
        assert api_cache.lifetime(now=evening) == 30
        morning = datetime(2026, 3, 20, 9, 0, tzinfo=zone)
        with override_settings(API_CACHE_SECONDS=600):
            assert api_cache.lifetime(now=morning) == 600

    def test_the_canonical_form_fills_defaults_and_sorts_sets(self):
        one = api_cache.canonical_query(
            "x", {"agency": ["b", "a", "b"], "q": " text ", "limit": 20}
        )
        two = api_cache.canonical_query(
            "x", {"limit": 20, "q": "text", "agency": ["a", "b"]}
        )
        assert one == two
        assert one != api_cache.canonical_query("y", {"limit": 20})
