"""The portal API fuzzed from its own OpenAPI schema (schemathesis), as
``schemathesis run --mode all --checks all`` does it: every operation's
schema examples, its coverage scenarios (boundary values, each parameter
made invalid in turn, missing required ones, undeclared methods) and
generated requests, valid and invalid. Every check holds on every answer:
no 5xx, valid requests accepted, invalid ones refused with a 4xx, status
codes, content types, headers and bodies as documented, a 405 with Allow
for undeclared methods. A sweep aimed at every hidden page follows: nothing
a draft, private, expired or deprovisioned page holds ever comes back."""

import json
from collections.abc import Iterator
from typing import Any

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import TestCase

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.checks import CHECKS
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.generation.hypothesis.builder import (
    HypothesisTestConfig,
    HypothesisTestMode,
    create_test,
)

from tests.api import schemathesis_hooks  # noqa: F401 (registers the hooks)
from tests.api.world import SENTINEL, build_api_world

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite

# Generated requests per operation, valid and invalid, besides the schema's
# examples and the coverage scenarios.
EXAMPLES_PER_OPERATION = 100
MINIMUM_REQUESTS = 2000
#: The CLI's three phases that send single requests (the stateful one needs
#: links between operations, which this read-only API does not declare).
MODES = [
    HypothesisTestMode.EXAMPLES,
    HypothesisTestMode.COVERAGE,
    HypothesisTestMode.FUZZING,
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
        # The change feed names pages that stopped being public: that is
        # its message ("page N was unpublished"), and it carries no content.
        if text.startswith(("{", "[")) and "/changes/" not in label:
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
        # --mode all
        schema.config.generation.update(
            modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        )
        # --checks all: every built-in check that judges a single answer is
        # enabled (the others need a stateful run).
        enabled = [
            check.__name__
            for check in CHECKS.get_all()
            if callable(check) and not isinstance(check, type)
        ]
        config = schema.config.checks_config_for(operation=None, phase=None)
        self.assertTrue(
            all(config.get_by_name(name=name).enabled for name in enabled), enabled
        )
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertGreaterEqual(len(operations), 11)
        failures: list[str] = []
        for operation in operations:
            self.fuzz(schema, operation, failures)
        self.assertEqual(failures, [], f"{len(failures)} of {self.requests} cases")
        self.assertGreaterEqual(self.requests, MINIMUM_REQUESTS, self.statuses)
        # The fuzz reached real content, not only refusals.
        self.assertGreater(self.statuses.get(200, 0), 500, self.statuses)

    def fuzz(
        self,
        schema: schemathesis.BaseSchema,
        operation: schemathesis.APIOperation,
        failures: list[str],
    ) -> None:
        """Every case of one operation, failures collected rather than
        stopping at the first."""

        def call(case: schemathesis.Case) -> None:
            response = case.call(headers={"Accept-Encoding": "identity"})
            label = f"{case.method} {case.formatted_path} {case.query}"
            self.check_body(label, response.status_code, response.text)
            try:
                case.validate_response(response)
            except (AssertionError, FailureGroup) as failure:
                failures.append(f"{label}: {failure}"[:1500])

        test = create_test(
            operation=operation,
            test_func=call,
            config=HypothesisTestConfig(
                project=schema.config,
                modes=MODES,
                settings=hypothesis.settings(
                    max_examples=EXAMPLES_PER_OPERATION,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    suppress_health_check=list(HealthCheck),
                    phases=[
                        hypothesis.Phase.explicit,
                        hypothesis.Phase.generate,
                    ],
                ),
            ),
        )
        test()

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
