"""GET /api/v1/changes/: every event after the last one a consumer saw, in
order, filtered by agency and type; a 400 naming the parameter on bad input;
a fixed number of queries whatever the page size."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agency_sites.services import deprovision_agency
from publishing_events.models import Event
from publishing_events.services import prune_events
from tests.factories.content import news_item, provisioned_agency, service

URL = "/api/v1/changes/"


class ChangeFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.mvd = provisioned_agency("mvd")
        cls.adliya = provisioned_agency("adliya")
        cls.news = [news_item(cls.mvd) for _ in range(3)]
        cls.service = service(cls.adliya)
        cls.news[0].specific.unpublish()
        cls.other_news = news_item(cls.adliya)
        deprovision_agency(slug="adliya")
        cls.ids = list(Event.objects.order_by("id").values_list("id", flat=True))

    def get(self, **params):
        response = self.client.get(URL, params)
        return response, response.json()

    def read_all(self, **params) -> list[dict]:
        after, seen = 0, []
        while True:
            response, body = self.get(after=after, **params)
            self.assertEqual(response.status_code, 200, body)
            seen += body["items"]
            self.assertEqual(body["next_after"], seen[-1]["id"] if seen else after)
            if not body["has_more"]:
                return seen
            after = body["next_after"]

    def test_pages_replay_every_event_once_in_order(self):
        seen = self.read_all(limit=2)
        self.assertEqual([item["id"] for item in seen], self.ids)
        self.assertEqual(
            [item["type"] for item in seen],
            [
                "news.published",
                "news.published",
                "news.published",
                "service.published",
                "news.unpublished",
                "news.published",
                "agency.offline",
                "service.unpublished",
                "news.unpublished",
            ],
        )
        first = seen[0]
        self.assertEqual(
            first["data"],
            {
                "id": self.news[0].pk,
                "item_type": "news",
                "translation_key": str(self.news[0].translation_key),
                "locale": "tg",
                "agency": "mvd",
            },
        )
        self.assertIn("timestamp", first)

    def test_a_consumer_catches_up_with_exactly_what_it_missed(self):
        _response, body = self.get(after=self.ids[4])
        self.assertEqual([item["id"] for item in body["items"]], self.ids[5:])
        _response, body = self.get(after=self.ids[-1])
        self.assertEqual(
            body, {"items": [], "next_after": self.ids[-1], "has_more": False}
        )
        # Something changes meanwhile: only that is new.
        self.news[1].specific.unpublish()
        _response, body = self.get(after=self.ids[-1])
        self.assertEqual(
            [(item["type"], item["data"]["id"]) for item in body["items"]],
            [("news.unpublished", self.news[1].pk)],
        )

    def test_filters_by_agency_and_type(self):
        mvd = self.read_all(agency="mvd")
        self.assertEqual({item["data"]["agency"] for item in mvd}, {"mvd"})
        self.assertEqual(len(mvd), 4)
        # An agency gone offline keeps its events.
        adliya = self.read_all(agency="adliya")
        self.assertEqual(len(adliya), 5)
        services = self.read_all(type="service")
        self.assertEqual(
            [item["type"] for item in services],
            ["service.published", "service.unpublished"],
        )
        mixed = self.read_all(type=["agency", "news.unpublished"], agency="adliya")
        self.assertEqual(
            [item["type"] for item in mixed], ["agency.offline", "news.unpublished"]
        )

    def test_bad_parameters_are_a_400_naming_them(self):
        cases = [
            ({"after": "-1"}, "after"),
            ({"after": "abc"}, "after"),
            ({"after": str(2**63)}, "after"),
            ({"limit": "0"}, "limit"),
            ({"limit": "1001"}, "limit"),
            ({"agency": "nowhere"}, "agency"),
            ({"agency": "bad slug!"}, "agency"),
            ({"type": "page.published"}, "type"),
            ({"type": "news.offline"}, "type"),
            ({"type": "News"}, "type"),
        ]
        for params, param in cases:
            with self.subTest(params=params):
                response = self.client.get(URL, params)
                self.assertEqual(response.status_code, 400, response.content)
                error = response.json()["error"]
                self.assertEqual(error["param"], param)
                self.assertEqual(error["code"], "invalid_parameter")
                self.assertTrue(error["message"])

    def test_queries_do_not_grow_with_the_page_size(self):
        # The API's check for the next expiry (cms/caching/expiry.py) runs
        # once, then is remembered: not the feed's cost.
        self.client.get(URL)
        for params, budget in (({}, 1), ({"agency": "mvd"}, 2)):
            for limit in (1, 1000):
                with self.subTest(params=params, limit=limit):
                    with CaptureQueriesContext(connection) as captured:
                        response = self.client.get(URL, {"limit": limit, **params})
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(len(captured), budget, captured.captured_queries)

    def test_answers_are_revalidated_every_time(self):
        response = self.client.get(URL)
        self.assertEqual(response["Cache-Control"], "no-cache")
        self.assertNotIn("Last-Modified", response)
        again = self.client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(again.status_code, 304)
        self.news[2].specific.unpublish()
        changed = self.client.get(URL, HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(changed.status_code, 200)

    def test_the_feed_is_in_the_openapi_document(self):
        schema = self.client.get("/api/v1/openapi.json").json()
        operation = schema["paths"][URL]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        self.assertEqual(names, {"after", "limit", "agency", "type"})
        self.assertIn("400", operation["responses"])

    def test_pruning_keeps_the_retention_period(self):
        old = Event.objects.filter(pk__in=self.ids[:2])
        old.update(occurred_at=timezone.now() - timedelta(days=31))
        Event.objects.filter(pk=self.ids[2]).update(
            occurred_at=timezone.now() - timedelta(days=29)
        )
        self.assertEqual(prune_events(), 2)
        _response, body = self.get()
        self.assertEqual(body["items"][0]["id"], self.ids[2])
        with self.settings(PUBLISHING_EVENTS_RETENTION_DAYS=1):
            self.assertEqual(prune_events(), 1)
