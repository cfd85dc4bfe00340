"""The news app's content-health rules (:mod:`cms.contracts.health`): news
kept fresh, and civil-service competitions announced. Each check costs at
most two queries per agency."""

from datetime import timedelta

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from cms.contracts.health import (
    ContentRule,
    Finding,
    HealthContext,
    Parameter,
    Severity,
)
from news.models import CompetitionIndexPage, CompetitionPage, NewsPage

NEWS_DAYS = Parameter(
    key="news.max_age_days",
    label=_("Days within which the latest news must be published"),
    default=14,
)
COMPETITION_DAYS = Parameter(
    key="news.competition_days",
    label=_(
        "Days within which a competition, or a statement that none is open, "
        "must be published"
    ),
    default=90,
)


def check_news_freshness(context: HealthContext) -> list[Finding]:
    """The latest news item is dated within the period. One query."""
    ids = [row.id for row in context.pages_of(NewsPage)]
    latest = NewsPage.objects.filter(pk__in=ids).aggregate(latest=Max("date"))["latest"]
    days = context.value(NEWS_DAYS)
    fix = _(
        "Publish the agency's news as it happens: at least one item every "
        "%(days)s days."
    )
    if latest is None:
        return [
            Finding(
                message=_("The News section has no news."),
                values={"days": days},
                fix=fix,
            )
        ]
    if latest < context.today - timedelta(days=days):
        return [
            Finding(
                message=_("The latest news is dated %(date)s."),
                values={"date": latest.isoformat(), "days": days},
                fix=fix,
            )
        ]
    return []


def check_competitions(context: HealthContext) -> list[Finding]:
    """An open competition, or one announced within the period, or the
    Competitions section's statement (its introduction) updated within the
    period. One query, two when there is no competition."""
    ids = [row.id for row in context.pages_of(CompetitionPage)]
    since = context.today - timedelta(days=context.value(COMPETITION_DAYS))
    recent = Q(deadline__gte=context.today) | Q(published_on__gte=since)
    if CompetitionPage.objects.filter(recent, pk__in=ids).exists():
        return []
    sections = context.pages_of(CompetitionIndexPage)
    fix = _(
        "Announce every vacant civil-service position as a competition; when "
        "none is open, say so in the section's introduction and publish it."
    )
    if not sections:
        return [Finding(message=_("The site has no Competitions section."), fix=fix)]
    section = sections[0]
    statement = (
        CompetitionIndexPage.objects.filter(pk=section.id)
        .values_list("intro", flat=True)
        .first()
    )
    updated = section.last_published_at
    if statement and updated is not None and updated.date() >= since:
        return []
    return [
        Finding(
            message=_(
                "No competition is open or was announced since %(date)s, and "
                "the section does not say that none is open."
            ),
            values={"date": since.isoformat()},
            page_id=section.id,
            field=CompetitionIndexPage._meta.get_field("intro").verbose_name,
            fix=fix,
        )
    ]


NEWS_FRESHNESS = ContentRule(
    code="news.freshness",
    title=_("News is up to date"),
    explanation=_(
        "The News section shows the agency at work: a decision, an event, a "
        "change for citizens. A site whose latest news is weeks old looks "
        "abandoned, and people stop trusting the rest of it."
    ),
    severity=Severity.IMPORTANT,
    check=check_news_freshness,
    parameters=(NEWS_DAYS,),
)
COMPETITIONS_POSTED = ContentRule(
    code="news.competitions",
    title=_("Civil-service competitions are announced"),
    explanation=_(
        "The law asks every state body to announce its vacant civil-service "
        "positions publicly. The audit found that no site did. Post each "
        "competition, or state in the section that none is open."
    ),
    severity=Severity.CRITICAL,
    check=check_competitions,
    parameters=(COMPETITION_DAYS,),
)
HEALTH_RULES = (NEWS_FRESHNESS, COMPETITIONS_POSTED)
