"""The RSS feed of a News section: its newest public items, in its language.

Every address in it is absolute and comes from the agency's ``Site``
(hostname, port and scheme, as ``Site.root_url`` gives them), never from the
request's ``Host``: the feed is cached once for everyone who asks. It answers
``If-None-Match`` and ``If-Modified-Since`` with 304.
"""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.caching.conditional import answer_conditionally
from news.models import NewsIndexPage, NewsPage
from news.selectors import latest_news


class NewsFeed(Feed[NewsPage, HttpRequest]):
    """RSS 2.0 of one News section (``/tg/news/rss/``)."""

    def __init__(self, index: NewsIndexPage) -> None:
        super().__init__()
        self.index = index

    def __call__(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpResponse:
        # Django's feed dates Last-Modified by its newest item, which an
        # unpublished or expired item would not move: the validators of
        # every polled file replace it.
        response = super().__call__(request, *args, **kwargs)
        return answer_conditionally(request, response)

    def get_object(
        self, request: HttpRequest, *args: object, **kwargs: object
    ) -> HttpRequest:
        return request

    def title(self, request: HttpRequest) -> str:
        from cms.chrome import site_chrome

        chrome = site_chrome(request=request)
        if chrome is None:
            return str(self.index.title)
        return _("%(section)s · %(agency)s") % {
            "section": self.index.title,
            "agency": chrome.name,
        }

    def link(self, request: HttpRequest) -> str:
        # Every section served has a site, so a full URL.
        return self.index.get_full_url(request) or ""

    def description(self, request: HttpRequest) -> str:
        return self.index.intro or self.index.title

    def feed_url(self, request: HttpRequest) -> str:
        return f"{self.index.get_full_url(request)}rss/"

    def items(self, request: HttpRequest) -> list[NewsPage]:
        self.request = request
        return latest_news(index=self.index)

    def item_title(self, item: NewsPage) -> str:
        return str(item.title)

    def item_description(self, item: NewsPage) -> str:
        return item.get_listing_summary()

    def item_link(self, item: NewsPage) -> str:
        return item.get_full_url(self.request) or ""

    def item_guid(self, item: NewsPage) -> str:
        # The permanent address, the same as the link.
        return self.item_link(item)

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsPage) -> datetime:
        # The news' own date, at the time of day it was first published.
        published = timezone.localtime(item.first_published_at or timezone.now())
        return timezone.make_aware(datetime.combine(item.date, published.time()))

    def item_updateddate(self, item: NewsPage) -> datetime | None:
        updated: datetime | None = item.last_published_at
        return updated
