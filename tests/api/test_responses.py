"""cms.api.respond: the payload a view builds is checked against the schema
its OpenAPI operation declares before anything is sent."""

import json
from datetime import UTC, datetime
from decimal import Decimal

from django.test import SimpleTestCase

import pytest
from pydantic import ValidationError

from cms.api import Out, respond
from cms.api.schemas import AgencyRef

# Also run against SQLite, the demo's database (bin/test's second run).
pytestmark = pytest.mark.sqlite


class Priced(Out):
    name: str
    fee: Decimal | None
    at: datetime


class RespondTests(SimpleTestCase):
    def test_writes_utf8_json_in_the_schemas_shape(self) -> None:
        response = respond(
            Priced,
            {
                "name": "Маълумотнома",
                "fee": Decimal("30.00"),
                "at": datetime(2026, 11, 27, 8, 30, 0, 120000, tzinfo=UTC),
                "not_in_the_schema": "dropped",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("Маълумотнома".encode(), response.content)  # not \u escapes
        self.assertEqual(
            json.loads(response.content),
            {
                "name": "Маълумотнома",
                "fee": "30.00",
                "at": "2026-11-27T08:30:00.120000Z",
            },
        )

    def test_a_payload_that_breaks_the_contract_is_never_sent(self) -> None:
        with self.assertRaises(ValidationError):
            respond(AgencyRef, {"slug": "mvd"})  # no name
        with self.assertRaises(ValidationError):
            respond(AgencyRef, {"slug": 7, "name": "ВКД"})  # not coerced to text
