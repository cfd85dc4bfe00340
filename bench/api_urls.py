"""The platform's URLs plus the raw-SQL baselines of the portal API
(bench/api_baseline.py) under /bench/raw/, and the floor of its cached
answers: a minimal view returning an answer's bytes, read once from
BENCH_BODY_DIR (bench/api_throughput.py writes them)."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path

from assembly.urls import handler404, handler500
from assembly.urls import urlpatterns as platform_urlpatterns
from bench import api_baseline

__all__ = ["handler404", "handler500", "urlpatterns"]


@cache
def body(name: str) -> bytes:
    return (Path(settings.BENCH_BODY_DIR) / name).read_bytes()


def same_bytes(request: HttpRequest, name: str) -> HttpResponse:
    return HttpResponse(body(name), content_type="application/json; charset=utf-8")


urlpatterns = [
    path("bench/raw/services/", api_baseline.services),
    path("bench/raw/services/<int:service_id>/", api_baseline.service_detail),
    path("bench/raw/news/", api_baseline.news),
    path("bench/raw/search/", api_baseline.search),
    path("bench/raw/same-bytes/<slug:name>/", same_bytes),
    *platform_urlpatterns,
]
