"""Models of agency news and civil-service competitions."""

from .articles import NewsIndexPage, NewsPage, NewsPageTopic
from .competitions import CompetitionIndexPage, CompetitionPage
from .topics import NewsTopic

__all__ = [
    "CompetitionIndexPage",
    "CompetitionPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTopic",
    "NewsTopic",
]
