"""The portal API's answers from the cache: lists, details and search,
served without a query while public content is unchanged.

An answer is stored under the canonical form of its query: the endpoint and
its parameters as validated (defaults filled, numbers parsed, repeated
agencies or types sorted and deduplicated, free text stripped), so that
every equivalent address shares one entry. It is valid under the public
generation it was computed under (``cms.caching.generations``): every
publication, unpublication, move, view restriction, deprovisioning or change
of shared data renews it, as does the first request after a page's expiry
time (``cms.caching.expiry``), so no answer outlives what it shows. It is
kept ``API_CACHE_SECONDS`` at most and never past midnight in Dushanbe (a
competition opens or closes then). Only 200s are stored, never an error.

Reading the canonical form needs the parameters parsed, which is ninja's
work; each process therefore remembers which canonical form each address it
has answered maps to (that mapping depends on the code only, never on
content), so that a repeated address is answered by
:class:`cms.api.http.HeadlessApiMiddleware` before anything else runs: one
round trip to the cache, the generation and the entry together, and no
query. An address this process has not seen yet is parsed by ninja, and
its answer still comes from the cache if an equivalent address stored it.
"""

import functools
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from pydantic import BaseModel

from cms.caching.expiry import read_public_generation_at
from cms.caching.lifetime import next_local_midnight

#: Where the cached endpoints live (Wagtail's /api/v2/ is not cached here).
CACHED_PREFIX = "/api/v1/"
STATUS_HEADER = "X-Api-Cache"
# Headers of one response only, or added again on the way out.
NOT_STORED = frozenset({"set-cookie", "date", STATUS_HEADER.lower()})
#: Addresses whose canonical form a process remembers, at most: a client
#: sending ever new addresses costs a parse each, never unbounded memory.
MAX_ALIASES = 20_000

ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponse])


@dataclass(frozen=True)
class CachedAnswer:
    """A 200 of the API as it is sent: body (plain and gzipped), headers
    and validators, and the public generation it was computed under."""

    generation: str
    body: bytes
    gzipped: bytes | None
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int


@dataclass
class Lookup:
    """What the cache knows of one request, shared between the middleware
    and the cached view it reaches."""

    address: str
    generation: str
    #: The canonical form this process has seen the address map to.
    predicted: str | None
    #: The canonical form, once the view has read the parameters.
    canonical: str | None = None
    #: An entry the view found under the canonical form.
    found: CachedAnswer | None = None


#: Address (path and query) -> canonical form, per process.
_aliases: dict[str, str] = {}


def enabled() -> bool:
    return bool(settings.API_CACHE_SECONDS > 0)


def applies_to(request: HttpRequest) -> bool:
    return request.method == "GET" and request.path.startswith(CACHED_PREFIX)


def address_of(request: HttpRequest) -> str:
    """The path and the query string's fields ordered by name, as received
    (undecoded): fields of one name keep their order, which may matter."""
    query = request.META.get("QUERY_STRING", "")
    fields = [field for field in query.split("&") if field]
    fields.sort(key=lambda field: field.partition("=")[0])
    return f"{request.path}?{'&'.join(fields)}"


def entry_key(canonical: str) -> str:
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return f"apicache:answer:{code_version()}:{digest}"


#: Folders of the project that hold no code answering a request.
NOT_SERVING_CODE = frozenset(
    {".git", ".venv", "bench", "deploy", "docs", "node_modules", "tests", "var"}
)


