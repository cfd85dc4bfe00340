"""News and competitions on the portal (:mod:`cms.contracts.portal`): the
national board of civil-service competitions, open ones by deadline, and
news across agencies, newest first. Read by the API's rule of what is
public (:func:`cms.api.content.served_translations`), in a fixed number of
queries whatever the number of agencies."""

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.api.content import Tenancy, public_scope, served_translations
from cms.contracts.portal import (
    ListingEntry,
    ListingFilter,
    ListingQuery,
    ListingResult,
    NationalListing,
    agencies_in,
    agency_filter,
    chosen,
    region_filter,
    rows_shown,
)
from cms.listings import filter_options
from news.models import CompetitionPage, NewsPage, NewsPageTopic, NewsTopic
from news.status import CompetitionStatus, dushanbe_today

COMPETITION_FIELDS = (
    "pk",
    "title",
    "position",
    "unit",
    "grade",
    "deadline",
    "published_on",
    "requirements",
    "path",
    "url_path",
    "last_published_at",
)


def read_competitions(query: ListingQuery) -> ListingResult:
    """Open competitions of every online agency, the deadline soonest first
    (closed ones, latest deadline first, with ``status=closed``). Three
    queries: the competitions, the grades to filter by, the count of the
    closed ones, and the count of the page's (one on the home: the
    competitions)."""
    scope = public_scope()
    tenancy = scope.tenancy
    params = query.params
    language = query.language_code
    agency, agencies = agency_filter(tenancy, params=params, language_code=language)
    region, regions = region_filter(tenancy, params=params)
    status = chosen(params, "status", CompetitionStatus.values) or "open"
    slugs = agencies_in(tenancy, agency=agency, region=region)
    everything = served_translations(
        CompetitionPage, scope=scope, language=language, agencies=slugs or []
    )
    if slugs == []:
        everything = everything.none()
    today = dushanbe_today()
    open_ones = everything.filter(deadline__gte=today)
    closed = everything.filter(deadline__lt=today)
    # The home shows the first few, unfiltered.
    grades = (
        []
        if query.for_home
        else sorted(
            set(open_ones.exclude(grade="").values_list("grade", flat=True).distinct())
        )
    )
    grade = chosen(params, "grade", grades)
    shown = open_ones if status == "open" else closed
    if grade:
        shown = shown.filter(grade=grade)
    order = ("deadline", "pk") if status == "open" else ("-deadline", "-pk")
    rows, pagination = rows_shown(
        shown.order_by(*order).values(*COMPETITION_FIELDS), query
    )
    entries = [_competition_entry(row, tenancy=tenancy) for row in rows]
    filters = [
        agencies,
        regions,
        ListingFilter(
            name="grade",
            label=_("Grade"),
            options=filter_options(
                [*((value, value) for value in grades)],
                chosen=grade,
            ),
        ),
        ListingFilter(
            name="status",
            label=_("Status"),
            options=filter_options(CompetitionStatus.choices, chosen=status),
        ),
    ]
    archived = 0 if query.for_home or status != "open" else closed.count()
    return ListingResult(
        entries=entries, filters=filters, archived=archived, pagination=pagination
    )


def _competition_entry(row: dict[str, Any], *, tenancy: Tenancy) -> ListingEntry:
    home = tenancy.home_of(row["path"])
    agency = home.agency if home else None
    agency_name = agency.name(home.language) if agency and home else ""
    url = tenancy.page_url(path=row["path"], url_path=row["url_path"])
    deadline = date_format(row["deadline"], "DATE_FORMAT")
    organization: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": agency_name or row["unit"],
    }
    if agency:
        organization["url"] = agency.root_url
    posting: dict[str, Any] = {
        "@type": "JobPosting",
        "title": row["position"],
        "description": row["requirements"] or row["position"],
        "datePosted": row["published_on"].isoformat(),
        "validThrough": f"{row['deadline'].isoformat()}T23:59:59+05:00",
        "employmentType": "FULL_TIME",
        "hiringOrganization": organization,
        "jobLocation": {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressCountry": "TJ"},
        },
        "directApply": False,
        "url": url,
    }
    if row["grade"]:
        posting["qualifications"] = row["grade"]
    return ListingEntry(
        title=row["title"],
        url=url,
        agency=agency_name,
        summary=" · ".join(part for part in (row["position"], row["unit"]) if part),
        details=(
            (_("Applications until"), deadline),
            *(((_("Grade"), row["grade"]),) if row["grade"] else ()),
        ),
        badges=(
            str(
                CompetitionStatus.OPEN.label
                if row["deadline"] >= dushanbe_today()
                else CompetitionStatus.CLOSED.label
            ),
        ),
        published=row["last_published_at"],
        structured_data=posting,
    )


NEWS_FIELDS = ("pk", "title", "lead", "date", "path", "url_path", "last_published_at")


def read_news(query: ListingQuery) -> ListingResult:
    """News of every online agency, newest first, a page at a time. Three
    queries: the count, the page of news and the topics to filter by (one on
    the home: the news)."""
    scope = public_scope()
    tenancy = scope.tenancy
    params = query.params
    language = query.language_code
    agency, agencies = agency_filter(tenancy, params=params, language_code=language)
    # The home shows the newest, unfiltered.
    topic_ids = (
        []
        if query.for_home
        else list(
            NewsTopic.objects.filter(locale__language_code=language)
            .order_by("name")
            .values_list("pk", "slug", "name")
        )
    )
    topic = chosen(params, "topic", [slug for _pk, slug, _name in topic_ids])
    slugs = agencies_in(tenancy, agency=agency, region="")
    news = served_translations(
        NewsPage, scope=scope, language=language, agencies=slugs or []
    )
    if slugs == []:
        news = news.none()
    if topic:
        # Topics are synchronised links, kept on the source language's page.
        tagged = NewsPageTopic.objects.filter(topic__slug=topic).values(
            "page__translation_key"
        )
        news = news.filter(translation_key__in=tagged)
    rows, pagination = rows_shown(
        news.order_by("-date", "-pk").values(*NEWS_FIELDS), query
    )
    entries = []
    for row in rows:
        home = tenancy.home_of(row["path"])
        entries.append(
            ListingEntry(
                title=row["title"],
                url=tenancy.page_url(path=row["path"], url_path=row["url_path"]),
                agency=home.agency.name(home.language) if home else "",
                summary=row["lead"],
                details=((_("Date"), date_format(row["date"], "DATE_FORMAT")),),
                published=row["last_published_at"],
            )
        )
    filters = [
        agencies,
        ListingFilter(
            name="topic",
            label=_("Topic"),
            options=filter_options(
                [
                    *((slug, name) for _pk, slug, name in topic_ids),
                ],
                chosen=topic,
            ),
        ),
    ]
    return ListingResult(entries=entries, filters=filters, pagination=pagination)


COMPETITION_BOARD = NationalListing(
    slug="competitions",
    title=gettext_lazy("Civil-service competitions"),
    description=gettext_lazy(
        "Every open civil-service competition of every government body, the "
        "deadline soonest first."
    ),
    order=20,
    read=read_competitions,
    has_feeds=True,
    home_limit=5,
    home_title=gettext_lazy("Competitions closing soonest"),
)
NATIONAL_NEWS = NationalListing(
    slug="news",
    title=gettext_lazy("News of all agencies"),
    description=gettext_lazy("The latest news of every government body."),
    order=30,
    read=read_news,
    has_feeds=True,
    home_limit=5,
    home_title=gettext_lazy("Latest news"),
)
