"""Rendering pages as a citizen's browser requests them, counting queries."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def render(client: Client, host: str, path: str) -> str:
    """The page's HTML, asserting it is served."""
    response = client.get(path, headers={"host": host})
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def queries_to_render(client: Client, host: str, path: str) -> int:
    """Queries a warm request costs: the first request fills Wagtail's
    caches (site root paths, image renditions), the second is counted."""
    render(client, host, path)
    with CaptureQueriesContext(connection) as queries:
        render(client, host, path)
    return len(queries.captured_queries)
