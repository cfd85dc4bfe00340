"""Writes of news and competitions, built the way the admin builds them
(validated, published, translatable)."""

from collections.abc import Iterable, Mapping

from django.conf import settings

from cms.services import add_published_child, save_translated_snippet
from news.models import (
    CompetitionIndexPage,
    CompetitionPage,
    NewsIndexPage,
    NewsPage,
    NewsPageTopic,
    NewsTopic,
)


def create_news_topic(*, slug: str, names: Mapping[str, str]) -> NewsTopic:
    """A news topic in the default language, translated into every other
    language whose name is given. Returns the default-language one."""
    return save_translated_snippet(
        NewsTopic(slug=slug, name=names[settings.LANGUAGE_CODE]),
        translations={code: {"name": name} for code, name in names.items()},
    )


def create_news(
    *,
    index: NewsIndexPage,
    title: str,
    topics: Iterable[NewsTopic] = (),
    **fields: object,
) -> NewsPage:
    """Publish a news item under a News section, filed under the topics."""
    news = NewsPage(title=title, **fields)
    # modelcluster takes a list for a ParentalKey relation; the plugin
    # sees a read-only related manager.
    news.topics = [NewsPageTopic(topic=topic) for topic in topics]  # type: ignore[misc]
    return add_published_child(parent=index, page=news)


def create_competition(
    *, index: CompetitionIndexPage, title: str, **fields: object
) -> CompetitionPage:
    """Publish a competition under a Competitions section."""
    return add_published_child(
        parent=index, page=CompetitionPage(title=title, **fields)
    )
