"""Production: base settings, plus a refusal to start without the variables a
safe deployment needs."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED_VARIABLES = {
    "SECRET_KEY": "a long random string, e.g. from "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`",
    "ALLOWED_HOSTS": "a comma-separated list of the hostnames served, "
    "e.g. 'hukumat.tj,.hukumat.tj'",
    "DATABASE_URL": "the PostgreSQL address, e.g. postgres://user:password@host:5432/name",
}

missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name, "").strip()]
if missing:
    raise ImproperlyConfigured(
        "Refusing to start: the environment variable(s) "
        + ", ".join(missing)
        + " must be set. "
        + " ".join(f"{name}: {REQUIRED_VARIABLES[name]}." for name in missing)
    )
