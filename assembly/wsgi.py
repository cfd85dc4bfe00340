"""WSGI entry point (gunicorn assembly.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.production")

application = get_wsgi_application()

# Load every URL pattern, and with them the views, the APIs and their
# schemas, before the first request rather than during it; then move all
# those long-lived objects out of the garbage collector's sight. Without
# this, each full collection walks the whole of Django and Wagtail: 80 to
# 100 ms pauses in the middle of about 1% of requests (bench/README.md).
get_resolver().url_patterns  # noqa: B018
gc.freeze()
