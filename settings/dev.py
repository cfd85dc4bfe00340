"""Local development: embedded SQLite and local media unless the environment
says otherwise, agencies at http://SLUG.localhost:8000/, DEBUG on (Django's
technical error pages). ``settings.demo`` is the same with DEBUG off."""

import os

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR, env_list

DEBUG = True
LOCAL_DEMO = True
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
            "NAME": str(VAR_DIR / "demo.sqlite3"),
        }
    }

# Media storage stays as base chose it (local files, or S3 from the environment);
# local media are served by Django, private documents excepted (assembly/urls.py).
SERVE_LOCAL_MEDIA = True
# Static files are served unhashed, straight from the apps, by WhiteNoise
# (whatever DEBUG says, so the demo needs no collectstatic), and edits to them
# show on the next request.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Notification e-mails (moderation, password resets) are printed on the
# console: there is no mail server here.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Webhook receivers run on this machine (loopback).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
