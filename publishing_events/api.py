"""The change feed: /api/v1/changes/, every public change in the order it
was committed, for the central portal to mirror the agencies' sites and to
catch up after its own downtime."""

from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ninja import Field, Query, Router, Schema

from agency_sites.models import Agency
from cms.api import ERROR_RESPONSES, Out, Slug, bad_parameter, register_router, respond
from publishing_events.selectors import changes_after, known_types

MAX_CHANGES = 1000
DEFAULT_CHANGES = 100
# Event ids are PostgreSQL bigints.
MAX_EVENT_ID = 2**63 - 1


if TYPE_CHECKING:  # an enum built from the registry at run time
    EventTypeName = str
else:
    EventTypeName = Literal[tuple(known_types())]


class ChangeFilters(Schema):
    after: int = Field(
        default=0,
        ge=0,
        le=MAX_EVENT_ID,
        description="Only events after this id: the next_after of the previous "
        "page (0, the default, starts from the oldest event kept).",
    )
    limit: int = Field(
        default=DEFAULT_CHANGES,
        ge=1,
        le=MAX_CHANGES,
        description=f"Events per page, at most {MAX_CHANGES}.",
    )
    agency: list[Slug] = Field(
        default=[],
        description="Only events of these agencies (slug; repeat for several). "
        "Agencies that are offline are accepted: their events are kept.",
    )
    type: list[EventTypeName] = Field(
        default=[],
        description="Only events of these types: a full type "
        "(service.published) or an item type (service, agency); repeat for "
        "several.",
    )


class ChangeEvent(Out):
    """One public change: the Standard Webhooks payload, with its id."""

    id: int = Field(description="Increasing with the order changes committed.")
    type: str = Field(
        description="<item type>.<kind>: service, news, competition, office "
        "or agency, then published, translation_published, updated, moved, "
        "unpublished, expired, deleted (items) or offline, restored (agencies)."
    )
    timestamp: datetime
    data: dict[str, Any] = Field(
        description="The item: id (page id, or the agency's), item_type, "
        "translation_key, locale, agency (slug), and reason when the change "
        "had a cause other than an editor's publish (view_restriction, moved, "
        "agency_offline, agency_restored...)."
    )


class ChangeList(Out):
    items: list[ChangeEvent]
    next_after: int = Field(
        description="Pass as after for the next page: the id of the last "
        "event returned, or after itself when there was none."
    )
    has_more: bool = Field(description="True when more events follow at once.")


def _checked_agencies(slugs: list[str]) -> list[str]:
    wanted = list(dict.fromkeys(slugs))
    known = set(Agency.objects.filter(slug__in=wanted).values_list("slug", flat=True))
    unknown = [slug for slug in wanted if slug not in known]
    if unknown:
        raise bad_parameter(
            "agency",
            _("Unknown agency: %(slugs)s. GET /api/v1/agencies/ lists them.")
            % {"slugs": ", ".join(unknown)},
        )
    return wanted


router = Router(tags=["changes"])


@router.get(
    "/",
    response={200: ChangeList, **ERROR_RESPONSES},
    summary="Public changes since an event",
)
def list_changes(request: HttpRequest, filters: Query[ChangeFilters]) -> HttpResponse:
    """Every change of public content (a page published, updated, moved,
    unpublished, expired or deleted; a translation published; an agency
    offline or restored), oldest first, as a keyset on the event id: pass
    the last id seen as ``after``. Events are kept at least 30 days. One or
    two queries, whatever the page size."""
    types = list(dict.fromkeys(filters.type))
    agencies = _checked_agencies(filters.agency) if filters.agency else []
    events = changes_after(
        after=filters.after, limit=filters.limit + 1, agencies=agencies, types=types
    )
    has_more = len(events) > filters.limit
    events = events[: filters.limit]
    response = respond(
        ChangeList,
        {
            "items": [{"id": event.pk, **event.payload} for event in events],
            "next_after": events[-1].pk if events else filters.after,
            "has_more": has_more,
        },
    )
    # New events may come any second: caches must ask again every time.
    response["Cache-Control"] = "no-cache"
    return response


register_router("changes", router)
