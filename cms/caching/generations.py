"""Generation tokens: the part of every cache key that changes when content
does.

There is one global token (every site) and one per hostname (one site),
and the public token, renewed with either of them: answers that depend on
every site's public content (the portal API's, see ``cms.api.cache``) are
kept under it, so every change that drops a cached page drops them too.
Invalidating means replacing a token: entries stored under the old one are
never read again and expire on their own. A token is a fresh random string,
never a counter, so a token lost from the cache (evicted, or a restarted
cache server) cannot come back and revive entries stored under it.
"""

import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

GLOBAL_KEY = "pagecache:generation"
CHANGED_AT_KEY = "pagecache:changed-at"
PUBLIC_KEY = "pagecache:generation:public"
# Generations must outlive every entry stored under them.
GENERATION_TIMEOUT = None


def host_key(hostname: str) -> str:
    return f"pagecache:generation:{hostname}"


@dataclass(frozen=True)
class Generations:
    """The tokens a cached response of one hostname depends on."""

    everything: str
    site: str


def read_generations(
    hostname: str, *, extra_keys: tuple[str, ...] = (), create: bool = False
) -> tuple[Generations | None, list[Any]]:
    """The current generations of ``hostname`` (None if either has no token
    yet, unless ``create``), and the cached values of ``extra_keys``, in one
    round trip to the cache.

    Only hostnames of real sites create tokens: a request for any other
    host must not leave a key behind."""
    keys = [GLOBAL_KEY, host_key(hostname), *extra_keys]
    found = cache.get_many(keys)
    tokens = [found.get(key) for key in keys[:2]]
    if None in tokens and create:
        for key, token in zip(keys[:2], tokens, strict=True):
            if token is None:
                # add, not set: two workers starting at once agree on one token.
                cache.add(key, secrets.token_hex(8), GENERATION_TIMEOUT)
        tokens = [cache.get(key) for key in keys[:2]]
    present = [token for token in tokens if token is not None]
    generations = Generations(*present) if len(present) == len(tokens) else None
    return generations, [found.get(key) for key in extra_keys]


def _renewed_everywhere() -> dict[str, object]:
    """What every renewal replaces besides its own tokens."""
    return {PUBLIC_KEY: secrets.token_hex(8), CHANGED_AT_KEY: time.time()}


def renew_global() -> None:
    cache.set_many(
        {GLOBAL_KEY: secrets.token_hex(8), **_renewed_everywhere()},
        GENERATION_TIMEOUT,
    )


def renew_hosts(hostnames: list[str]) -> None:
    if hostnames:
        tokens = {host_key(name): secrets.token_hex(8) for name in hostnames}
        cache.set_many({**tokens, **_renewed_everywhere()}, GENERATION_TIMEOUT)


def read_public_generation(
    *, extra_keys: tuple[str, ...] = ()
) -> tuple[str, list[Any]]:
    """The public token (created if the cache has none) and the cached
    values of ``extra_keys``, in one round trip to the cache while the token
    is there."""
    found = cache.get_many([PUBLIC_KEY, *extra_keys])
    token: str | None = found.get(PUBLIC_KEY)
    if token is None:
        # add, not set: two workers starting at once agree on one token.
        cache.add(PUBLIC_KEY, secrets.token_hex(8), GENERATION_TIMEOUT)
        token = cache.get(PUBLIC_KEY)
        if token is None:  # a cache that keeps nothing (DummyCache)
            token = secrets.token_hex(8)
    return token, [found.get(key) for key in extra_keys]


def content_changed_at() -> float:
    """When public content last changed anywhere (a Unix time): renewed with
    every generation, so it moves whenever a cached page may be stale. Unknown
    (a cold or restarted cache) counts as now, so that a stale answer is
    never confirmed as current."""
    changed_at: float | None = cache.get(CHANGED_AT_KEY)
    if changed_at is None:
        cache.add(CHANGED_AT_KEY, time.time(), GENERATION_TIMEOUT)
        changed_at = cache.get(CHANGED_AT_KEY, time.time())
    return changed_at
