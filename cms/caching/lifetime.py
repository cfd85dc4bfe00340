"""How long a cached page may be kept."""

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

_LIMIT_ATTRIBUTE = "page_cache_until"


def limit_page_cache(request: HttpRequest, *, until: datetime) -> None:
    """Keep the page rendered for ``request`` in the cache no later than
    ``until`` (an alert starts or ends then, a deadline passes...)."""
    current = getattr(request, _LIMIT_ATTRIBUTE, None)
    if current is None or until < current:
        setattr(request, _LIMIT_ATTRIBUTE, until)


def next_local_midnight(now: datetime) -> datetime:
    """The next midnight in the platform's time zone (Dushanbe)."""
    local = timezone.localtime(now)
    tomorrow = (local + timedelta(days=1)).date()
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


def page_cache_seconds(request: HttpRequest, *, now: datetime) -> int:
    """Seconds the response to ``request`` may stay cached: the configured
    lifetime, cut at local midnight (pages say what is open or upcoming
    today) and at any limit the page set with :func:`limit_page_cache`."""
    ends = [
        now + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
        next_local_midnight(now),
    ]
    limit = getattr(request, _LIMIT_ATTRIBUTE, None)
    if limit is not None:
        ends.append(limit)
    return max(0, int((min(ends) - now).total_seconds()))
