"""Hostile input on every parameter anyone can send, and the contract's
corners.

The parameters come from the code, so a new one is covered the day it is
added: every operation and parameter of /api/v1/openapi.json, every query
parameter Wagtail's API v2 endpoints know (and the fields they filter on),
and the filters of the citizen sites' listings (their forms' fields) and
search. Each is sent every value of :data:`CORPUS`, alone (the others at a
valid baseline): no answer is a 5xx; the portal API answers every error in
its one shape, naming the parameter, in the language asked for; values that
are not text (NUL, control characters, broken UTF-8) are refused with a 400
by the APIs and ignored by the pages, which still answer 200.
"""

import json
import re
from collections.abc import Iterator
from urllib.parse import quote

from django.http import HttpResponse
from django.test import Client, TestCase
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page

from cms.api.wagtail_v2 import wagtail_api
from news.selectors import CompetitionFilterForm, NewsFilterForm
from service_pages.selectors import ServiceFilterForm
from tests.api.world import build_api_world
from tests.factories import DocumentFactory, ImageFactory
from tests.factories.content import news_item

HOST = "mvd.portal.test"
LANGUAGES = ("tg", "ru", "en")

#: (label, the value as it travels in the query string, percent-encoded).
CORPUS: list[tuple[str, str]] = [
    ("NUL", "a%00b"),
    ("control characters", quote("\x01\x1b[2J\x7f")),
    ("line break", "a%0D%0Ab"),
    ("C1 control", quote("\x85")),
    ("broken UTF-8", "%C3%28"),
    ("invalid byte", "%FF"),
    ("lone surrogate", "%ED%A0%80"),
    ("5,000 characters", "x" * 5000),
    ("5,000 Cyrillic letters", quote("ж" * 5000)),
    ("huge number", "9" * 40),
    ("negative number", "-1"),
    ("below 64 bits", "-9223372036854775809"),
    ("float", "1e308"),
    ("NaN", "NaN"),
    ("JSON object", quote('{"$ne": null}')),
    ("JSON array", quote("[1, 2]")),
    ("right-to-left marks", quote("\u202eabc\u200f")),
    ("emoji", quote("😀👨\u200d👩\u200d👧")),
    ("LIKE wildcards", quote("%_\\")),
    ("SQL", quote("' OR '1'='1' --")),
    ("empty", ""),
]
#: Not text: refused by the APIs, dropped by the pages.
NOT_TEXT = {
    "NUL",
    "control characters",
    "line break",
    "C1 control",
    "broken UTF-8",
    "invalid byte",
    "lone surrogate",
}
#: pydantic's English, which must never reach a reader.
PYDANTIC_ENGLISH = re.compile(
    r"Input should|Value should|Value error|Field required|String should"
)
CYRILLIC = re.compile(r"[А-Яа-яЁёӢӣҚқҒғҲҳҶҷӮӯ]")
#: The listing filters of the citizen sites: each form's fields, and the page.
LISTING_FORMS = {
    "services": ServiceFilterForm,
    "news": NewsFilterForm,
    "competitions": CompetitionFilterForm,
}
PAGE_PARAMETER = "page"  # cms.listings.paginate
SEARCH_PARAMETERS = ("q", "page")  # cms.search.views.search


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()
        mvd = cls.world.trees["mvd"]
        cls.unused_image = ImageFactory(title="Роҳи кӯҳӣ", description="Роҳ")
        cls.document = DocumentFactory(title="Низомномаи роҳ")
        cls.unused_document = DocumentFactory(title="Низомномаи роҳи кӯҳна")
        link = f'<p><a linktype="document" id="{cls.document.pk}">Низомнома</a></p>'
        cls.world.public["news-with-document"] = news_item(
            mvd, title="Низомнома", body=[("paragraph", link)]
        )

    def setUp(self) -> None:
        # A server error is a failure to report, not an exception to stop at.
        self.client = Client(raise_request_exception=False)
        self.sent = 0
        self.problems: list[str] = []

    # --- helpers ------------------------------------------------------------

    def get(self, url: str, *, language: str = "tg", **headers: str) -> HttpResponse:
        self.sent += 1
        return self.client.get(
            url, HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE=language, **headers
        )

    def problem(self, url: str, response: HttpResponse, why: str) -> None:
        body = response.content[:300].decode(errors="replace")
        self.problems.append(f"{url[:200]} → {response.status_code}: {why}: {body}")

    def assertNoProblems(self, minimum: int) -> None:
        self.assertEqual(self.problems, [], f"{len(self.problems)} of {self.sent}")
        self.assertGreaterEqual(self.sent, minimum)

    def check_portal_error(
        self, url: str, response: HttpResponse, param: str, language: str
    ) -> None:
        """The portal API's error shape, naming ``param``, in ``language``."""
        try:
            error = json.loads(response.content)["error"]
        except (ValueError, KeyError, TypeError):
            self.problem(url, response, "not the error shape")
            return
        if set(error) != {"code", "message", "param"}:
            self.problem(url, response, "not the error shape")
        elif response.status_code == 400 and error["param"] != param:
            self.problem(url, response, f"param is not {param!r}")
        elif PYDANTIC_ENGLISH.search(error["message"]):
            self.problem(url, response, "pydantic's English")
        elif language != "en" and not CYRILLIC.search(error["message"]):
            self.problem(url, response, f"message not in {language}")

    # --- the portal API ---------------------------------------------------

    def portal_operations(self) -> Iterator[tuple[str, list[dict]]]:
        document = self.client.get("/api/v1/openapi.json").json()
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                self.assertEqual(method, "get", path)
                yield path, operation.get("parameters", [])

    def baseline_path(self, path: str) -> str:
        """The operation's address for a public item of its kind."""
        ids = {
            "service_id": self.world.public["service"].pk,
            "news_id": self.world.public["news"].pk,
            "competition_id": self.world.public["competition-open"].pk,
            "office_id": self.world.public["office"].pk,
            "slug": "mvd",
        }
        return re.sub(r"\{(\w+)\}", lambda match: str(ids.get(match[1], 1)), path)

    def test_every_parameter_of_the_portal_api(self) -> None:
        """Every operation × every parameter of the OpenAPI document × the
        corpus: never a 5xx, errors in the one shape naming the parameter in
        the reader's language, and values that are not text refused."""
        operations = list(self.portal_operations())
        self.assertGreaterEqual(len(operations), 11)
        turn = 0
        for path, parameters in operations:
            required = {
                parameter["name"]: "a"
                for parameter in parameters
                if parameter["in"] == "query" and parameter.get("required")
            }
            for parameter in parameters:
                name = parameter["name"]
                for label, value in CORPUS:
                    language = LANGUAGES[turn % len(LANGUAGES)]
                    turn += 1
                    if parameter["in"] == "path":
                        url = self.baseline_path(path.replace(f"{{{name}}}", value))
                        query = dict(required)
                    else:
                        url = self.baseline_path(path)
                        query = {**required, name: None}
                    fields = [
                        f"{key}={value}" if key == name else f"{key}={quote(val)}"
                        for key, val in query.items()
                    ]
                    if fields:
                        url = f"{url}?{'&'.join(fields)}"
                    response = self.get(url, language=language)
                    status = response.status_code
                    if status >= 500:
                        self.problem(url, response, f"{label}: a server error")
                    elif status >= 400:
                        self.check_portal_error(url, response, name, language)
                    if (
                        label in NOT_TEXT
                        and parameter["in"] == "query"
                        and status != 400
                    ):
                        self.problem(url, response, f"{label} not refused")
                    if parameter["in"] == "path" and status not in (200, 400, 404):
                        self.problem(url, response, "not 200, 400 or 404")
        self.assertNoProblems(minimum=1200)

    # --- Wagtail's API v2 ---------------------------------------------------

    def v2_parameters(self) -> Iterator[tuple[str, str]]:
        """(address, parameter) for every endpoint Wagtail's API v2 has here:
        the query parameters each knows, the fields it filters on, and the
        page finder's html_path; on details, fields."""
        for name, viewset in wagtail_api._endpoints.items():
            known = set(viewset.known_query_parameters) - {"_"}
            fields = set(viewset.get_body_fields_names(viewset.model)) | set(
                viewset.get_meta_fields_names(viewset.model)
            )
            for parameter in sorted(known | fields):
                yield f"/api/v2/{name}/", parameter
            detail_id = self.v2_detail_id(name)
            yield f"/api/v2/{name}/{detail_id}/", "fields"
        yield "/api/v2/pages/find/", "html_path"

    def v2_detail_id(self, endpoint: str) -> int:
        return {
            "pages": self.world.public["service"].pk,
            "images": self.world.public["news"].image_id,
            "documents": self.document.pk,
        }.get(endpoint, 1)

    def test_every_parameter_of_wagtail_api_v2(self) -> None:
        addresses = list(self.v2_parameters())
        self.assertGreaterEqual(len(addresses), 30)
        for address, name in addresses:
            for label, value in CORPUS:
                url = f"{address}?{name}={value}"
                response = self.get(url)
                if response.status_code >= 500:
                    self.problem(url, response, f"{label}: a server error")
                elif response.status_code in (301, 302, 308):
                    pass  # the page finder redirects to what it found
                elif not response["Content-Type"].startswith("application/json"):
                    self.problem(url, response, "not JSON")
                elif label in NOT_TEXT:
                    if response.status_code != 400:
                        self.problem(url, response, f"{label} not refused")
                    else:
                        self.check_portal_error(url, response, name, "tg")
        self.assertNoProblems(minimum=600)

    def test_image_and_document_search(self) -> None:
        """Search works on images and documents, within what public pages
        use."""
        photo = self.world.public["news"].image
        for endpoint, used, unused in (
            ("images", photo, self.unused_image),
            ("documents", self.document, self.unused_document),
        ):
            with self.subTest(endpoint=endpoint):
                found = set()
                for term in ("Роҳ", "роҳ", "Низомнома", photo.title):
                    response = self.get(f"/api/v2/{endpoint}/?search={quote(term)}")
                    self.assertEqual(response.status_code, 200, response.content)
                    found |= {item["id"] for item in response.json()["items"]}
                self.assertIn(used.pk, found)
                self.assertNotIn(unused.pk, found)

    # --- the citizen sites ----------------------------------------------------

    def html_addresses(self) -> Iterator[tuple[str, str]]:
        """(address, parameter): each listing's filters (its form's fields)
        and page number, and the search, in Tajik and Russian."""
        sections = self.world.trees["mvd"].sections
        for slug, form in LISTING_FORMS.items():
            index: Page = sections[slug]
            _site, _root, path = index.get_url_parts()
            for name in [*form.base_fields, PAGE_PARAMETER]:
                yield path, name
        for language in ("tg", "ru"):
            for name in SEARCH_PARAMETERS:
                yield f"/{language}/search/", name

    def test_every_filter_and_search_of_the_citizen_sites(self) -> None:
        addresses = list(self.html_addresses())
        self.assertGreaterEqual(len(addresses), 13)
        for address, name in addresses:
            for label, value in CORPUS:
                extra = "&q=a" if name == "page" and "search" in address else ""
                url = f"{address}?{name}={value}{extra}"
                response = self.get(url)
                if response.status_code != 200:
                    self.problem(url, response, f"{label}: not a page")
        self.assertNoProblems(minimum=250)

    def test_unreadable_search_is_ignored(self) -> None:
        response = self.get("/tg/search/?q=a%00b")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["query"], "")
        kept = self.get("/tg/search/?q=%FF&page=2&q2=x")
        self.assertEqual(kept.status_code, 200)
        self.assertEqual(kept.wsgi_request.GET.dict(), {"page": "2", "q2": "x"})