@functools.cache
def code_version() -> str:
    """What built an answer: ``settings.BUILD_ID`` when the deployment sets
    one, else a digest of the installed distributions' versions and of the
    project's own Python sources. Part of every key of the API's cache, so
    that a deploy (new code, an upgraded library) never serves an answer
    built by the code it replaced, whatever the shared cache still holds.
    Computed once per process (a few milliseconds at the first request)."""
    build_id: str = settings.BUILD_ID
    digest = hashlib.sha256()
    if build_id:
        digest.update(b"build:" + build_id.encode())
        return digest.hexdigest()[:16]
    for name, version in sorted(installed_distributions()):
        digest.update(f"{name}=={version}\n".encode())
    root = Path(settings.BASE_DIR)
    for source in sorted(serving_sources(root)):
        digest.update(source.relative_to(root).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def installed_distributions() -> set[tuple[str, str]]:
    return {
        (str(distribution.metadata["Name"]).lower(), distribution.version)
        for distribution in metadata.distributions()
    }


def serving_sources(root: Path) -> Iterator[Path]:
    """The project's Python modules, outside tests, benches and tools."""
    for child in root.iterdir():
        if child.name in NOT_SERVING_CODE or child.name.startswith("."):
            continue
        if child.is_dir():
            yield from child.rglob("*.py")
        elif child.suffix == ".py":
            yield child


def begin(request: HttpRequest) -> tuple[Lookup, CachedAnswer | None]:
    """The request's lookup, and the answer to serve if this process knows
    the address and the cache has its current answer: one round trip."""
    address = address_of(request)
    predicted = _aliases.get(address)
    extra = (entry_key(predicted),) if predicted is not None else ()
    generation, values = read_public_generation_at(extra_keys=extra, now=timezone.now())
    lookup = Lookup(address=address, generation=generation, predicted=predicted)
    entry = values[0] if values else None
    if isinstance(entry, CachedAnswer) and entry.generation == generation:
        return lookup, entry
    return lookup, None


def canonical_form(value: Any) -> Any:
    """Parameters as JSON that is the same for equivalent queries."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return {
            str(name): (
                item.strip()
                if name == "q" and isinstance(item, str)
                else canonical_form(item)
            )
            for name, item in sorted(value.items())
        }
    if isinstance(value, list | tuple):
        items = [canonical_form(item) for item in value]
        # Repeated parameters (agency, type) are sets: order and repeats
        # change nothing in the answer.
        if all(isinstance(item, str) for item in items):
            return sorted(set(items))
        return items
    return value


def canonical_query(endpoint: str, parameters: dict[str, Any]) -> str:
    return json.dumps(
        [endpoint, canonical_form(parameters)],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def cached_answers(endpoint: str) -> Callable[[ViewT], ViewT]:
    """Make a view's 200s cacheable under ``endpoint`` (unique per
    operation) and the parameters ninja passes it, all of which must be
    its parsed query and path parameters (the request is not read)."""

    def decorate(view: ViewT) -> ViewT:
        @functools.wraps(view)
        def cached_view(request: HttpRequest, **parameters: Any) -> HttpResponse:
            lookup: Lookup | None = getattr(request, "api_cache", None)
            if lookup is None:
                return view(request, **parameters)
            lookup.canonical = canonical_query(endpoint, parameters)
            if lookup.canonical != lookup.predicted:
                entry = cache.get(entry_key(lookup.canonical))
                if (
                    isinstance(entry, CachedAnswer)
                    and entry.generation == lookup.generation
                ):
                    lookup.found = entry
                    return answer_from(entry)
            return view(request, **parameters)

        return cached_view  # type: ignore[return-value]  # same signature

    return decorate


def answer_from(entry: CachedAnswer) -> HttpResponse:
    """The stored answer, as it was sent (before any 304 or gzip)."""
    response = HttpResponse(entry.body)
    for name, value in entry.headers:
        response[name] = value
    return response


def learn(lookup: Lookup) -> None:
    """Remember which canonical form the lookup's address maps to."""
    if lookup.canonical is None:
        return
    if len(_aliases) >= MAX_ALIASES:
        _aliases.clear()
    _aliases[lookup.address] = lookup.canonical


def remember(
    lookup: Lookup,
    response: HttpResponse,
    *,
    etag: str,
    last_modified: int,
    gzipped: bytes | None,
) -> CachedAnswer | None:
    """Store ``response`` (a 200 with its validators) under the lookup's
    canonical form, if a cached view answered it and nothing in it is
    personal. Returns what was stored."""
    if lookup.canonical is None:
        return None
    learn(lookup)
    if response.streaming or response.cookies or "cookie" in vary_of(response):
        return None
    seconds = lifetime(now=timezone.now())
    if seconds <= 0:
        return None
    body = response.content
    entry = CachedAnswer(
        generation=lookup.generation,
        body=body,
        gzipped=gzipped,
        headers=tuple(
            (name, value)
            for name, value in response.items()
            if name.lower() not in NOT_STORED
        ),
        etag=etag,
        last_modified=last_modified,
    )
    cache.set(entry_key(lookup.canonical), entry, seconds)
    return entry


def vary_of(response: HttpResponse) -> set[str]:
    return {
        part.strip().lower() for part in response.get("Vary", "").split(",") if part
    }


def lifetime(*, now: datetime, seconds: int | None = None) -> int:
    """Seconds an answer computed now may be kept: ``seconds`` (default
    ``API_CACHE_SECONDS``), cut at midnight in Dushanbe."""
    if seconds is None:
        seconds = settings.API_CACHE_SECONDS
    ends = min(now + timedelta(seconds=seconds), next_local_midnight(now))
    return max(0, int((ends - now).total_seconds()))
