"""The settings modules, loaded in fresh interpreters as a deployment would."""

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

GOOD_ENV = {
    "SECRET_KEY": "k7#Jq2!vXr9$Lm4@Zp8^Tn3&Wd6*Hs1(Bf5)Gc0-Ye7_Ua2+Ri9=Oe4",
    "ALLOWED_HOSTS": "hukumat.tj,.hukumat.tj",
    "DATABASE_URL": "postgres://hukumat@db.internal:5432/hukumat",
    # Production keeps media in object storage: servers stay stateless.
    "AWS_STORAGE_BUCKET_NAME": "hukumat-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.internal",
    "AWS_S3_CUSTOM_DOMAIN": "media.hukumat.tj",
    # ... and shares one cache between its workers (the check never connects).
    "REDIS_URL": "redis://cache.internal:6379/0",
}


# Variables of the test run that a deployment's environment would not have.
INHERITED_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "REDIS_URL",
    "PAGE_CACHE_SECONDS",
}


def run_django(settings_module: str, env: dict[str, str], *args: str):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in INHERITED_VARIABLES and not key.startswith("AWS_")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args, f"--settings={settings_module}"],
        cwd=REPO_ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in GOOD_ENV.items() if k != "SECRET_KEY"}
    result = run_django("settings.production", env, "check")
    assert result.returncode != 0
    assert (
        "Refusing to start: the environment variable(s) SECRET_KEY must be set"
        in result.stderr
    )


def test_production_names_every_missing_variable():
    result = run_django("settings.production", {}, "check")
    assert result.returncode != 0
    message = result.stderr[result.stderr.index("Refusing to start") :]
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert name in message


def test_production_deploy_check_is_clean():
    result = run_django(
        "settings.production", GOOD_ENV, "check", "--deploy", "--fail-level=WARNING"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_when_media_are_on_local_disk():
    env = {k: v for k, v in GOOD_ENV.items() if not k.startswith("AWS_")}
    result = run_django(
        "settings.production", env, "check", "--deploy", "--fail-level=WARNING"
    )
    assert result.returncode != 0
    assert "cms.W001" in result.stderr + result.stdout


def test_deploy_check_warns_when_each_worker_caches_pages_alone():
    env = {k: v for k, v in GOOD_ENV.items() if k != "REDIS_URL"}
    result = run_django(
        "settings.production", env, "check", "--deploy", "--fail-level=WARNING"
    )
    assert result.returncode != 0
    assert "cms.W002" in result.stderr + result.stdout


def test_redis_url_gives_every_worker_one_cache():
    result = run_django(
        "settings.production",
        GOOD_ENV,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default'])",
    )
    assert result.returncode == 0, result.stderr
    # Django's Redis backend, made to treat Redis being down as a miss.
    assert "cms.caching.tolerant_redis.TolerantRedisCache" in result.stdout
    assert "redis://cache.internal:6379/0" in result.stdout


def test_base_settings_are_production_safe():
    from settings import base

    assert base.DEBUG is False
    assert base.SECURE_SSL_REDIRECT is True
    assert base.SESSION_COOKIE_SECURE is True
    assert base.CSRF_COOKIE_SECURE is True
    assert base.SECURE_HSTS_SECONDS >= 31536000
    assert "*" not in base.ALLOWED_HOSTS


def test_dev_falls_back_to_sqlite_without_database_url(tmp_path):
    result = run_django(
        "settings.dev",
        {"VAR_DIR": str(tmp_path)},
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"
