"""The portal API as the central portal uses it: lists, filters, languages,
details, pagination and errors."""

import json
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

import pytest

from tests.api.world import SENTINEL, build_api_world

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


class PortalApiTestCase(TestCase):
    """The world and the helpers; the checks are grouped in mixins below."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()

    def get(self, path: str, **params: object) -> dict:
        response = self.client.get(f"/api/v1/{path}", params)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertNotIn(SENTINEL, response.content.decode())
        return response.json()

    def error(self, path: str, expected: int, **params: object) -> dict:
        response = self.client.get(f"/api/v1/{path}", params)
        self.assertEqual(response.status_code, expected, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(set(body), {"error"})
        self.assertEqual(set(body["error"]), {"code", "message", "param"})
        return body["error"]


class ServicesChecks:
    def test_lists_public_services_of_online_agencies_in_code_order(self) -> None:
        body = self.get("services/", limit=100)
        codes = [item["service_code"] for item in body["items"]]
        self.assertEqual(codes, sorted(codes))
        self.assertIn("vehicle-power-of-attorney", codes)
        self.assertNotIn("draft-service", codes)
        self.assertNotIn("members-only", codes)
        self.assertNotIn("offline-1", codes)
        self.assertIsNone(body["next_cursor"])

    def test_item_says_where_it_is_and_in_which_languages(self) -> None:
        body = self.get("services/", locale="ru", agency="mvd", limit=100)
        by_code = {item["service_code"]: item for item in body["items"]}
        licence = by_code["vehicle-power-of-attorney"]
        self.assertEqual(
            licence["title"], "Доверенность на управление транспортным средством"
        )
        self.assertEqual(licence["locale"], "ru")
        self.assertFalse(licence["is_fallback"])
        self.assertEqual(licence["locales"], ["tg", "ru", "en"])
        self.assertTrue(
            licence["url"].startswith("http://mvd.portal.test/ru/"), licence["url"]
        )
        self.assertEqual(licence["agency"]["slug"], "mvd")
        self.assertIn("Министерство", licence["agency"]["name"])
        self.assertEqual(licence["channels"], ["online", "in_person"])
        self.assertEqual(licence["category"]["slug"], "transport")
        self.assertEqual(licence["category"]["name"], "Категория transport")

        tinted = by_code["tinted-windows-permit"]
        self.assertEqual(tinted["locale"], "tg")
        self.assertTrue(tinted["is_fallback"])
        self.assertEqual(tinted["locales"], ["tg"])
        self.assertTrue(tinted["url"].startswith("http://mvd.portal.test/tg/"))

    def test_page_url_is_the_address_the_site_serves(self) -> None:
        body = self.get("services/", locale="en", agency="mvd", limit=100)
        licence = next(
            item
            for item in body["items"]
            if item["service_code"] == "vehicle-power-of-attorney"
        )
        path = licence["url"].removeprefix("http://mvd.portal.test")
        page = self.client.get(path, HTTP_HOST="mvd.portal.test")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Power of attorney to drive a vehicle")

    def test_filters(self) -> None:
        def codes(**params: object) -> set[str]:
            body = self.get("services/", limit=100, **params)
            return {item["service_code"] for item in body["items"]}

        minfin = {f"excise-certificate-{number}" for number in range(5)}
        self.assertEqual(codes(agency="minfin"), minfin)
        self.assertEqual(
            codes(agency=["minfin", "mvd"]),
            minfin | {"vehicle-power-of-attorney", "tinted-windows-permit"},
        )
        self.assertEqual(codes(category="documents"), minfin)
        self.assertEqual(codes(audience="businesses"), minfin)
        self.assertEqual(codes(channel="online"), {"vehicle-power-of-attorney"})
        self.assertEqual(codes(channel="in_person"), {"vehicle-power-of-attorney"})
        self.assertEqual(codes(channel="phone"), {"tinted-windows-permit"})
        self.assertEqual(codes(most_requested="true"), {"vehicle-power-of-attorney"})
        self.assertEqual(codes(q="аксиз"), minfin)
        self.assertEqual(codes(q="vehicle", locale="en"), {"vehicle-power-of-attorney"})
        today = timezone.localdate()
        self.assertEqual(codes(until=(today - timedelta(days=1)).isoformat()), set())
        self.assertIn("vehicle-power-of-attorney", codes(since=today.isoformat()))

    def test_detail_in_every_language(self) -> None:
        licence = self.world.public["service"]
        body = self.get(f"services/{licence.pk}/")
        self.assertEqual(body["locale"], "tg")
        self.assertEqual(body["service_code"], "vehicle-power-of-attorney")
        self.assertEqual(
            [office["title"] for office in body["offices"]],
            ["Маркази хизматрасонии давлатии Душанбе"],
        )
        english = self.get(f"services/{licence.pk}/", locale="en")
        self.assertEqual(english["title"], "Power of attorney to drive a vehicle")
        self.assertEqual(english["locale"], "en")
        self.assertEqual(
            [office["title"] for office in english["offices"]],
            ["Dushanbe Public Services Center"],
        )
        # The English translation's own id serves the same item.
        again = self.get(f"services/{english['id']}/")
        self.assertEqual(again["translation_key"], body["translation_key"])

    def test_hidden_services_are_not_found(self) -> None:
        for name in ("draft", "login-only", "offline-service", "draft-translation"):
            with self.subTest(name):
                error = self.error(f"services/{self.world.hidden[name].pk}/", 404)
                self.assertEqual(error["code"], "not_found")

    def test_a_page_of_another_type_is_not_found(self) -> None:
        self.error(f"services/{self.world.public['news'].pk}/", 404)


class PaginationChecks:
    def test_cursor_walks_every_item_once_in_order(self) -> None:
        everything = self.get("services/", limit=100)["items"]
        seen = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            body = self.get("services/", **params)
            seen.extend(item["id"] for item in body["items"])
            cursor = body["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(seen, [item["id"] for item in everything])

    def test_news_newest_first_across_pages(self) -> None:
        first = self.get("news/", limit=3)
        second = self.get("news/", limit=3, cursor=first["next_cursor"])
        dates = [item["date"] for item in first["items"] + second["items"]]
        self.assertEqual(dates, sorted(dates, reverse=True))
        ids = [item["id"] for item in first["items"] + second["items"]]
        self.assertEqual(len(ids), len(set(ids)))

    def test_bad_parameters_get_a_400_naming_them(self) -> None:
        cases = [
            ({"limit": 101}, "limit"),
            ({"limit": 0}, "limit"),
            ({"limit": "many"}, "limit"),
            ({"cursor": "not-a-cursor"}, "cursor"),
            ({"cursor": "WzFd"}, "cursor"),  # a cursor of another endpoint
            ({"locale": "fr"}, "locale"),
            ({"agency": "no-such-agency"}, "agency"),
            ({"agency": "closed-agency"}, "agency"),  # deprovisioned: unknown
            ({"since": "yesterday"}, "since"),
            ({"channel": "fax"}, "channel"),
            ({"q": "a\x00b"}, "q"),
        ]
        for params, param in cases:
            with self.subTest(params=params):
                error = self.error("services/", 400, **params)
                self.assertEqual(error["param"], param)
                self.assertEqual(error["code"], "invalid_parameter")
                self.assertNotIn(SENTINEL, json.dumps(error))

    def test_unknown_addresses_and_methods_answer_json(self) -> None:
        self.error("nothing-here/", 404)
        self.error("services/123456789/", 404)
        response = self.client.post("/api/v1/services/")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json()["error"]["code"], "method_not_allowed")


class NewsAndCompetitionsChecks:
    def test_news_in_a_language_with_topics(self) -> None:
        body = self.get("news/", locale="en", agency="mvd")
        story = next(
            item
            for item in body["items"]
            if item["id"] != self.world.public["news"].pk
            and item["translation_key"]
            == str(self.world.public["news"].translation_key)
        )
        self.assertEqual(story["title"], "A new road opened")
        self.assertEqual(story["locale"], "en")
        self.assertEqual(
            story["topics"],
            [
                {"slug": "roads", "name": "Topic roads"},
                {"slug": "elections", "name": "Topic elections"},
            ],
        )
        filtered = self.get("news/", topic="elections")
        self.assertEqual(
            [item["id"] for item in filtered["items"]], [self.world.public["news"].pk]
        )

    def test_published_news_shows_its_live_version_not_its_draft(self) -> None:
        changed = self.world.public["news-with-draft"]
        body = self.get(f"news/{changed.pk}/")
        self.assertEqual(body["title"], "Хабари иваз шуда")

    def test_news_dates(self) -> None:
        today = timezone.localdate()
        recent = self.get("news/", since=(today - timedelta(days=45)).isoformat())
        self.assertTrue(
            all(
                item["date"] >= str(today - timedelta(days=45))
                for item in recent["items"]
            )
        )
        old = self.get("news/", until=(today - timedelta(days=45)).isoformat())
        self.assertEqual(len(old["items"]), 3)

    def test_competition_status_from_the_deadline(self) -> None:
        def titles(status: str) -> set[str]:
            body = self.get("competitions/", status=status)
            return {item["title"] for item in body["items"]}

        self.assertEqual(titles("open"), {"Озмун барои мутахассис"})
        self.assertEqual(titles("closed"), {"Озмуни гузашта"})
        self.assertEqual(titles("all"), {"Озмун барои мутахассис", "Озмуни гузашта"})
        body = self.get("competitions/", status="open")
        self.assertEqual(body["items"][0]["status"], "open")
        self.error("competitions/", 400, status="pending")

    def test_competition_detail(self) -> None:
        closed = self.world.public["competition-closed"]
        body = self.get(f"competitions/{closed.pk}/")
        self.assertEqual(body["status"], "closed")
        self.assertIn("<li>Ариза</li>", body["documents_to_submit"])

    def test_expired_and_private_are_not_found(self) -> None:
        self.error(f"competitions/{self.world.hidden['expired'].pk}/", 404)
        self.error(f"news/{self.world.hidden['private'].pk}/", 404)


class OfficesAgenciesSearchChecks:
    def test_offices_by_city_and_region(self) -> None:
        body = self.get("offices/", city="Хуҷанд")
        self.assertEqual([item["title"] for item in body["items"]], ["Идораи Хуҷанд"])
        body = self.get("offices/", region="dushanbe", locale="en")
        self.assertEqual(
            [item["title"] for item in body["items"]],
            ["Dushanbe Public Services Center"],
        )
        self.error("offices/", 400, region="atlantis")

    def test_office_detail_lists_hours_and_services(self) -> None:
        centre = self.world.public["office"]
        body = self.get(f"offices/{centre.pk}/", locale="ru")
        self.assertEqual(body["title"], "Центр государственных услуг Душанбе")
        self.assertEqual(len(body["opening_hours"]), 5)
        self.assertEqual(
            [service["title"] for service in body["services"]],
            ["Доверенность на управление транспортным средством"],
        )

    def test_agencies_online_only(self) -> None:
        body = self.get("agencies/", locale="en")
        self.assertEqual(
            [item["slug"] for item in body["items"]], ["dushanbe", "minfin", "mvd"]
        )
        self.assertEqual(body["items"][2]["url"], "http://mvd.portal.test/en/")
        self.error("agencies/closed-agency/", 404)
        self.assertEqual(self.get("agencies/mvd/")["slug"], "mvd")

    def test_search_across_types(self) -> None:
        body = self.get("search/", q="Душанбе")
        self.assertEqual(
            {(item["type"], item["title"]) for item in body["items"]},
            {("office", "Маркази хизматрасонии давлатии Душанбе")},
        )
        body = self.get("search/", q="road", locale="en")
        self.assertEqual(
            [(item["type"], item["title"]) for item in body["items"]],
            [("news", "A new road opened")],
        )
        body = self.get("search/", q="Озмун", type="competition")
        self.assertEqual(len(body["items"]), 2)
        body = self.get("search/", q="Ваколатнома")
        self.assertEqual(
            [(item["type"], item["title"]) for item in body["items"]],
            [("service", "Ваколатнома барои идораи воситаи нақлиёт")],
        )
        # The type filter keeps the other types out, whatever their titles.
        self.assertEqual(self.get("search/", q="Душанбе", type="service")["items"], [])
        # Pages of types outside the search (the sections) are never hits.
        self.assertEqual(self.get("search/", q="Хизматрасониҳо")["items"], [])
        self.error("search/", 400, q="x", type="people")
        error = self.error("search/", 400)
        self.assertEqual(error["param"], "q")

    def test_search_with_types_repeated_is_the_search_of_each_once(self) -> None:
        """Types repeated fourteen times once overflowed SQLite's parser (a
        503, found by the fuzz tests)."""
        repeated = ["office", "service", "news", "competition"] * 4
        for text in ("í", "Озмун"):
            with self.subTest(q=text):
                # Repeats first: the answer for the types once would be
                # served from the API's cache.
                again = self.get("search/", q=text, locale="ru", type=repeated)
                once = self.get("search/", q=text, locale="ru", type=repeated[:4])
                self.assertEqual(again, once)

    def test_search_never_finds_hidden_content(self) -> None:
        for locale in ("tg", "ru", "en"):
            body = self.get("search/", q=SENTINEL, locale=locale, limit=100)
            self.assertEqual(body["items"], [])


class PortalApiTests(
    ServicesChecks,
    PaginationChecks,
    NewsAndCompetitionsChecks,
    OfficesAgenciesSearchChecks,
    PortalApiTestCase,
):
    """Every check above against one world, built once."""


class ErrorLanguageTests(TestCase):
    def test_errors_speak_the_language_of_the_request(self) -> None:
        for language, expected in (
            ("ru", "limit: значение должно быть не больше 100."),
            ("tg", "limit: қимат бояд на бештар аз 100 бошад."),
            ("en", "limit must be at most 100."),
        ):
            with self.subTest(language):
                response = self.client.get(
                    "/api/v1/news/", {"limit": 101}, HTTP_ACCEPT_LANGUAGE=language
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"]["message"], expected)
