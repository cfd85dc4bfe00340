"""Generation tokens: the part of every cache key that changes when content
does.

There is one global token (every site) and one per hostname (one site).
Invalidating means replacing a token: entries stored under the old one are
never read again and expire on their own. A token is a fresh random string,
never a counter, so a token lost from the cache (evicted, or a restarted
cache server) cannot come back and revive entries stored under it.
"""

import secrets
from dataclasses import dataclass

from django.core.cache import cache

GLOBAL_KEY = "pagecache:generation"
# Generations must outlive every entry stored under them.
GENERATION_TIMEOUT = None


def host_key(hostname: str) -> str:
    return f"pagecache:generation:{hostname}"


@dataclass(frozen=True)
class Generations:
    """The tokens a cached response of one hostname depends on."""

    everything: str
    site: str


def read_generations(hostname: str, *, extra_keys: tuple[str, ...] = ()) -> tuple:
    """The current generations of ``hostname``, and the cached values of
    ``extra_keys`` fetched in the same round trip to the cache."""
    keys = [GLOBAL_KEY, host_key(hostname), *extra_keys]
    found = cache.get_many(keys)
    tokens = []
    for key in keys[:2]:
        token = found.get(key)
        if token is None:
            # First use, or lost: start a new generation (add, not set, so
            # that two workers starting at once agree on one token).
            cache.add(key, secrets.token_hex(8), GENERATION_TIMEOUT)
            token = cache.get(key)
        tokens.append(token)
    return Generations(*tokens), [found.get(key) for key in extra_keys]


def renew_global() -> None:
    cache.set(GLOBAL_KEY, secrets.token_hex(8), GENERATION_TIMEOUT)


def renew_hosts(hostnames: list[str]) -> None:
    if hostnames:
        cache.set_many(
            {host_key(name): secrets.token_hex(8) for name in hostnames},
            GENERATION_TIMEOUT,
        )
