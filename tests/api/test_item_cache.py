"""Lists assembled from the items' kept JSON (``cms.api.item_cache``): the
same bytes as a list computed in one piece, one query once every item is
kept, and no change of public content ever shown stale. The response cache
is off here, so that every request is a list the cache does not hold."""

import tempfile
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from agency_sites.services import deprovision_agency
from cms.api import cache as api_cache
from cms.api import item_cache
from cms.api.content import precompiled
from cms.translation import translate_page_into
from service_pages.models import ServicePage
from tests import factories
from tests.api.world import build_api_world

LISTS = [
    "services/?limit=100&locale=ru",
    "services/?locale=en&channel=in_person",
    "services/?agency=mvd&agency=minfin&q=%D0%B0&locale=ru&limit=100",
    "news/?limit=100&locale=ru",
    "news/?topic=roads",
    "news/?since=2000-01-01&locale=en&agency=mvd&agency=minfin",
    "competitions/?limit=100&status=all",
    "offices/?limit=100&locale=en",
]


def kept_items() -> int:
    """Items in the cache (the tests' cache is each process's memory)."""
    return sum("apicache:item:" in key for key in cache._cache)


@override_settings(API_CACHE_SECONDS=0, API_ITEM_CACHE_SECONDS=600)
class AssembledListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()

    def get(self, path: str):
        response = self.client.get(f"/api/v1/{path}")
        assert response.status_code == 200, response.content
        return response

    def test_an_assembled_list_is_the_computed_list_byte_for_byte(self):
        for path in LISTS:
            with self.subTest(path=path):
                with override_settings(API_ITEM_CACHE_SECONDS=0):
                    computed = self.get(path).content
                assert self.get(path).content == computed  # items written
                assembled = self.get(path)
                assert assembled.content == computed  # items read
                listed = {item["id"] for item in assembled.json()["items"]}
                assert listed
                assert not listed & set(self.world.hidden_ids)

    def test_every_page_of_a_list_assembles_as_computed(self):
        """Lists sharing items: each page written by another list's items."""
        self.get("services/?limit=100&locale=ru")
        cursor = None
        while True:
            path = "services/?limit=2&locale=ru" + (
                f"&cursor={cursor}" if cursor else ""
            )
            assembled = self.get(path)
            with override_settings(API_ITEM_CACHE_SECONDS=0):
                assert self.get(path).content == assembled.content
            cursor = assembled.json()["next_cursor"]
            if cursor is None:
                break

    def test_a_list_of_kept_items_costs_its_query_only(self):
        for path in LISTS:
            with self.subTest(path=path):
                self.get(path)
                with CaptureQueriesContext(connection) as queries:
                    self.get(path)
                assert len(queries) == 1, [query["sql"] for query in queries]

    def test_only_missing_items_are_computed(self):
        first = self.get("services/?limit=1&locale=ru").json()["items"]
        kept = kept_items()
        assert kept == 1
        both = self.get("services/?limit=2&locale=ru").json()["items"]
        assert both[0] == first[0]
        assert kept_items() == 2

    def test_items_are_kept_per_language(self):
        self.get("services/?limit=1&locale=ru")
        english = self.get("services/?limit=1&locale=en").json()["items"][0]
        with override_settings(API_ITEM_CACHE_SECONDS=0):
            computed = self.get("services/?limit=1&locale=en").json()["items"][0]
        assert english == computed
        assert kept_items() == 2

    def test_items_the_shared_cache_lost_are_read_from_the_processs_memory(self):
        path = "services/?limit=100&locale=ru"
        with override_settings(API_ITEM_CACHE_SECONDS=0):
            computed = self.get(path).content
        self.get(path)
        for key in [key for key in cache._cache if "apicache:item:" in key]:
            cache.delete(key.split(":", 2)[-1])  # local memory's own key prefix
        assert kept_items() == 0
        with CaptureQueriesContext(connection) as queries:
            assert self.get(path).content == computed
        assert len(queries) == 1, [query["sql"] for query in queries]

    def test_without_the_processs_memory_items_come_from_the_shared_cache(self):
        path = "services/?limit=100&locale=ru"
        first = self.get(path).content
        item_cache.memory.clear()
        with CaptureQueriesContext(connection) as queries:
            assert self.get(path).content == first
        assert len(queries) == 1, [query["sql"] for query in queries]
        assert item_cache.memory.get_many(
            [key.split(":", 2)[-1] for key in cache._cache if "apicache:item:" in key]
        )

    @pytest.mark.postgresql_only(
        reason="the statement is prepared through psycopg on PostgreSQL"
    )
    def test_a_lists_statement_is_prepared_once_and_logged_as_run(self):
        path = "services/?limit=100&locale=ru"
        self.get(path)
        with CaptureQueriesContext(connection) as queries:
            self.get(path)
        (logged,) = queries
        assert logged["sql"].startswith("SELECT ")
        assert "service_pages_servicepage" in logged["sql"]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["%service_pages_servicepage%"],
            )
            (prepared,) = cursor.fetchone()
        assert prepared == 1

    def test_the_item_cache_can_be_turned_off(self):
        with override_settings(API_ITEM_CACHE_SECONDS=0):
            self.get("services/?limit=100")
        assert kept_items() == 0


