"""HTTP behaviour of the APIs: validators and 304s, shared caching, CORS for
the portal's origins, gzip, the published contract, and Wagtail's API v2
limited to public content."""

import gzip

from django.test import TestCase, override_settings
from django.utils.http import http_date, parse_http_date

from wagtail.models import PageViewRestriction

import pytest

from agency_sites.services import deprovision_agency
from tests.api.world import SENTINEL, build_api_world

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

PORTAL = "https://hukumat.tj"


@override_settings(PORTAL_API_CORS_ORIGINS=[PORTAL])
class HttpBehaviourTests(TestCase):
    """One world for the HTTP checks of /api/v1/ and the public-only
    checks of Wagtail's /api/v2/ (which answers for the site of the request's
    host)."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()

    def test_validators_and_caching_headers(self) -> None:
        response = self.client.get("/api/v1/services/")
        self.assertEqual(response["Cache-Control"], "public, max-age=60")
        self.assertTrue(response["ETag"].startswith('W/"'))
        self.assertIn("Last-Modified", response)
        self.assertIn("Accept-Encoding", response["Vary"])

    def test_if_none_match_gets_a_304_until_content_changes(self) -> None:
        first = self.client.get("/api/v1/news/")
        again = self.client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again["ETag"], first["ETag"])

        self.world.public["news"].unpublish()
        changed = self.client.get("/api/v1/news/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], first["ETag"])

    def test_if_modified_since(self) -> None:
        first = self.client.get("/api/v1/competitions/")
        modified = parse_http_date(first["Last-Modified"])
        again = self.client.get(
            "/api/v1/competitions/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
        self.assertEqual(again.status_code, 304)
        earlier = self.client.get(
            "/api/v1/competitions/", HTTP_IF_MODIFIED_SINCE=http_date(modified - 1)
        )
        self.assertEqual(earlier.status_code, 200)
        # Any publication, unpublication or deprovisioning moves it on.
        deprovision_agency(slug="minfin")
        after = self.client.get("/api/v1/competitions/")
        self.assertGreaterEqual(parse_http_date(after["Last-Modified"]), modified)
        self.assertNotEqual(after["ETag"], first["ETag"])

    def test_head_answers_like_get_without_a_body(self) -> None:
        get = self.client.get("/api/v1/agencies/")
        head = self.client.head("/api/v1/agencies/")
        self.assertEqual(head.status_code, 200)
        self.assertEqual(head.content, b"")
        self.assertEqual(head["ETag"], get["ETag"])
        self.assertEqual(head["Content-Length"], str(len(get.content)))

    def test_out_of_range_values_are_refused_not_failed(self) -> None:
        for path, params, param in (
            ("services/99999999999/", {}, "service_id"),
            ("news/", {"since": "0001-01-01"}, "since"),
            ("services/", {"until": "9999-12-31"}, "until"),
        ):
            with self.subTest(path=path, params=params):
                response = self.client.get(f"/api/v1/{path}", params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"]["param"], param)

    def test_errors_are_not_cached(self) -> None:
        response = self.client.get("/api/v1/services/", {"limit": 500})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertNotIn("ETag", response)

    def test_cors_for_the_portal_only(self) -> None:
        allowed = self.client.get("/api/v1/agencies/", HTTP_ORIGIN=PORTAL)
        self.assertEqual(allowed["Access-Control-Allow-Origin"], PORTAL)
        self.assertIn("ETag", allowed["Access-Control-Expose-Headers"])
        self.assertIn("Origin", allowed["Vary"])
        other = self.client.get("/api/v1/agencies/", HTTP_ORIGIN="https://evil.test")
        self.assertNotIn("Access-Control-Allow-Origin", other)
        preflight = self.client.options(
            "/api/v1/news/",
            HTTP_ORIGIN=PORTAL,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )
        self.assertEqual(preflight.status_code, 204)
        self.assertEqual(preflight["Access-Control-Allow-Origin"], PORTAL)
        self.assertIn("GET", preflight["Access-Control-Allow-Methods"])
        # Pages of the sites are not the API's: no CORS there.
        page = self.client.get("/tg/", HTTP_HOST="mvd.portal.test", HTTP_ORIGIN=PORTAL)
        self.assertNotIn("Access-Control-Allow-Origin", page)

    def test_gzip(self) -> None:
        plain = self.client.get("/api/v1/services/", {"limit": 100})
        packed = self.client.get(
            "/api/v1/services/", {"limit": 100}, HTTP_ACCEPT_ENCODING="gzip, br"
        )
        self.assertEqual(packed["Content-Encoding"], "gzip")
        self.assertEqual(gzip.decompress(packed.content), plain.content)
        self.assertLess(len(packed.content), len(plain.content))
        self.assertEqual(packed["ETag"], plain["ETag"])

    def test_contract_is_published(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        self.assertTrue(schema["openapi"].startswith("3."))
        for path in (
            "/api/v1/agencies/",
            "/api/v1/services/",
            "/api/v1/services/{service_id}/",
            "/api/v1/news/",
            "/api/v1/competitions/",
            "/api/v1/offices/",
            "/api/v1/search/",
        ):
            with self.subTest(path):
                responses = schema["paths"][path]["get"]["responses"]
                self.assertEqual(set(responses), {"200", "400", "404", "503"})
        docs = self.client.get("/api/v1/docs")
        self.assertEqual(docs.status_code, 200)
        self.assertContains(docs, "openapi.json")
        # Swagger UI from our own static files: no third-party CDN.
        self.assertNotContains(docs, "cdn.jsdelivr.net")

    def get_v2(self, path: str, host: str, **params: object) -> dict:
        response = self.client.get(f"/api/v2/{path}", params, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertNotIn(SENTINEL, response.content.decode())
        return response.json()

    def test_pages_are_public_live_and_unexpired(self) -> None:
        for host in ("mvd.portal.test", "minfin.portal.test"):
            for locale in ("tg", "ru", "en"):
                body = self.get_v2("pages/", host, limit=100, locale=locale)
                ids = {item["id"] for item in body["items"]}
                self.assertFalse(ids & set(self.world.hidden_ids))
                self.assertTrue(ids)

    def test_hidden_pages_are_not_found(self) -> None:
        for name, page in self.world.hidden.items():
            for host in ("mvd", "minfin", "closed-agency"):
                with self.subTest(name, host=host):
                    response = self.client.get(
                        f"/api/v2/pages/{page.pk}/", HTTP_HOST=f"{host}.portal.test"
                    )
                    self.assertEqual(response.status_code, 404)

    def test_a_session_does_not_open_private_pages(self) -> None:
        private = self.world.hidden["private"]
        restriction = PageViewRestriction.objects.get(page=private)
        session = self.client.session
        session[restriction.passed_view_restrictions_session_key] = [restriction.pk]
        session.save()
        response = self.client.get(
            f"/api/v2/pages/{private.pk}/", HTTP_HOST="mvd.portal.test"
        )
        self.assertEqual(response.status_code, 404)

    def test_a_deprovisioned_site_has_no_pages(self) -> None:
        body = self.get_v2("pages/", "closed-agency.portal.test", limit=100)
        self.assertEqual(body["items"], [])
        body = self.get_v2(
            "pages/", "mvd.portal.test", site="closed-agency.portal.test"
        )
        self.assertEqual(body["items"], [])

    def test_images_are_those_public_pages_show(self) -> None:
        body = self.get_v2("images/", "mvd.portal.test")
        photo = self.world.public["news"].image
        self.assertEqual([item["id"] for item in body["items"]], [photo.pk])

    def test_page_types_declare_their_api_fields(self) -> None:
        body = self.get_v2(
            "pages/",
            "mvd.portal.test",
            type="service_pages.ServicePage",
            fields="service_code,fee_amount,steps",
            locale="en",
        )
        self.assertEqual(
            [item["service_code"] for item in body["items"]],
            ["vehicle-power-of-attorney"],
        )
