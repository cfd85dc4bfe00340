"""Listed items' JSON kept one by one, so that a list the response cache
does not hold is assembled from items already written.

A list answer the response cache (:mod:`cms.api.cache`) misses (a new
cursor, filter, limit or agency, or the first request after a change)
costs its keyset query (the listed items' ids only, a statement prepared
once per connection: :func:`cms.api.pagination.prepared_values`), a lookup
of each item's JSON in this process's memory (:class:`ProcessMemory`), one
read of the shared cache for those it does not hold, and their
concatenation; only items in neither are computed (their rows, languages,
linked terms and images: the same queries as before, for those items only)
and written for the next list that shows them.

An item's JSON is kept per endpoint, requested language and page, under
the public generation read before the list's query (``cms.caching``): every
publication, unpublication, move, view restriction, expiry, deprovisioning
or change of shared data (agency names, categories, topics) renews it, so
no item outlives anything it shows, including what comes from other pages
(the languages it is public in, its agency's name). Which items a list
shows is always the query's answer, never the cache's. Items are also
keyed by :func:`cms.api.cache.code_version` (a deploy never assembles
items written by older code), kept ``API_ITEM_CACHE_SECONDS`` at most and
never past midnight in Dushanbe (a competition's status turns then).

An item's JSON is what pydantic writes for it as part of the list, so an
assembled list is byte for byte the list computed in one piece
(``tests/api/test_item_cache.py``).
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, get_args

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cms.caching.expiry import read_public_generation_at

from .cache import code_version, lifetime
from .responses import Out
from .schemas import ListPage

ITEMS_FIELD = "items"
# How the list's envelope writes an empty list of items.
EMPTY_ITEMS = f'"{ITEMS_FIELD}":[]'


def enabled() -> bool:
    return bool(settings.API_ITEM_CACHE_SECONDS > 0)


def current_generation() -> str:
    """The public generation, to be read before the list's query: an item
    computed from rows read after a change is then kept under the old
    generation, which nothing reads any more, never the reverse."""
    token, _values = read_public_generation_at(now=timezone.now())
    return token


class ProcessMemory:
    """The items this process read or wrote lately, in front of the shared
    cache: a list assembled from them costs a dictionary lookup per item,
    not a round trip and an unpickling. Under the same keys (public
    generation, code version), so it never holds what the shared cache would
    not; each entry kept no longer than an item written now would be (never
    past midnight in Dushanbe). The least recently used go first beyond
    ``API_ITEM_MEMORY_BYTES``."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        now = time.time()
        found = {}
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is None:
                    continue
                if entry[0] <= now:
                    self._drop(key)
                    continue
                self._entries.move_to_end(key)
                found[key] = entry[1]
        return found

    def set_many(self, items: dict[str, bytes], seconds: int) -> None:
        limit = settings.API_ITEM_MEMORY_BYTES
        expires = time.time() + seconds
        with self._lock:
            for key, value in items.items():
                if key in self._entries:
                    self._drop(key)
                if len(value) > limit:
                    continue
                self._entries[key] = (expires, value)
                self._bytes += len(value)
            while self._bytes > limit:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        _expires, value = self._entries.pop(key)
        self._bytes -= len(value)


memory = ProcessMemory()


@dataclass(frozen=True)
class KeptItems:
    """The items of one endpoint in one requested language, as kept under
    one public generation."""

    endpoint: str
    language: str
    generation: str

    def key(self, page_id: int) -> str:
        return (
            f"apicache:item:{code_version()}:{self.generation}:"
            f"{self.endpoint}:{self.language}:{page_id}"
        )

    def read(self, page_ids: Iterable[int]) -> dict[int, bytes]:
        """The JSON of those of these items that are kept: from this
        process's memory, the rest in one round trip to the shared cache."""
        keys = {self.key(page_id): page_id for page_id in page_ids}
        if not keys:
            return {}
        found = memory.get_many(keys)
        if len(found) < len(keys):
            shared = {
                key: value
                for key, value in cache.get_many(
                    [key for key in keys if key not in found]
                ).items()
                if isinstance(value, bytes)
            }
            if shared:
                memory.set_many(shared, self._seconds())
                found.update(shared)
        return {keys[key]: value for key, value in found.items()}

    def write(self, items: dict[int, bytes]) -> None:
        seconds = self._seconds()
        if items and seconds > 0:
            keyed = {self.key(page_id): json for page_id, json in items.items()}
            cache.set_many(keyed, seconds)
            memory.set_many(keyed, seconds)

    @staticmethod
    def _seconds() -> int:
        return lifetime(now=timezone.now(), seconds=settings.API_ITEM_CACHE_SECONDS)


def item_schema(list_schema: type[ListPage]) -> type[Out]:
    """The schema of one item of a list schema (``items: list[Item]``)."""
    annotation = list_schema.model_fields[ITEMS_FIELD].annotation
    (schema,) = get_args(annotation)
    if not (isinstance(schema, type) and issubclass(schema, Out)):
        raise TypeError(f"{list_schema.__name__}.items is not a list of Out")
    return schema


def item_json(schema: type[Out], payload: dict[str, Any]) -> bytes:
    """One item's JSON, checked against its schema as the whole list's
    would be: a payload that does not match raises."""
    return schema.model_validate(payload).model_dump_json().encode()


def assembled_list(
    list_schema: type[ListPage], items: list[bytes], *, next_cursor: str | None
) -> bytes:
    """The list's JSON around items already written: the envelope as the
    schema writes it with no item, the items spliced in."""
    envelope = list_schema.model_validate(
        {ITEMS_FIELD: [], "next_cursor": next_cursor}
    ).model_dump_json()
    # The cursor is base64 and no other field is text: the marker is the
    # items' own.
    head, marker, tail = envelope.partition(EMPTY_ITEMS)
    if not marker:
        raise ValueError(f"{list_schema.__name__} does not write its items")
    return (
        b"".join((head.encode(), f'"{ITEMS_FIELD}":['.encode(), b",".join(items), b"]"))
        + tail.encode()
    )