@override_settings(API_CACHE_SECONDS=0, API_ITEM_CACHE_SECONDS=600)
class NeverStaleTests(TestCase):
    """Each change is seen by the next list, its items being kept."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alpha = factories.provisioned_agency("alpha")
        cls.beta = factories.provisioned_agency("beta")
        cls.service = factories.service(cls.alpha, title="Шиноснома")
        cls.other = factories.service(cls.beta, title="Иҷозатнома")

    def items(self, path: str = "services/") -> dict[int, dict]:
        response = self.client.get(f"/api/v1/{path}")
        assert response.status_code == 200, response.content
        return {item["id"]: item for item in response.json()["items"]}

    def kept(self, path: str = "services/") -> dict[int, dict]:
        """The list, twice: the second assembled from kept items only."""
        self.items(path)
        with CaptureQueriesContext(connection) as queries:
            items = self.items(path)
        assert len(queries) == 1, [query["sql"] for query in queries]
        return items

    def test_a_publication_is_never_shown_stale(self):
        assert self.kept()[self.service.pk]["title"] == "Шиноснома"
        page = ServicePage.objects.get(pk=self.service.pk)
        page.title = "Шиносномаи нав"
        page.save_revision().publish()
        assert self.items()[self.service.pk]["title"] == "Шиносномаи нав"

    def test_a_translation_published_elsewhere_is_never_shown_stale(self):
        """An item shows the languages it is public in: other pages."""
        assert self.kept()[self.service.pk]["locales"] == ["tg"]
        translate_page_into(
            Page.objects.get(pk=self.service.pk),
            translations={
                Locale.objects.get(language_code="ru"): {
                    "title": "Паспорт",
                    "slug": "passport-ru",
                }
            },
        )
        assert self.items()[self.service.pk]["locales"] == ["tg", "ru"]

    def test_an_unpublication_is_never_shown_stale(self):
        assert self.service.pk in self.kept()
        ServicePage.objects.get(pk=self.service.pk).unpublish()
        assert self.service.pk not in self.items()

    def test_a_view_restriction_is_never_shown_stale(self):
        assert self.service.pk in self.kept()
        PageViewRestriction.objects.create(
            page=self.service, restriction_type=PageViewRestriction.LOGIN
        )
        assert self.service.pk not in self.items()

    def test_an_expiry_is_never_shown_stale(self):
        Page.objects.filter(pk=self.service.pk).update(
            expire_at=timezone.now() + timedelta(hours=1)
        )
        assert self.service.pk in self.kept()
        Page.objects.filter(pk=self.service.pk).update(
            expire_at=timezone.now() - timedelta(seconds=1)
        )
        assert self.service.pk not in self.items()

    def test_a_deprovisioning_is_never_shown_stale(self):
        assert self.other.pk in self.kept()
        deprovision_agency(slug="beta")
        assert self.other.pk not in self.items()

    def test_shared_data_is_never_shown_stale(self):
        assert self.kept()[self.service.pk]["category"]["name"]
        category = ServicePage.objects.get(pk=self.service.pk).category
        category.name = "Номи нав"
        category.save()
        assert self.items()[self.service.pk]["category"]["name"] == "Номи нав"

    def test_items_are_never_kept_past_midnight_in_dushanbe(self):
        """A competition's status turns at midnight."""
        zone = timezone.get_default_timezone()
        evening = timezone.now().astimezone(zone).replace(hour=23, minute=59, second=50)
        with mock.patch("django.utils.timezone.now", lambda: evening):
            self.items()
        assert kept_items()
        for key in list(cache._cache):
            if "apicache:item:" in key:
                # Local memory keeps each key's expiry time: 10 s at most.
                assert cache._expire_info[key] - time.time() <= 10
        entries = item_cache.memory._entries
        assert entries
        for expires, _json in entries.values():
            assert expires - time.time() <= 10


