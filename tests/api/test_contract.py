"""The portal API's published contract stays what clients were built
against: the same operations at the same addresses, the same parameters and
the same response schemas, whatever the code behind them.

What is pinned is the structure of /api/v1/openapi.json, read in a form in
which order means nothing (parameters by place and name, the members of
``required``, ``enum``, ``anyOf`` and ``tags`` as sets) and wording is left
out (descriptions, titles, summaries, examples), so that only a change a
client would notice fails. After a deliberate change of the contract, write
the pinned form again and review its diff:

    DATABASE_URL=sqlite:// DJANGO_SETTINGS_MODULE=settings.test \\
        python -m tests.api.test_contract
"""

import difflib
import json
from pathlib import Path
from typing import Any

from django.test import TestCase

import pytest

PINNED = Path(__file__).with_name("openapi_contract.json")

#: Keywords that are wording, not structure.
WORDING = frozenset({"description", "title", "summary", "examples"})
#: Lists whose order means nothing.
UNORDERED = frozenset({"required", "enum", "anyOf", "oneOf", "allOf", "tags"})
#: Mappings whose keys are names chosen by the API, never keywords.
NAMED = frozenset({"properties", "paths", "schemas", "responses", "content"})


def canonical(node: Any, key: str | None = None) -> Any:
    """``node`` without wording, its unordered lists sorted."""
    if isinstance(node, dict):
        if key in NAMED:
            return {name: canonical(value) for name, value in node.items()}
        return {
            name: canonical(value, name)
            for name, value in node.items()
            if name not in WORDING
        }
    if isinstance(node, list):
        if key == "parameters":
            return {
                f"{parameter['in']} {parameter['name']}": canonical(parameter)
                for parameter in node
            }
        items = [canonical(value) for value in node]
        if key in UNORDERED:
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        return items
    return node


def contract(document: dict[str, Any]) -> dict[str, Any]:
    return canonical(
        {
            "openapi": document["openapi"],
            "paths": document["paths"],
            "components": document["components"],
        }
    )


def dumped(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.sqlite
class ContractTests(TestCase):
    def document(self) -> dict[str, Any]:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_the_published_contract_is_the_pinned_one(self) -> None:
        published = contract(self.document())
        pinned = json.loads(PINNED.read_text(encoding="utf-8"))
        if published != pinned:
            diff = "".join(
                difflib.unified_diff(
                    dumped(pinned).splitlines(keepends=True),
                    dumped(published).splitlines(keepends=True),
                    "pinned",
                    "published",
                )
            )
            self.fail(f"The portal API's contract changed:\n{diff}")

    def test_the_pinned_form_ignores_order_and_wording_only(self) -> None:
        document = self.document()
        operation = document["paths"]["/api/v1/news/"]["get"]
        reworded = {
            **operation,
            "parameters": [
                {**parameter, "description": "other words"}
                for parameter in reversed(operation["parameters"])
            ],
            "summary": "Other words",
        }
        self.assertEqual(canonical(reworded), canonical(operation))
        parameters = canonical(operation)["parameters"]
        self.assertIn("query topic", parameters)
        self.assertEqual(
            parameters["query limit"]["schema"],
            {"default": 20, "maximum": 100, "minimum": 1, "type": "integer"},
        )
        without_topic = {
            **operation,
            "parameters": [
                parameter
                for parameter in operation["parameters"]
                if parameter["name"] != "topic"
            ],
        }
        self.assertNotEqual(canonical(without_topic), canonical(operation))
        # Properties named like wording keywords are the schema's own.
        item = canonical(document["components"]["schemas"]["NewsItem"])
        self.assertIn("title", item["properties"])


if __name__ == "__main__":
    import django

    django.setup()
    from django.test import RequestFactory
    from django.urls import resolve

    # The document as the view writes it (without the HTTP middleware, which
    # would need a database for its validators).
    url = "/api/v1/openapi.json"
    response = resolve(url).func(RequestFactory().get(url))
    PINNED.write_text(dumped(contract(json.loads(response.content))), encoding="utf-8")
