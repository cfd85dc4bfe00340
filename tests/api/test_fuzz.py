"""The portal API fuzzed from its own OpenAPI schema (schemathesis): well
over a thousand generated requests, and a sweep aimed at every hidden page.
No answer is a 5xx, every answer matches the schema, and nothing a draft,
private, expired or deprovisioned page holds ever comes back."""

import json
from collections.abc import Iterator
from typing import Any

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.world import SENTINEL, build_api_world

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

EXAMPLES_PER_OPERATION = 100
MINIMUM_REQUESTS = 1000
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def ids_in(body: Any) -> Iterator[int]:
    """Every ``id`` in a JSON body, however deep."""
    if isinstance(body, dict):
        for key, value in body.items():
            if key == "id" and isinstance(value, int):
                yield value
            else:
                yield from ids_in(value)
    elif isinstance(body, list):
        for value in body:
            yield from ids_in(value)


class FuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_api_world()

    def setUp(self) -> None:
        self.requests = 0
        self.statuses: dict[int, int] = {}

    def check_body(self, label: str, status: int, text: str) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.assertLess(status, 500, f"{label}: {text[:500]}")
        self.assertNotIn(SENTINEL, text, label)
        if text.startswith(("{", "[")):
            leaked = set(ids_in(json.loads(text))) & set(self.world.hidden_ids)
            self.assertEqual(leaked, set(), label)

    def test_generated_requests(self) -> None:
        # Requests go through the real WSGI handler, inside this test's
        # transaction: like Django's test client, keep the connection open
        # between requests.
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        schema = schemathesis.openapi.from_wsgi(
            "/api/v1/openapi.json", get_wsgi_application()
        )
        schema.config.generation.update(
            modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        )
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreaterEqual(len(operations), 11)
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            def call(case: schemathesis.Case) -> None:
                response = case.call(headers={"Accept-Encoding": "identity"})
                self.check_body(
                    f"{case.method} {case.formatted_path} {case.query}",
                    response.status_code,
                    response.text,
                )
                case.validate_response(response, checks=CHECKS)

            with self.subTest(operation=operation.label):
                call()
        self.assertGreaterEqual(self.requests, MINIMUM_REQUESTS, self.statuses)
        # The fuzz reached real content, not only refusals.
        self.assertGreater(self.statuses.get(200, 0), 100, self.statuses)

    def test_sweep_of_every_hidden_page(self) -> None:
        """Every endpoint, asked directly for every hidden page and for the
        sentinel text, in every language: never a trace."""
        details = ["services", "news", "competitions", "offices"]
        lists = ["services", "news", "competitions", "offices", "agencies"]
        for locale in ("", "tg", "ru", "en"):
            params = {"locale": locale} if locale else {}
            for page_id in self.world.hidden_ids:
                for kind in details:
                    path = f"/api/v1/{kind}/{page_id}/"
                    response = self.client.get(path, params)
                    self.check_body(path, response.status_code, response.text)
                    self.assertEqual(response.status_code, 404, path)
            for kind in lists:
                for extra in ({}, {"q": SENTINEL}, {"status": "all"}):
                    response = self.client.get(
                        f"/api/v1/{kind}/", {**params, **extra, "limit": 100}
                    )
                    self.check_body(kind, response.status_code, response.text)
            response = self.client.get(
                "/api/v1/search/", {**params, "q": SENTINEL, "limit": 100}
            )
            self.check_body("search", response.status_code, response.text)
            self.assertEqual(response.json()["items"], [])
        response = self.client.get("/api/v1/services/", {"agency": "closed-agency"})
        self.check_body("closed agency", response.status_code, response.text)
        self.assertEqual(response.status_code, 400)
