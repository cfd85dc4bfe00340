"""Reads of news and competitions, each in a fixed number of queries."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
)
from django.http import QueryDict

from wagtail.models import Page

from cms.listings import (
    FilterOption,
    filter_options,
    paginate,
    query_string_without_page,
)
from cms.media.renditions import prefetch_stored_renditions
from cms.selectors import public
from news.models import (
    CompetitionIndexPage,
    CompetitionPage,
    NewsIndexPage,
    NewsPage,
    NewsPageTopic,
    NewsTopic,
)
from news.status import CompetitionStatus, dushanbe_today

NEWS_PER_PAGE = 10
COMPETITIONS_PER_PAGE = 20
NEWS_FEED_SIZE = 20


@dataclass(frozen=True)
class NewsListing:
    """One page of a section's news, with the filters that chose it."""

    items: PaginatorPage[NewsPage]
    topics: list[FilterOption]
    years: list[FilterOption]
    query_string: str
    is_filtered: bool


@dataclass(frozen=True)
class CompetitionListing:
    """One page of a section's competitions, open ones first."""

    items: PaginatorPage[CompetitionPage]
    statuses: list[FilterOption]
    query_string: str
    is_filtered: bool


class NewsFilterForm(forms.Form):
    topic = forms.SlugField(required=False)
    year = forms.IntegerField(required=False, min_value=1991, max_value=9999)


class CompetitionFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", ""), *CompetitionStatus.choices]
    )


def news_listing(*, index: NewsIndexPage, params: QueryDict) -> NewsListing:
    """The live news of a News section, newest first, filtered by topic and
    year, paginated, with their listing images' renditions."""
    form = NewsFilterForm(params)
    chosen = form.cleaned_data if form.is_valid() else {}
    in_section = public(NewsPage.objects.child_of(index).live())
    items = in_section
    if chosen.get("topic"):
        items = items.filter(topics__topic__slug=chosen["topic"]).distinct()
    if chosen.get("year"):
        items = items.filter(date__year=chosen["year"])
    items = items.select_related("image", "listing_image").order_by(
        "-date", "-first_published_at"
    )
    page = paginate(items, params=params, per_page=NEWS_PER_PAGE)
    # The cards' stored renditions, in one query for the whole page of news.
    page.object_list = list(page.object_list)
    prefetch_stored_renditions(
        images=[item.get_listing_image() for item in page.object_list]
    )

    used_slugs = NewsTopic.objects.filter(news_links__page__in=in_section.values("pk"))
    topics = NewsTopic.objects.filter(
        locale_id=index.locale_id, slug__in=used_slugs.values("slug")
    )
    years = [day.year for day in in_section.dates("date", "year", order="DESC")]
    return NewsListing(
        items=page,
        topics=filter_options(
            ((topic.slug, topic.name) for topic in topics), chosen=chosen.get("topic")
        ),
        years=filter_options(
            ((year, year) for year in years), chosen=chosen.get("year")
        ),
        query_string=query_string_without_page(params),
        is_filtered=any(chosen.values()),
    )


def competition_listing(
    *, index: CompetitionIndexPage, params: QueryDict
) -> CompetitionListing:
    """The live competitions of a section, open ones first, then the most
    recently published, filtered by status (open or closed), paginated."""
    form = CompetitionFilterForm(params)
    chosen = form.cleaned_data if form.is_valid() else {}
    open_now = Q(deadline__gte=dushanbe_today())
    items = public(CompetitionPage.objects.child_of(index).live()).annotate(
        is_open_now=ExpressionWrapper(open_now, output_field=BooleanField())
    )
    if chosen.get("status") == CompetitionStatus.OPEN:
        items = items.filter(open_now)
    elif chosen.get("status") == CompetitionStatus.CLOSED:
        items = items.exclude(open_now)
    items = items.order_by("-is_open_now", "-published_on", "-pk")
    page = paginate(items, params=params, per_page=COMPETITIONS_PER_PAGE)
    return CompetitionListing(
        items=page,
        statuses=filter_options(CompetitionStatus.choices, chosen=chosen.get("status")),
        query_string=query_string_without_page(params),
        is_filtered=any(chosen.values()),
    )


HOME_ITEMS = 3


def latest_news_of_site(*, home: Page, limit: int = HOME_ITEMS) -> list[NewsPage]:
    """The newest live, public news of an agency's site in the home page's
    language. One query."""
    return list(
        public(NewsPage.objects.live().descendant_of(home))
        .filter(locale_id=home.locale_id)
        .order_by("-date", "-first_published_at")[:limit]
    )


def open_competitions(*, home: Page, limit: int = HOME_ITEMS) -> list[CompetitionPage]:
    """The competitions of an agency's site, in the home page's language,
    still open today in Dushanbe, closing soonest first. One query."""
    return list(
        public(CompetitionPage.objects.live().descendant_of(home))
        .filter(locale_id=home.locale_id, deadline__gte=dushanbe_today())
        .order_by("deadline", "title")[:limit]
    )


def latest_news(*, index: NewsIndexPage, limit: int = NEWS_FEED_SIZE) -> list[NewsPage]:
    """The newest live, public news of a News section, for its feed."""
    return list(
        public(NewsPage.objects.child_of(index).live())
        .select_related("locale")
        .order_by("-date", "-first_published_at")[:limit]
    )


def topics_of(*, page: NewsPage) -> list[NewsTopic]:
    """A news item's topics in its own language (the linked topic where it
    has no translation), in the editors' order. One query.

    Topic links are synchronised: a translation links the source language's
    topics, so each link is matched with its topic's translation here."""
    links = NewsPageTopic.objects.filter(page_id=page.pk)
    link_order = links.filter(topic__translation_key=OuterRef("translation_key"))
    candidates = (
        NewsTopic.objects.filter(
            translation_key__in=links.values("topic__translation_key")
        )
        .filter(Q(locale_id=page.locale_id) | Q(pk__in=links.values("topic_id")))
        .annotate(link_order=Subquery(link_order.values("sort_order")[:1]))
    )
    chosen: dict[object, NewsTopic] = {}
    for topic in candidates:
        current = chosen.get(topic.translation_key)
        if current is None or topic.locale_id == page.locale_id:
            chosen[topic.translation_key] = topic
    return sorted(
        chosen.values(), key=lambda topic: (topic.link_order is None, topic.link_order)
    )
