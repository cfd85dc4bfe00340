"""Settings of the page-cache benchmark: production's, with a throwaway
database and plain HTTP, and a URLconf that adds the baseline view."""

import os

from settings.base import *  # noqa: F403
from settings.base import STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "bench-only-key"
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.page_cache_urls"
PORTAL_DOMAIN = "bench.test"
PORTAL_SITE_PORT = 80
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# Pages link their stylesheet; the load generator never fetches it, so
# nothing is collected: the folder only has to exist (one shared folder; a
# temporary one per process was left behind by every worker).
STATIC_ROOT = VAR_DIR / "bench-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
BENCH_BODY_FILE = os.environ.get("BENCH_BODY_FILE", "")
