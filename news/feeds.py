"""The RSS feed of a News section: its newest items, in its language."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from news.models import NewsIndexPage, NewsPage
from news.selectors import latest_news


class NewsFeed(Feed):
    """RSS 2.0 of one News section (``/tg/news/rss/``)."""

    def __init__(self, index: NewsIndexPage) -> None:
        super().__init__()
        self.index = index

    def get_object(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpRequest:
        return request

    def title(self, request: HttpRequest) -> str:
        from cms.chrome import site_chrome

        chrome = site_chrome(request=request)
        if chrome is None:
            return self.index.title
        return _("%(section)s · %(agency)s") % {
            "section": self.index.title,
            "agency": chrome.name,
        }

    def link(self, request: HttpRequest) -> str:
        return self.index.get_url(request)

    def description(self, request: HttpRequest) -> str:
        return self.index.intro or self.index.title

    def feed_url(self, request: HttpRequest) -> str:
        return f"{self.index.get_url(request)}rss/"

    def items(self, request: HttpRequest) -> list[NewsPage]:
        self.request = request
        return latest_news(index=self.index)

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.get_listing_summary()

    def item_link(self, item: NewsPage) -> str:
        return item.get_url(self.request)

    def item_guid(self, item: NewsPage) -> str:
        return item.get_full_url(self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsPage) -> datetime:
        # The news' own date, at the time of day it was first published.
        published = timezone.localtime(item.first_published_at or timezone.now())
        return timezone.make_aware(datetime.combine(item.date, published.time()))

    def item_updateddate(self, item: NewsPage) -> datetime | None:
        return item.last_published_at
