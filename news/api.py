"""News and civil-service competitions in the portal API: /api/v1/news/ and
/api/v1/competitions/."""

from datetime import date
from typing import Any, Literal, TypedDict

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse

from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from ninja import Field, Query, Router

from cms.api import (
    ERROR_RESPONSES,
    DateFilters,
    DetailParams,
    ItemBase,
    Keyset,
    ListFilters,
    ListPage,
    Narrowing,
    Out,
    PageId,
    Slug,
    TextFilter,
    containing,
    cursor_date,
    cursor_int,
    register_router,
    register_searchable,
    respond,
    served_detail,
    served_list,
)
from cms.media.renditions import (
    StoredRenditionData,
    stored_rendition_data,
    with_stored_renditions,
)
from news.models import CompetitionPage, NewsPage, NewsPageTopic, NewsTopic
from news.status import CompetitionStatus, competition_status, dushanbe_today

LIST_RENDITIONS = ("card",)
DETAIL_RENDITIONS = ("card", "content", "social")


class RenditionOut(Out):
    url: str
    width: int
    height: int


class ImageOut(Out):
    alt: str
    renditions: dict[str, RenditionOut] = Field(
        description="Stored sizes by name: card 640×360, content 960 wide, "
        "social 1200×630."
    )


class TopicRef(Out):
    slug: str
    name: str


class ImageData(TypedDict):
    alt: str
    renditions: dict[str, StoredRenditionData]


class TopicData(TypedDict):
    slug: str
    name: str


