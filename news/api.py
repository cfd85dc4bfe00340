"""News and civil-service competitions in the portal API: /api/v1/news/ and
/api/v1/competitions/."""

from datetime import date
from typing import Any, Literal, TypedDict

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from ninja import Field

from cms.api import (
    DateFilters,
    Fields,
    ItemBase,
    Keyset,
    ListFilters,
    ListPage,
    Out,
    PageResource,
    Served,
    ServedPage,
    Slug,
    TextFilter,
    cursor_date,
    cursor_int,
    register_resource,
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


def _with_topic(
    queryset: QuerySet[NewsPage], filters: NewsFilters
) -> QuerySet[NewsPage]:
    if not filters.topic:
        return queryset
    # A topic's slug is the same in every language.
    return queryset.filter(
        Exists(
            NewsPageTopic.objects.filter(page=OuterRef("pk"), topic__slug=filters.topic)
        )
    )


def _news_items(served: list[Served], filters: NewsFilters) -> list[Fields]:
    images = _images([item.row["image_id"] for item in served], LIST_RENDITIONS)
    topics = _topics([item.row["id"] for item in served], filters.locale)
    return [
        {
            "date": item.row["date"],
            "lead": item.row["lead"],
            "image": images.get(item.row["image_id"]),
            "topics": topics[item.row["id"]],
        }
        for item in served
    ]


def _news_detail(served: ServedPage[NewsPage]) -> Fields:
    page = served.page
    images = _images([page.image_id], DETAIL_RENDITIONS)
    return {
        "date": page.date,
        "lead": page.lead,
        "image": images.get(page.image_id) if page.image_id else None,
        "topics": _topics([page.pk], page.locale.language_code)[page.pk],
        "body": page.body.stream_block.get_api_representation(page.body),
    }


news = PageResource(
    model=NewsPage,
    name="news",
    prefix="news",
    filters=NewsFilters,
    list_schema=NewsList,
    detail_schema=NewsDetail,
    keyset=Keyset(
        fields=("date", "id"), parsers=(cursor_date, cursor_int), descending=True
    ),
    fields=("date", "lead", "image_id"),
    text_fields=("lead",),
    dated_by="date",
    narrow=_with_topic,
    items=_news_items,
    detail=_news_detail,
    list_summary="List public news",
    list_description="News of every online agency, newest first.",
    detail_summary="One news item",
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


COMPETITION_FIELDS = ("position", "unit", "grade", "published_on", "deadline")


def _with_status(
    queryset: QuerySet[CompetitionPage], filters: CompetitionFilters
) -> QuerySet[CompetitionPage]:
    if filters.status == "open":
        return queryset.filter(deadline__gte=dushanbe_today())
    if filters.status == "closed":
        return queryset.filter(deadline__lt=dushanbe_today())
    return queryset


def _competition_fields(values: dict[str, Any], today: date) -> Fields:
    return {
        **{field: values[field] for field in COMPETITION_FIELDS},
        "status": competition_status(deadline=values["deadline"], today=today),
    }


def _competition_items(
    served: list[Served], filters: CompetitionFilters
) -> list[Fields]:
    today = dushanbe_today()
    return [_competition_fields(item.row, today) for item in served]


def _competition_detail(served: ServedPage[CompetitionPage]) -> Fields:
    page = served.page
    values = {field: getattr(page, field) for field in COMPETITION_FIELDS}
    return {
        **_competition_fields(values, dushanbe_today()),
        "requirements": expand_db_html(page.requirements),
        "documents_to_submit": expand_db_html(page.documents_to_submit),
        "how_to_apply": expand_db_html(page.how_to_apply),
        "contact_name": page.contact_name,
        "contact_phone": page.contact_phone,
        "contact_email": page.contact_email,
        "results": expand_db_html(page.results),
    }


competitions = PageResource(
    model=CompetitionPage,
    name="competition",
    prefix="competitions",
    filters=CompetitionFilters,
    list_schema=CompetitionList,
    detail_schema=CompetitionDetail,
    keyset=Keyset(
        fields=("published_on", "id"),
        parsers=(cursor_date, cursor_int),
        descending=True,
    ),
    fields=COMPETITION_FIELDS,
    text_fields=("position", "unit"),
    dated_by="published_on",
    narrow=_with_status,
    items=_competition_items,
    detail=_competition_detail,
    list_summary="List civil-service competitions",
    list_description="Competitions of every online agency, latest published first.",
    detail_summary="One competition",
)

register_resource(news)
register_resource(competitions)
