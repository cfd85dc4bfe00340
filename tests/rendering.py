"""Rendering pages as a citizen's browser requests them, counting queries."""

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def render(client: Client, host: str, path: str) -> str:
    """The page's HTML, asserting it is served."""
    response = client.get(path, headers={"host": host})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def queries_to_render(client: Client, host: str, path: str) -> int:
    """Queries rendering a page costs with warm caches (Wagtail's site root
    paths, the site's frame, alerts) but without the page cache, which would
    answer in none: the first request fills the caches, the second is
    counted."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        render(client, host, path)
        with CaptureQueriesContext(connection) as queries:
            render(client, host, path)
    return len(queries.captured_queries)