def _images(ids: list[int | None], spec_names: tuple[str, ...]) -> dict[int, ImageData]:
    """Alt text and stored renditions of these images. Two queries."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    images = with_stored_renditions(get_image_model().objects.filter(pk__in=wanted))
    return {
        image.pk: {
            "alt": image.description,
            "renditions": stored_rendition_data(image=image, spec_names=spec_names),
        }
        for image in images
    }


def _topics(page_ids: list[int], language: str) -> dict[int, list[TopicData]]:
    """Each news item's topics, named in ``language`` where translated
    (links point at the source language's topic). One query."""
    translated = NewsTopic.objects.filter(
        translation_key=OuterRef("topic__translation_key"),
        locale__language_code=language,
    ).values("name")[:1]
    links = (
        NewsPageTopic.objects.filter(page_id__in=page_ids)
        .order_by("page_id", "sort_order")
        .values_list(
            "page_id", "topic__slug", Coalesce(Subquery(translated), "topic__name")
        )
    )
    found: dict[int, list[TopicData]] = {pk: [] for pk in page_ids}
    for page_id, slug, name in links:
        found[page_id].append({"slug": slug, "name": name})
    return found


# --- news -------------------------------------------------------------------


class NewsFilters(ListFilters, TextFilter, DateFilters):
    topic: Slug | None = Field(default=None, description="Topic slug.")


class NewsItem(ItemBase):
    date: date
    lead: str
    image: ImageOut | None
    topics: list[TopicRef]


class NewsList(ListPage):
    items: list[NewsItem]


class NewsDetail(NewsItem):
    body: list[dict[str, Any]] = Field(
        description="Blocks of the body, as Wagtail's API represents them."
    )


NEWEST = Keyset(
    fields=("date", "id"), parsers=(cursor_date, cursor_int), descending=True
)
NEWS_FIELDS = ("date", "lead", "image_id")


def _narrow_news(filters: NewsFilters) -> Narrowing:
    def narrow(queryset: QuerySet[NewsPage]) -> QuerySet[NewsPage]:
        if filters.since:
            queryset = queryset.filter(date__gte=filters.since)
        if filters.until:
            queryset = queryset.filter(date__lte=filters.until)
        if filters.topic:
            # A topic's slug is the same in every language.
            queryset = queryset.filter(
                Exists(
                    NewsPageTopic.objects.filter(
                        page=OuterRef("pk"), topic__slug=filters.topic
                    )
                )
            )
        if filters.q and filters.q.strip():
            text = filters.q.strip()
            queryset = queryset.filter(
                containing(text, [(Page, "title"), (NewsPage, "lead")])
            )
        return queryset

    return narrow


router = Router(tags=["news"])


@router.get(
    "/", response={200: NewsList, **ERROR_RESPONSES}, summary="List public news"
)
def list_news(request: HttpRequest, filters: Query[NewsFilters]) -> HttpResponse:
    """News of every online agency, newest first."""
    served, next_cursor = served_list(
        NewsPage,
        filters=filters,
        keyset=NEWEST,
        fields=NEWS_FIELDS,
        narrow=_narrow_news(filters),
    )
    images = _images([item.row["image_id"] for item in served], LIST_RENDITIONS)
    topics = _topics([item.row["id"] for item in served], filters.locale)
    return respond(
        NewsList,
        {
            "items": [
                {
                    **item.base,
                    "date": item.row["date"],
                    "lead": item.row["lead"],
                    "image": images.get(item.row["image_id"]),
                    "topics": topics[item.row["id"]],
                }
                for item in served
            ],
            "next_cursor": next_cursor,
        },
    )


@router.get(
    "/{news_id}/",
    response={200: NewsDetail, **ERROR_RESPONSES},
    summary="One news item",
)
def news_detail(
    request: HttpRequest, news_id: PageId, params: Query[DetailParams]
) -> HttpResponse:
    served = served_detail(NewsPage, page_id=news_id, language=params.locale)
    page, base = served.page, served.base
    language = page.locale.language_code
    return respond(
        NewsDetail,
        {
            **base,
            "date": page.date,
            "lead": page.lead,
            "image": _images([page.image_id], DETAIL_RENDITIONS).get(page.image_id),
            "topics": _topics([page.pk], language)[page.pk],
            "body": page.body.stream_block.get_api_representation(page.body),
        },
    )


# --- competitions -------------------------------------------------------------


class CompetitionFilters(ListFilters, TextFilter, DateFilters):
    status: Literal["open", "closed", "all"] = Field(
        default="all",
        description="Open until the end of the deadline day in Dushanbe.",
    )


class CompetitionItem(ItemBase):
    position: str
    unit: str
    grade: str
    published_on: date
    deadline: date
    status: CompetitionStatus


class CompetitionList(ListPage):
    items: list[CompetitionItem]


class CompetitionDetail(CompetitionItem):
    requirements: str = Field(description="HTML.")
    documents_to_submit: str = Field(description="HTML.")
    how_to_apply: str = Field(description="HTML.")
    contact_name: str
    contact_phone: str
    contact_email: str
    results: str = Field(description="HTML; empty until decided.")


LATEST = Keyset(
    fields=("published_on", "id"), parsers=(cursor_date, cursor_int), descending=True
)
COMPETITION_FIELDS = ("position", "unit", "grade", "published_on", "deadline")


def _narrow_competitions(filters: CompetitionFilters) -> Narrowing:
    today = dushanbe_today()

    def narrow(queryset: QuerySet[CompetitionPage]) -> QuerySet[CompetitionPage]:
        if filters.status == "open":
            queryset = queryset.filter(deadline__gte=today)
        elif filters.status == "closed":
            queryset = queryset.filter(deadline__lt=today)
        if filters.since:
            queryset = queryset.filter(published_on__gte=filters.since)
        if filters.until:
            queryset = queryset.filter(published_on__lte=filters.until)
        if filters.q and filters.q.strip():
            text = filters.q.strip()
            queryset = queryset.filter(
                containing(
                    text,
                    [
                        (Page, "title"),
                        (CompetitionPage, "position"),
                        (CompetitionPage, "unit"),
                    ],
                )
            )
        return queryset

    return narrow


def _competition_fields(values: dict[str, Any], today: date) -> dict[str, Any]:
    return {
        **{field: values[field] for field in COMPETITION_FIELDS},
        "status": competition_status(deadline=values["deadline"], today=today),
    }


competitions_router = Router(tags=["competitions"])


@competitions_router.get(
    "/",
    response={200: CompetitionList, **ERROR_RESPONSES},
    summary="List civil-service competitions",
)
def list_competitions(
    request: HttpRequest, filters: Query[CompetitionFilters]
) -> HttpResponse:
    """Competitions of every online agency, latest published first."""
    served, next_cursor = served_list(
        CompetitionPage,
        filters=filters,
        keyset=LATEST,
        fields=COMPETITION_FIELDS,
        narrow=_narrow_competitions(filters),
    )
    today = dushanbe_today()
    return respond(
        CompetitionList,
        {
            "items": [
                {**item.base, **_competition_fields(item.row, today)} for item in served
            ],
            "next_cursor": next_cursor,
        },
    )


@competitions_router.get(
    "/{competition_id}/",
    response={200: CompetitionDetail, **ERROR_RESPONSES},
    summary="One competition",
)
def competition_detail(
    request: HttpRequest, competition_id: PageId, params: Query[DetailParams]
) -> HttpResponse:
    served = served_detail(
        CompetitionPage, page_id=competition_id, language=params.locale
    )
    page, base = served.page, served.base
    values = {field: getattr(page, field) for field in COMPETITION_FIELDS}
    return respond(
        CompetitionDetail,
        {
            **base,
            **_competition_fields(values, dushanbe_today()),
            "requirements": expand_db_html(page.requirements),
            "documents_to_submit": expand_db_html(page.documents_to_submit),
            "how_to_apply": expand_db_html(page.how_to_apply),
            "contact_name": page.contact_name,
            "contact_phone": page.contact_phone,
            "contact_email": page.contact_email,
            "results": expand_db_html(page.results),
        },
    )


register_router("news", router)
register_router("competitions", competitions_router)
register_searchable("news", NewsPage, text_fields=("lead",))
register_searchable("competition", CompetitionPage, text_fields=("position", "unit"))
