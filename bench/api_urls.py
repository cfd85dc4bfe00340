"""The platform's URLs plus the raw-SQL baselines of the portal API
(bench/api_baseline.py) under /bench/raw/."""

from django.urls import path

from assembly.urls import handler404, handler500
from assembly.urls import urlpatterns as platform_urlpatterns
from bench import api_baseline

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("bench/raw/services/", api_baseline.services),
    path("bench/raw/services/<int:service_id>/", api_baseline.service_detail),
    path("bench/raw/news/", api_baseline.news),
    path("bench/raw/search/", api_baseline.search),
    *platform_urlpatterns,
]
