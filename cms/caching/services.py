"""Invalidation of cached pages when what they show changes.

Each invalidation renews the generation tokens at once (so the writer's own
next request, and tests running inside one transaction, see the change) and
again when the transaction commits: a page rendered from the old data by
another request in between is cached under the token renewed first, and is
dropped by the second renewal.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from wagtail.models import Page, Site

from .edge import ban_everything, ban_hosts
from .expiry import remember_next_expiry
from .generations import renew_global, renew_hosts


def _now_and_after_commit(renew: Callable[[], None], ban: Callable[[], None]) -> None:
    # A change may set, move or drop a page's expiry time: the next one is
    # read again with each renewal (see cms.caching.expiry).
    renew()
    remember_next_expiry(keep_earlier=True)

    def after_commit() -> None:
        renew()
        remember_next_expiry()
        # The edge's copies only once the change is visible to its refetch.
        ban()

    transaction.on_commit(after_commit)


def invalidate_all_sites() -> None:
    """Drop every cached page of every site: for shared data (taxonomies,
    the agency registry, hostnames) and changes whose reach is unknown."""
    _now_and_after_commit(renew_global, ban_everything)


def invalidate_sites(*, site_ids: Iterable[int]) -> None:
    """Drop every cached page of these sites, and of the portal's own site
    (the default one), whose pages list every agency's content."""
    ids = {site_id for site_id in site_ids if site_id is not None}
    if not ids:
        return
    hostnames = list(
        Site.objects.filter(Q(pk__in=ids) | Q(is_default_site=True)).values_list(
            "hostname", flat=True
        )
    )
    _now_and_after_commit(lambda: renew_hosts(hostnames), lambda: ban_hosts(hostnames))


def invalidate_pages(
    *, pages: Iterable[Page] = (), page_ids: Iterable[int] = ()
) -> None:
    """Drop every cached page of the sites these pages belong to (in any of
    their languages): a page appears in its site's menus, listings and
    sitemap, not only at its own address."""
    url_paths = [page.url_path for page in pages]
    page_ids = list(page_ids)
    if page_ids:
        url_paths += Page.objects.filter(pk__in=page_ids).values_list(
            "url_path", flat=True
        )
    invalidate_sites(site_ids=site_ids_of_url_paths(url_paths))


def site_ids_of_url_paths(url_paths: Iterable[str]) -> set[int]:
    """The sites whose tree (in any language) holds these url paths, from
    Wagtail's cached list of site roots."""
    roots = Site.get_site_root_paths()  # most specific first
    found = set()
    for url_path in url_paths:
        for root in roots:
            if url_path.startswith(root.root_path):
                found.add(root.site_id)
                break
    return found


#: Changes that alter addresses other sites may link to (or show): every
#: site's pages are dropped.
ADDRESS_CHANGES = frozenset({"moved", "deleted"})


@dataclass(frozen=True)
class PublicChange:
    """One public change as the event log announces it: what happened
    (``kind``, an event kind: ``published``, ``updated``, ``moved``...) and
    where the item was and is now (url paths)."""

    kind: str
    url_paths: tuple[str, ...]


def purge_for_changes(changes: Iterable[PublicChange]) -> None:
    """Drop what a batch of events makes stale, from the page cache, the
    portal API's answers (the public generation) and the edge: the sites
    whose trees held or hold the items, or every site when an address
    changed. Called by the event log in the transaction that writes the
    events, so the purge rides on the events themselves."""
    changes = list(changes)
    if not changes:
        return
    if any(change.kind in ADDRESS_CHANGES for change in changes):
        invalidate_all_sites()
        return
    url_paths = [path for change in changes for path in change.url_paths]
    invalidate_sites(site_ids=site_ids_of_url_paths(url_paths))
