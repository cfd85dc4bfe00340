"""Bans in the cache tier in front of the application servers (Varnish,
deploy/varnish/default.vcl): whenever the page cache drops a site's pages,
the same pages are banned there, so an edge copy never outlives the change.

A BAN request goes to each address of ``settings.EDGE_CACHE_BAN_URLS`` with
``X-Ban-Host``: a regular expression of the hosts whose objects are dropped.
A cache tier that cannot be reached is logged and skipped: its copies then
expire by themselves within ``EDGE_CACHE_SECONDS``.
"""

import logging
import re
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

#: Seconds a ban request may take: it runs when an editor's change commits.
BAN_TIMEOUT = 1.0


def _ban(host_pattern: str) -> None:
    for url in settings.EDGE_CACHE_BAN_URLS:
        request = urllib.request.Request(  # noqa: S310 (configured address)
            url, method="BAN", headers={"X-Ban-Host": host_pattern}
        )
        try:
            with urllib.request.urlopen(request, timeout=BAN_TIMEOUT):  # noqa: S310
                pass
        except (OSError, urllib.error.URLError) as error:
            logger.warning(
                "edge cache ban %s at %s failed: %s", host_pattern, url, error
            )


def ban_hosts(hostnames: list[str]) -> None:
    """Drop the edge copies of every page of these hosts (any port)."""
    if settings.EDGE_CACHE_BAN_URLS and hostnames:
        names = "|".join(re.escape(name) for name in sorted(set(hostnames)))
        _ban(f"^({names})(:[0-9]+)?$")


def ban_everything() -> None:
    """Drop every edge copy of every site."""
    if settings.EDGE_CACHE_BAN_URLS:
        _ban(".")
