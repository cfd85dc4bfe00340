"""Reads for the event log: what is public now, item by item, and the
change feed."""

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, QuerySet, Subquery

from wagtail.models import Page

from agency_sites.models import Agency
from cms.contracts.events import event_prefixes
from cms.selectors import public
from publishing_events.models import Event, EventKind

AGENCY_TYPE = "agency"
AGENCY_KINDS = (EventKind.OFFLINE, EventKind.RESTORED)

# Page paths take four characters a level: an agency's home page in one
# language (depth 2) is the first eight characters of each page under it.
HOME_PATH_LENGTH = Page.steplen * 2


@dataclass(frozen=True)
class AgencyKey:
    """An agency as events name it."""

    pk: int
    slug: str


@dataclass(frozen=True)
class PublicItem:
    """A page anyone may see now, as the event log records it."""

    page_id: int
    item_type: str
    translation_key: UUID
    locale: str
    agency: AgencyKey
    live_revision_id: int | None
    url_path: str


def item_types() -> dict[int, str]:
    """The event type prefix of each registered page type, by content type
    id (cached by Django after the first call)."""
    prefixes = event_prefixes()
    if not prefixes:
        return {}
    content_types = ContentType.objects.get_for_models(*prefixes)
    return {content_types[model].pk: prefix for model, prefix in prefixes.items()}


def known_types() -> list[str]:
    """The item types (``service``) and full event types
    (``service.published``) events can have, from the registered event
    sources and the agencies' own."""
    item_types = sorted(set(event_prefixes().values()))
    item_kinds = [kind for kind in EventKind.values if kind not in AGENCY_KINDS]
    full = [f"{prefix}.{kind}" for prefix in item_types for kind in item_kinds]
    agency = [f"{AGENCY_TYPE}.{kind}" for kind in AGENCY_KINDS]
    return [*item_types, AGENCY_TYPE, *full, *agency]


def online_homes() -> dict[str, AgencyKey]:
    """The home pages (one per language) of every online agency, by path.
    One query."""
    agencies = Agency.objects.filter(
        deprovisioned_at__isnull=True,
        site__root_page__translation_key=OuterRef("translation_key"),
    )
    rows = (
        Page.objects.filter(depth=2)
        .annotate(
            agency_pk=Subquery(agencies.values("pk")[:1]),
            agency_slug=Subquery(agencies.values("slug")[:1]),
        )
        .filter(agency_pk__isnull=False)
        .values_list("path", "agency_pk", "agency_slug")
    )
    return {path: AgencyKey(pk=pk, slug=slug) for path, pk, slug in rows}


def agency_pages(agency: Agency) -> QuerySet[Page]:
    """Every page of an agency's site, in every language."""
    none: QuerySet[Page] = Page.objects.none()
    if agency.site_id is None:
        return none
    root_key = Page.objects.filter(sites_rooted_here=agency.site_id).values(
        "translation_key"
    )[:1]
    homes = Page.objects.filter(depth=2, translation_key=Subquery(root_key))
    paths = list(homes.values_list("path", flat=True))
    if not paths:
        return none
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    pages: QuerySet[Page] = Page.objects.filter(condition)
    return pages


def public_items(pages: QuerySet[Page]) -> dict[int, PublicItem]:
    """The pages of ``pages`` that are public now (cms.selectors.public:
    live, unexpired, under no view restriction), of a registered event type,
    in an online agency's tree. Two queries (one when none is public)."""
    types = item_types()
    if not types:
        return {}
    rows = list(
        public(pages.filter(content_type_id__in=types)).values_list(
            "pk",
            "content_type_id",
            "translation_key",
            "locale__language_code",
            "live_revision_id",
            "url_path",
            "path",
        )
    )
    if not rows:
        return {}
    homes = online_homes()
    found = {}
    for pk, type_id, key, locale, revision_id, url_path, path in rows:
        agency = homes.get(path[:HOME_PATH_LENGTH])
        if agency is None:
            continue
        found[pk] = PublicItem(
            page_id=pk,
            item_type=types[type_id],
            translation_key=key,
            locale=locale,
            agency=agency,
            live_revision_id=revision_id,
            url_path=url_path,
        )
    return found


def changes_after(
    *,
    after: int,
    limit: int,
    agencies: Sequence[str] = (),
    types: Sequence[str] = (),
) -> list[Event]:
    """Up to ``limit`` events with ids above ``after``, oldest first,
    optionally only of these agencies and of these types (a full type,
    ``service.published``, or an item type, ``service``). One query."""
    events = Event.objects.filter(id__gt=after)
    if agencies:
        events = events.filter(agency_slug__in=agencies)
    if types:
        events = events.filter(Q(type__in=types) | Q(item_type__in=types))
    return list(
        events.order_by("id").only("id", "type", "occurred_at", "payload")[:limit]
    )
