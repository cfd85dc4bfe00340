"""A page's expiry time is a change of content.

A page whose ``expire_at`` has come is hidden at once by every read (see
:func:`cms.selectors.live_now`), long before Wagtail's ``publish_scheduled``
command unpublishes it, so nothing announces it: no signal, no invalidation.
The cache therefore keeps the next expiry time of any live page (one query
after each change of content, read with the generations on every request);
the first request after that moment renews every generation, exactly as an
unpublication would, so cached pages (menus, listings, sitemaps, feeds) and
the portal API's public scope and ``Last-Modified`` move on at once.
"""

import math
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from wagtail.models import Page

from cms.selectors import live_now

from .generations import (
    CHANGED_AT_KEY,
    GENERATION_TIMEOUT,
    Generations,
    read_generations,
    read_public_generation,
    renew_global,
)
from .generations import content_changed_at as changed_at_marker

NEXT_EXPIRY_KEY = "pagecache:next-expiry"
# Stored when no live page has an expiry time ahead.
NONE_AHEAD = math.inf


def next_expiry_in_database(*, now: datetime) -> float:
    """The soonest expiry time after ``now`` of a page that is live now (a
    Unix time), or ``NONE_AHEAD``. One query."""
    soonest = (
        Page.objects.filter(live_now(at=now), expire_at__isnull=False)
        .aggregate(soonest=Min("expire_at"))
        .get("soonest")
    )
    return NONE_AHEAD if soonest is None else soonest.timestamp()


def remember_next_expiry(*, keep_earlier: bool = False) -> float:
    """Read the next expiry time from the database and keep it in the cache.

    ``keep_earlier`` keeps a sooner value already stored: inside a
    transaction that may still roll back, an earlier moment costs at most
    one needless renewal, a later one would keep stale pages."""
    moment = next_expiry_in_database(now=timezone.now())
    if keep_earlier:
        stored = cache.get(NEXT_EXPIRY_KEY)
        if stored is not None:
            moment = min(moment, stored)
    cache.set(NEXT_EXPIRY_KEY, moment, GENERATION_TIMEOUT)
    return moment


def renew_if_expired(next_expiry: float | None, *, now: datetime) -> bool:
    """Renew every generation when a page has expired since the next expiry
    time was read (``next_expiry``, as read from the cache: None when it is
    not there). Returns whether it did."""
    if next_expiry is None:
        next_expiry = remember_next_expiry()
    if next_expiry > now.timestamp():
        return False
    renew_global()
    remember_next_expiry()
    return True


def read_generations_at(
    hostname: str, *, extra_keys: tuple[str, ...] = (), now: datetime
) -> tuple[Generations | None, list[Any]]:
    """:func:`read_generations` after any expiry that has come: one round
    trip to the cache while no page has expired."""
    generations, values = read_generations(
        hostname, extra_keys=(*extra_keys, NEXT_EXPIRY_KEY)
    )
    if renew_if_expired(values[-1], now=now):
        return read_generations(hostname, extra_keys=extra_keys)
    return generations, values[:-1]


def read_public_generation_at(
    *, extra_keys: tuple[str, ...] = (), now: datetime
) -> tuple[str, list[Any]]:
    """:func:`read_public_generation` after any expiry that has come: one
    round trip to the cache while no page has expired."""
    token, values = read_public_generation(extra_keys=(*extra_keys, NEXT_EXPIRY_KEY))
    if renew_if_expired(values[-1], now=now):
        return read_public_generation(extra_keys=extra_keys)
    return token, values[:-1]


def content_changed_at() -> float:
    """When public content last changed anywhere (a Unix time), counting a
    page's expiry as a change (see :func:`changed_at_marker`)."""
    found = cache.get_many([CHANGED_AT_KEY, NEXT_EXPIRY_KEY])
    if renew_if_expired(found.get(NEXT_EXPIRY_KEY), now=timezone.now()):
        return changed_at_marker()
    changed_at = found.get(CHANGED_AT_KEY)
    return changed_at if changed_at is not None else changed_at_marker()
