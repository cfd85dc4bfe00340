"""Reads of news and competitions, each in a fixed number of queries."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page as PaginatorPage
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import QueryDict

from cms.listings import (
    FilterOption,
    filter_options,
    paginate,
    query_string_without_page,
)
from cms.selectors import localized_in_order, public
from news.models import (
    CompetitionIndexPage,
    CompetitionPage,
    NewsIndexPage,
    NewsPage,
    NewsTopic,
)
from news.status import CompetitionStatus, dushanbe_today

NEWS_PER_PAGE = 10
COMPETITIONS_PER_PAGE = 20


@dataclass(frozen=True)
class NewsListing:
    """One page of a section's news, with the filters that chose it."""

    items: PaginatorPage
    topics: list[FilterOption]
    years: list[FilterOption]
    query_string: str
    is_filtered: bool


@dataclass(frozen=True)
class CompetitionListing:
    """One page of a section's competitions, open ones first."""

    items: PaginatorPage
    statuses: list[FilterOption]
    query_string: str
    is_filtered: bool


class NewsFilterForm(forms.Form):
    topic = forms.SlugField(required=False)
    year = forms.IntegerField(required=False, min_value=1991, max_value=9999)


class CompetitionFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", "")] + CompetitionStatus.choices
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
    # Renditions come from Wagtail's rendition cache, not a query per image.
    items = items.select_related("image", "listing_image").order_by(
        "-date", "-first_published_at"
    )
    page = paginate(items, params=params, per_page=NEWS_PER_PAGE)

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


def topics_of(*, page: NewsPage) -> list[NewsTopic]:
    """A news item's topics in its own language, in the editors' order."""
    return localized_in_order(
        NewsTopic.objects.all(),
        ids=[link.topic_id for link in page.topics.all()],
        locale_id=page.locale_id,
    )
