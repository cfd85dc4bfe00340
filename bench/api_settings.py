"""Settings of the portal-API benchmark: production's, with a throwaway
database, plain HTTP, agencies under ``*.bench.test`` and a URLconf that adds
the raw-SQL baseline views, which get the APIs' HTTP handling (validators,
Cache-Control, CORS) like the endpoints they are compared with."""

import os

from settings.base import *  # noqa: F403
from settings.base import HEADLESS_API_PREFIXES, STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "bench-only-key"
PORTAL_DOMAIN = "bench.test"
PORTAL_SITE_PORT = 80
ALLOWED_HOSTS = ["127.0.0.1", "localhost", f".{PORTAL_DOMAIN}"]
ROOT_URLCONF = "bench.api_urls"
HEADLESS_API_PREFIXES = [*HEADLESS_API_PREFIXES, "/bench/raw/"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# Nothing is collected here; the folder only has to exist. One shared
# folder: a new temporary one per process was left behind by every worker.
STATIC_ROOT = VAR_DIR / "bench-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Where bench/api_throughput.py writes the answers its floor view returns.
BENCH_BODY_DIR = os.environ.get("BENCH_BODY_DIR", "")
LOGGING = {"version": 1, "disable_existing_loggers": False}
