"""The portal API at /api/v1/, assembled from the routers content apps
register in their ``api.py`` modules (:mod:`cms.api.registry`)."""

from django.utils.module_loading import autodiscover_modules

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from cms.api import search
from cms.api.errors import ErrorBody, install_handlers
from cms.api.registry import routers

DESCRIPTION = """\
Public content of every government body on Hukumat.tj: agencies, services,
news, civil-service competitions and offices, in Tajik, Russian and English.

Only live, public, unexpired pages of online agencies are ever returned.
Lists use cursor pagination (`limit` ≤ 100, `cursor` = the previous page's
`next_cursor`). Responses carry `ETag` and `Last-Modified` and answer
conditional requests with 304. Errors are
`{"error": {"code": ..., "message": ..., "param": ...}}`.
"""


class Utf8JsonRenderer(JSONRenderer):
    """JSON with Tajik and Russian text as UTF-8, not ``\\uXXXX`` escapes:
    half the bytes for citizens' phones on slow connections."""

    json_dumps_params = {"ensure_ascii": False}


def build_portal_api() -> NinjaAPI:
    autodiscover_modules("api")
    api = NinjaAPI(
        title="Hukumat.tj portal API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="portal-api",
        docs_url="/docs",
        openapi_url="/openapi.json",
        renderer=Utf8JsonRenderer(),
    )
    install_handlers(api)
    for entry in routers:
        api.add_router(f"/{entry.prefix}/", entry.router)
    api.add_router("/search/", search.router)
    return api


portal_api = build_portal_api()

__all__ = ["ErrorBody", "portal_api"]