class CodeVersionTests(TestCase):
    """Answers and items built by other code are never served."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alpha = factories.provisioned_agency("alpha")
        cls.service = factories.service(cls.alpha, title="Шиноснома")

    def setUp(self) -> None:
        api_cache._aliases.clear()
        api_cache.code_version.cache_clear()
        self.addCleanup(api_cache.code_version.cache_clear)

    def status(self) -> str:
        response = self.client.get("/api/v1/services/")
        assert response.status_code == 200
        return response[api_cache.STATUS_HEADER]

    @override_settings(API_CACHE_SECONDS=600)
    def test_a_new_build_never_serves_the_old_builds_answers(self):
        with override_settings(BUILD_ID="2026.12.1"):
            assert self.status() == "miss"
            assert self.status() == "hit"
        api_cache.code_version.cache_clear()
        with override_settings(BUILD_ID="2026.12.2"):
            assert self.status() == "miss"
            assert self.status() == "hit"

    @override_settings(API_CACHE_SECONDS=0, API_ITEM_CACHE_SECONDS=600)
    def test_a_new_build_never_assembles_the_old_builds_items(self):
        with override_settings(BUILD_ID="2026.12.1"):
            self.client.get("/api/v1/services/")
        api_cache.code_version.cache_clear()
        with (
            override_settings(BUILD_ID="2026.12.2"),
            CaptureQueriesContext(connection) as queries,
        ):
            self.client.get("/api/v1/services/")
        # The item computed again: its languages and category read.
        assert len(queries) > 1

    def test_without_a_build_id_the_sources_and_packages_decide(self):
        root = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (root / "app").mkdir()
        (root / "app" / "views.py").write_text("ANSWER = 1\n")
        (root / "tests").mkdir()
        (root / "tests" / "test_views.py").write_text("CHECK = 1\n")

        def version() -> str:
            api_cache.code_version.cache_clear()
            with override_settings(BUILD_ID="", BASE_DIR=root):
                return api_cache.code_version()

        first = version()
        assert version() == first
        (root / "tests" / "test_views.py").write_text("CHECK = 2\n")
        assert version() == first  # tests serve nothing
        (root / "app" / "views.py").write_text("ANSWER = 2\n")
        second = version()
        assert second != first
        upgraded = {*api_cache.installed_distributions(), ("django", "99.0")}
        with mock.patch.object(
            api_cache, "installed_distributions", return_value=upgraded
        ):
            assert version() != second


class PrecompiledTests(TestCase):
    """The public scope's condition compiled once selects what it did."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alpha = factories.provisioned_agency("alpha")
        cls.shown = factories.service(cls.alpha, title="Шиноснома")
        cls.hidden = factories.service(cls.alpha, title="Иҷозатнома")
        ServicePage.objects.get(pk=cls.hidden.pk).unpublish()

    def test_the_compiled_condition_selects_the_same_pages(self):
        queryset = ServicePage.objects.filter(live=True, path__startswith="0001")
        compiled = precompiled(queryset)
        assert set(compiled.values_list("pk", flat=True)) == set(
            queryset.values_list("pk", flat=True)
        )
        assert self.shown.pk in compiled.values_list("pk", flat=True)
        assert self.hidden.pk not in compiled.values_list("pk", flat=True)
        # Further filters, joins and orders still apply around it.
        narrowed = compiled.filter(locale__language_code="tg").order_by("-title")
        assert list(narrowed.values_list("pk", flat=True)) == [self.shown.pk]

    def test_values_with_percent_signs_are_compiled_in_as_written(self):
        ServicePage.objects.filter(pk=self.shown.pk).update(title="Скидка 50% шин")
        for pattern in ("50%", "50% ш", "%"):
            queryset = ServicePage.objects.filter(title__contains=pattern)
            with self.subTest(pattern=pattern):
                assert list(precompiled(queryset).values_list("pk", flat=True)) == [
                    self.shown.pk
                ]

    @pytest.mark.postgresql_only(
        reason="the values are written into the text on PostgreSQL only"
    )
    def test_the_compiled_condition_holds_its_values_as_constants(self):
        """A prepared statement then plans with them: as parameters its
        one plan re-read the arrays of paths for every row it tested."""
        queryset = ServicePage.objects.filter(
            live=True, path__startswith="0001", locale_id__in=[1, 2]
        )
        (lookup,) = precompiled(queryset).query.where.children
        condition = lookup.lhs  # filter(condition) tests it is true
        assert condition.params == ()
        assert "'0001%%'" in condition.sql

    def test_a_condition_needing_a_join_is_refused(self):
        with self.assertRaises(ValueError):
            precompiled(ServicePage.objects.filter(category__slug="transport"))


class ProcessMemoryTests(SimpleTestCase):
    """The items a process keeps in front of the shared cache."""

    def test_the_least_recently_used_go_beyond_the_byte_limit(self):
        memory = item_cache.ProcessMemory()
        with override_settings(API_ITEM_MEMORY_BYTES=30):
            memory.set_many({"a": b"x" * 10, "b": b"y" * 10, "c": b"z" * 10}, 60)
            assert memory.get_many(["a"]) == {"a": b"x" * 10}  # a used last
            memory.set_many({"d": b"w" * 10}, 60)
            assert set(memory.get_many(["a", "b", "c", "d"])) == {"a", "c", "d"}
            memory.set_many({"e": b"v" * 31}, 60)  # larger than the whole
            assert memory.get_many(["e"]) == {}
            assert memory._bytes == 30

    def test_an_entry_is_dropped_when_its_lifetime_ends(self):
        memory = item_cache.ProcessMemory()
        memory.set_many({"a": b"x"}, 60)
        memory.set_many({"b": b"y"}, 0)
        assert memory.get_many(["a", "b"]) == {"a": b"x"}
        assert memory._bytes == 1
        later = time.time() + 61
        with mock.patch("cms.api.item_cache.time.time", return_value=later):
            assert memory.get_many(["a"]) == {}
        assert memory._bytes == 0

    def test_writing_a_key_again_replaces_it(self):
        memory = item_cache.ProcessMemory()
        memory.set_many({"a": b"old"}, 60)
        memory.set_many({"a": b"newer"}, 60)
        assert memory.get_many(["a"]) == {"a": b"newer"}
        assert memory._bytes == len(b"newer")
