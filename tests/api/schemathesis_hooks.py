"""Schemathesis hooks of the portal API's fuzz, in-process (test_fuzz.py) and
against a running server (``SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks
schemathesis run ...``).

Two parameters refer to live data, which no JSON Schema can express: a
list's ``cursor`` (opaque: only the ``next_cursor`` of a previous page is
valid) and ``agency`` (the slug of an agency online now; the set changes with
provisioning, so it is not an enum of the published schema). A request
generated as valid (positive) therefore carries a real cursor of that list,
taken from its first page (or none if the list has one page), and slugs of
real agencies from /api/v1/agencies/; requests generated as invalid keep
whatever they were given, and must be refused.
"""

from typing import Any

import schemathesis

_cursors: dict[str, str | None] = {}
_agencies: list[str] = []
IDENTITY = {"Accept-Encoding": "identity"}


def real_cursor(case: schemathesis.Case) -> str | None:
    """The next_cursor of the first one-item page of the case's list, for
    the parameters it requires. One request per operation, then cached."""
    label = case.operation.label
    if label not in _cursors:
        required = {
            parameter.name: case.query[parameter.name]
            for parameter in case.operation.query
            if parameter.is_required and parameter.name in case.query
        }
        first = case.operation.Case(query={**required, "limit": 1}).call(
            headers=IDENTITY
        )
        body = first.json() if first.status_code == 200 else {}
        _cursors[label] = body.get("next_cursor")
    return _cursors[label]


def real_agencies(case: schemathesis.Case) -> list[str]:
    """Slugs of the online agencies. One request, then cached."""
    if not _agencies:
        agencies = next(
            result.ok()
            for result in case.operation.schema.get_all_operations()
            if result.ok().path.endswith("/agencies/")
        )
        answer = agencies.Case(query={"limit": 100}).call(headers=IDENTITY)
        _agencies.extend(item["slug"] for item in answer.json()["items"])
    return _agencies


@schemathesis.hook
def map_case(context: Any, case: schemathesis.Case) -> schemathesis.Case:
    if not case.query or case.meta is None or not case.meta.generation.mode.is_positive:
        return case
    if "cursor" in case.query:
        cursor = real_cursor(case)
        if cursor is None:
            del case.query["cursor"]
        else:
            case.query["cursor"] = cursor
    if case.query.get("agency"):
        slugs = real_agencies(case)
        values = case.query["agency"]
        values = values if isinstance(values, list) else [values]
        # As many slugs as were generated, chosen by what was generated.
        case.query["agency"] = [
            slugs[sum(map(ord, str(value))) % len(slugs)] for value in values
        ]
    return case
