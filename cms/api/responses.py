"""Answers of the portal API's endpoints: the payload a view builds, checked
against the schema its OpenAPI operation declares and written as JSON by
pydantic-core.

Response schemas derive from :class:`Out`, a plain pydantic model, not from
``ninja.Schema``: ninja's schema wraps every object it validates in a getter
that also reads ORM attributes, which views here never pass (they build
dicts), and that, with ninja's JSON rendering afterwards, cost more than the
database work of a 100-item list.
"""

from django.http import HttpResponse

from pydantic import BaseModel

JSON = "application/json; charset=utf-8"


class Out(BaseModel):
    """A response schema: validated from plain dicts and lists."""


def respond(schema: type[Out], payload: object) -> HttpResponse:
    """A 200 answer with ``payload`` as ``schema`` describes it: a payload
    that does not match is a programming error, raised before anything is
    sent, as ninja would."""
    body = schema.model_validate(payload).model_dump_json()
    return HttpResponse(body.encode(), content_type=JSON)