class ContractTests(TestCase):
    """The corners of the portal API's contract found broken."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()

    def error(self, response: HttpResponse) -> dict:
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()["error"]

    def test_the_reported_server_errors(self) -> None:
        for url, param in (
            ("/api/v1/offices/?city=a%00b", "city"),
            ("/api/v2/pages/?search=a%00b", "search"),
            ("/api/v2/pages/?locale=a%00b", "locale"),
            ("/api/v2/pages/find/?html_path=a%00b", "html_path"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url, HTTP_HOST=HOST)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(self.error(response)["param"], param)
        response = self.client.get("/tg/search/?q=a%00b", HTTP_HOST=HOST)
        self.assertEqual(response.status_code, 200)
        response = self.client.get("/api/v2/images/?search=road", HTTP_HOST=HOST)
        self.assertEqual(response.status_code, 200)

    def test_dates_are_iso_dates_only(self) -> None:
        for value in ("86400", "0", "2024-1-1", "2024-01-01T00:00:00", "1899-12-31"):
            for param in ("since", "until"):
                with self.subTest(param=param, value=value):
                    response = self.client.get("/api/v1/news/", {param: value})
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual(self.error(response)["param"], param)
        response = self.client.get(
            "/api/v1/news/", {"since": "2000-01-01", "until": "2999-12-31"}
        )
        self.assertEqual(response.status_code, 200)

    def test_a_malformed_agency_is_named(self) -> None:
        for value in ("a b", "", "x" * 101, "мвд"):
            with self.subTest(value=value):
                response = self.client.get("/api/v1/news/", {"agency": value})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(self.error(response)["param"], "agency")

    def test_messages_in_the_readers_language(self) -> None:
        cases = (
            ("/api/v1/news/", "q", "x" * 201),
            ("/api/v1/search/", "q", "x" * 201),
            ("/api/v1/services/", "cursor", "A" * 501),
            ("/api/v1/news/", "locale", "xx"),
        )
        for url, param, value in cases:
            messages = {}
            for language in LANGUAGES:
                response = self.client.get(
                    url, {"q": "a", param: value}, HTTP_ACCEPT_LANGUAGE=language
                )
                self.assertEqual(response.status_code, 400)
                error = self.error(response)
                self.assertEqual(error["param"], param)
                self.assertNotRegex(error["message"], PYDANTIC_ENGLISH)
                messages[language] = error["message"]
            self.assertIn(param, messages["ru"])
            self.assertEqual(len(set(messages.values())), 3, messages)
            self.assertRegex(messages["ru"], CYRILLIC)
            self.assertRegex(messages["tg"], CYRILLIC)
        with translation.override("ru"):
            expected = gettext(
                "%(param)s is too long (at most %(max_length)s characters)."
            ) % {"param": "q", "max_length": 200}
        response = self.client.get(
            "/api/v1/news/", {"q": "x" * 201}, HTTP_ACCEPT_LANGUAGE="ru"
        )
        self.assertEqual(self.error(response)["message"], expected)

    def test_unknown_addresses_under_api_are_json_404s(self) -> None:
        for url in ("/api/", "/api/v3/", "/api/nosuch/", "/api/v1/nosuch/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Location", response)
                self.assertEqual(self.error(response)["code"], "not_found")

    def test_an_address_without_its_slash_redirects(self) -> None:
        for url, target in (
            ("/api/v1/news?agency=mvd", "/api/v1/news/?agency=mvd"),
            ("/api/v1/services", "/api/v1/services/"),
            (
                f"/api/v1/offices/{self.world.public['office'].pk}?locale=ru",
                f"/api/v1/offices/{self.world.public['office'].pk}/?locale=ru",
            ),
            ("/api/v1/news?q=%D1%80%D0%BE%D2%B3", "/api/v1/news/?q=%D1%80%D0%BE%D2%B3"),
            ("/api/v2/pages?type=news.NewsPage", "/api/v2/pages/?type=news.NewsPage"),
        ):
            with self.subTest(url=url):
                response = self.client.get(url, HTTP_HOST=HOST)
                self.assertEqual(response.status_code, 308)
                self.assertEqual(response["Location"], target)
                self.assertEqual(
                    self.client.get(target, HTTP_HOST=HOST).status_code, 200
                )

    def test_allow_lists_what_works(self) -> None:
        for url in ("/api/v1/news/", "/api/v1/openapi.json"):
            with self.subTest(url=url):
                refused = self.client.post(url)
                self.assertEqual(refused.status_code, 405)
                self.assertEqual(refused["Allow"], "GET, HEAD, OPTIONS")
                self.assertEqual(self.error(refused)["code"], "method_not_allowed")
                self.assertEqual(self.client.head(url).status_code, 200)
                options = self.client.options(url)
                self.assertEqual(options.status_code, 204)
                self.assertEqual(options["Allow"], "GET, HEAD, OPTIONS")
        self.assertEqual(self.client.options("/api/v1/nosuch/").status_code, 404)

    def test_office_hours_are_local_times_as_declared(self) -> None:
        schema = self.client.get("/api/v1/openapi.json").json()
        hours = schema["components"]["schemas"]["OpeningHoursOut"]["properties"]
        declared = hours["opens"]["anyOf"][0]
        self.assertNotIn("format", declared)
        pattern = re.compile(declared["pattern"])
        office = self.world.public["office"]
        body = self.client.get(f"/api/v1/offices/{office.pk}/").json()
        self.assertTrue(body["opening_hours"])
        for rule in body["opening_hours"]:
            for field in ("opens", "closes", "break_starts", "break_ends"):
                if rule[field] is not None:
                    self.assertRegex(rule[field], pattern)
        self.assertEqual(body["opening_hours"][0]["opens"], "08:00")
