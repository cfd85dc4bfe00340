"""Test settings: a real PostgreSQL server (DATABASE_URL, started by
``bin/test``), plain HTTP, fast password hashing.

``DATABASE_URL=sqlite://`` runs the tests marked ``sqlite`` against the
demo's embedded database instead (an in-memory SQLite database): bin/test's
second, smaller run, so that the API and the pages keep working on the
set-up the README gives first (``pytest -m sqlite``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, STORAGES, VAR_DIR

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Tests run against a real PostgreSQL server: "
        "run them with ./bin/test, which starts a throwaway one (the tests "
        "marked sqlite also run with DATABASE_URL=sqlite://)."
    )

# Nothing in the tests waits on another connection's lock or runs for
# minutes: a statement that does fails with PostgreSQL's error instead of
# hanging the run.
if "postgresql" in DATABASES["default"]["ENGINE"]:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c lock_timeout=60s"
        # A runaway statement is cancelled by the server itself, so it cannot
        # keep its locks after pytest-timeout has given up on its test.
        " -c statement_timeout=300s"
    ).strip()

SECRET_KEY = "test-only-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = [".portal.test", "portal.test", ".gov.tj", "testserver", "localhost"]
PORTAL_DOMAIN = "portal.test"
PORTAL_SITE_PORT = 80

# Tasks run at once, inside the request or test that queues them, except in
# the worker that the worker's own tests start (`manage.py db_worker` with
# TEST_TASKS_BACKEND=database): the database backend of every deployment.
if os.environ.get("TEST_TASKS_BACKEND") != "database":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Media on S3 when bin/test's moto_server variables are set, else local files
# kept apart from the demo's. Static files are not collected for tests.
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Webhook receivers run on this machine (loopback).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
