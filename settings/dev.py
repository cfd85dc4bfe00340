"""Local demo and development: embedded SQLite and local media unless the
environment says otherwise, agencies at http://SLUG.localhost:8000/."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR, env_list

DEBUG = True
# A fixed key is acceptable only here: dev never serves real users.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-key-not-for-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")

PORTAL_DOMAIN = os.environ.get("PORTAL_DOMAIN", "localhost")
PORTAL_SITE_PORT = int(os.environ.get("PORTAL_SITE_PORT", "8000"))
WAGTAILADMIN_BASE_URL = f"http://{PORTAL_DOMAIN}:{PORTAL_SITE_PORT}"

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "demo.sqlite3",
        }
    }

# Media storage stays as base chose it (local files, or S3 from the environment);
# static files are served unhashed from the apps while developing.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
