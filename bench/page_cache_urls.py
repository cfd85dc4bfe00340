"""The platform's URLs plus the baseline: a minimal Django view returning
fixed bytes (the cached page's, read once from BENCH_BODY_FILE)."""

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

from assembly.urls import handler404, handler500
from assembly.urls import urlpatterns as platform_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


@cache
def body() -> bytes:
    with open(settings.BENCH_BODY_FILE, "rb") as file:
        return file.read()


def same_bytes(request: HttpRequest) -> HttpResponse:
    return HttpResponse(body(), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/same-bytes/", same_bytes), *platform_urlpatterns]
