"""Publishing event types: which page types' public changes the event log
announces, and under which name.

A content app registers each of its item page types in its
``AppConfig.ready()``::

    event_sources.register(EventSource(model=ServicePage, prefix="service"))

and the event log (``publishing_events``) announces ``service.published``,
``service.updated``, ``service.unpublished``... for those pages, without
importing the app. Page types not registered (index pages, home pages,
standard pages) produce no events of their own.
"""

import re
from dataclasses import dataclass

from wagtail.models import Page

from . import Registry

PREFIX_PATTERN = re.compile(r"^[a-z][a-z_]{0,31}$")


@dataclass(frozen=True)
class EventSource:
    """A page type whose public changes are announced as ``<prefix>.<kind>``
    events (``prefix``: lower-case letters and underscores, e.g.
    ``service``)."""

    model: type[Page]
    prefix: str

    def __post_init__(self) -> None:
        if not PREFIX_PATTERN.match(self.prefix):
            raise ValueError(f"Invalid event type prefix: {self.prefix!r}")


#: Every page type the event log announces.
event_sources: Registry[EventSource] = Registry("publishing event sources")


def event_prefixes() -> dict[type[Page], str]:
    """The registered page types and their prefixes."""
    found: dict[type[Page], str] = {}
    for source in event_sources:
        if source.model in found and found[source.model] != source.prefix:
            raise ValueError(f"{source.model.__name__} has two event type prefixes")
        found[source.model] = source.prefix
    return found


#: The event logs writing events for the registered sources (the
#: ``publishing_events`` app registers itself). While one does, the pages of
#: the registered types are purged from the caches by their events (see
#: ``cms.caching.purge_for_changes``), not by the page cache's own signals.
event_logs: Registry[str] = Registry("publishing event logs")


def announced_by_events(model: type[Page]) -> bool:
    """Whether an event log announces the public changes of pages of
    ``model`` (and purges the caches with them)."""
    return bool(len(event_logs)) and model in event_prefixes()
