"""Complete, production-safe settings shared by every environment.

DEBUG is off, secrets and hosts come only from the environment, and every
security header is on. ``dev``, ``test`` and ``production`` differ from this
module only where they must.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

# Django classes that django-stubs types as generic (Feed[Item, Object],
# BaseFormSet[Form], ...) accept type arguments at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime state (SQLite demo database, local media, demo secrets) lives here,
# never next to the code.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list of non-empty items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name: str, *, default: bool) -> bool:
    """An environment variable read as a boolean (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
# Empty unless set: production.py refuses to start without it.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Only the local demo (settings.dev, settings.demo) may create demo content and
# demo accounts: invented services and a known password have no place on a
# real site.
LOCAL_DEMO = False
# Django serves MEDIA_ROOT itself (never /media/private/) only in the local
# demo; deployments serve media from object storage or their web server.
SERVE_LOCAL_MEDIA = False

# The domain under which every agency gets its default hostname
# (``SLUG.<PORTAL_DOMAIN>``); the portal's own site answers on the bare domain.
PORTAL_DOMAIN = os.environ.get("PORTAL_DOMAIN", "hukumat.tj")
# Port written on provisioned Sites: 443 makes their URLs https://, 80 http://,
# anything else http://host:port (the local demo uses 8000).
PORTAL_SITE_PORT = int(os.environ.get("PORTAL_SITE_PORT", "443"))

INSTALLED_APPS = [
    # ground floor
    "cms",
    "agency_sites",
    # content
    "home",
    "service_pages",
    "news",
    # the event log of public changes (fed by the content apps' event types)
    "publishing_events",
    "compliance",
    "portal",
    # assembly: the top floor (assembly/floors.py)
    "assembly",
    # Admin login throttling (cms.security.admin_lockout_response).
    "axes",
    # Two-step sign-in for staff (agency_sites/two_factor): TOTP authenticator
    # apps and single-use backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # background tasks: django-tasks and its database backend and worker
    "django_tasks",
    "django_tasks_db",
    # wagtail-localize must come before wagtail's own apps it extends
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "rest_framework",
    # django-ninja's own copy of Swagger UI for /api/v1/docs (no CDN).
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    # /healthz and /readyz, before anything that could redirect, refuse the
    # Host of a load balancer's probe, or touch a session (cms/probes.py).
    "cms.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response but the admin's.
    "csp.middleware.CSPMiddleware",
    "cms.security.PermissionsPolicyMiddleware",
    # Static files are part of the release: every application server serves
    # its own hashed copies (see README, "Static files").
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous pages straight from the cache, before anything that could read
    # the database or a session (see cms/caching).
    "cms.caching.middleware.PageCacheMiddleware",
    # The headless APIs: validators and 304s, CORS, gzip, JSON errors.
    "cms.api.http.HeadlessApiMiddleware",
    # Unreadable query parameters (control characters, broken UTF-8): a 400
    # under the APIs, dropped on pages (see cms/input_guard.py).
    "cms.input_guard.InputGuardMiddleware",
    # A database that cannot be reached: a designed 503, not a 500 (cms/outage.py).
    "cms.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware, leaving the headless APIs' 404s alone.
    "cms.api.http.LocaleMiddlewareOutsideApis",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor, if any, this session has passed; then no admin view
    # before it (agency_sites/two_factor/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "agency_sites.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Every admin URL that names an object is checked against the user's
    # agencies before its view runs (agency_sites/admin_scope.py).
    "agency_sites.admin_scope.AdminScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Admin views that change what the public sees outside a transaction of
    # their own run in one, with their events (publishing_events/middleware.py).
    "publishing_events.middleware.AtomicPublicChangesMiddleware",
    # Last, as django-axes requires: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before any password check.
    # AxesBackend (not AxesStandaloneBackend) can also load a signed-in user:
    # Wagtail's page test helpers sign in with the first backend listed.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "assembly.urls"
WSGI_APPLICATION = "assembly.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The agency's identity and menus for every template, read
                # from AgencySettings without ever writing (Wagtail's settings
                # context processor creates missing rows on a page view).
                "cms.context_processors.site_design",
            ],
        },
    },
]

# The database comes only from DATABASE_URL (postgres://user:pass@host:port/name,
# served through psycopg 3). Unset here means unconfigured: production.py
# refuses to start and dev.py falls back to the embedded SQLite demo database.
DATABASES = {}
if os.environ.get("DATABASE_URL"):
    DATABASES["default"] = dj_database_url.parse(
        os.environ["DATABASE_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if "postgresql" in DATABASES["default"]["ENGINE"]:
        # Short queries on a working set held in memory. JIT compilation
        # costs more than it saves once a large table makes the planner's
        # estimates pass jit_above_cost; parallel workers, started for a
        # query that stops after a hundred rows, add their start-up to its
        # latency and take the cores other requests are waiting for; and
        # with the default random_page_cost (4, for spinning disks) the
        # planner reads a whole table rather than look up the few hundred
        # rows a search matched (bench/README.md, portal API). The search's
        # spelling suggestion takes the titles whose words are this similar
        # to the query's (pg_trgm's ``%>``, answered by the titles' trigram
        # index; its default, 0.6, misses one wrong letter in a short word;
        # the relevance set's misspellings score 0.58 to 0.77 on their pages).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1"
            " -c pg_trgm.word_similarity_threshold=0.3"
        )
        # A database host that does not answer at all (a network partition,
        # not a refused connection) fails a request after these many seconds,
        # with the designed 503 (cms/outage.py), instead of holding a worker.
        DATABASES["default"]["OPTIONS"]["connect_timeout"] = int(
            os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
        )
        # The portal API's list statements (cms.api.pagination.prepared_values)
        # are prepared on their connection's first run: Django's cursors bind
        # parameters on the client and prepare nothing, so this touches no
        # other statement. DATABASE_PREPARED_STATEMENTS=0 behind a pooler
        # that cannot keep them (PgBouncer before 1.21, in transaction mode).
        if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0":
            DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS_MODULE = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS_MODULE}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS_MODULE}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS_MODULE}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS_MODULE}.NumericPasswordValidator"},
]

# Languages: Tajik is the default; every page URL carries its language
# (/tg/, /ru/, /en/).
LANGUAGE_CODE = "tg"
LANGUAGES = [
    ("tg", _("Tajik")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
# Wagtail, wagtail-localize and taggit ship no Tajik catalogue: ours are under
# translations/<package>/tg/LC_MESSAGES/ (translations/README.md). Django reads
# LOCALE_PATHS before any app's own catalogue, the first folder first, for
# the django and djangojs (JavaScriptCatalog) domains alike. The platform's
# own apps come first, so that a message id they share with Wagtail ("Title",
# "Search") keeps the translation our app gives it, as it did before.
LOCALE_PATHS = [
    BASE_DIR / app / "locale"
    for app in INSTALLED_APPS
    if (BASE_DIR / app / "locale").is_dir()
] + sorted((BASE_DIR / "translations").glob("*/"))
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
# Dates per language (cms/formats/): Tajik without Russian "г.".
FORMAT_MODULE_PATH = ["cms.formats"]
# Citizens and editors live in Tajikistan: dates are shown in Dushanbe time.
TIME_ZONE = "Asia/Dushanbe"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    # Local files under MEDIA_ROOT: the embedded default, replaced below by
    # object storage when the S3 variables are set.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed copies collected into STATIC_ROOT and served by
    # WhiteNoise with far-future cache headers: static files ship with the code
    # and keep working when object storage is down.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Media on S3-compatible object storage ----------------------------------
# Setting AWS_STORAGE_BUCKET_NAME switches images, renditions and documents to
# object storage through django-storages; every variable keeps django-storages'
# own name. Credentials may also come from boto3's usual chain (instance role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
if AWS_STORAGE_BUCKET_NAME:
    # Empty means AWS itself; MinIO, Ceph and other S3 services give their URL.
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
    # The CDN's hostname in front of the bucket: public media URLs use it.
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    # "path" for servers that cannot take the bucket in the hostname (MinIO).
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    STORAGES["default"] = {"BACKEND": "cms.media.storage.MediaStorage"}

# Every S3 call gives up after these many seconds (connecting, then waiting
# for each response) and this many attempts in all, so that an unreachable
# bucket fails an upload quickly instead of holding a worker.
MEDIA_S3_CONNECT_TIMEOUT = float(os.environ.get("MEDIA_S3_CONNECT_TIMEOUT", "3"))
MEDIA_S3_READ_TIMEOUT = float(os.environ.get("MEDIA_S3_READ_TIMEOUT", "10"))
MEDIA_S3_MAX_ATTEMPTS = int(os.environ.get("MEDIA_S3_MAX_ATTEMPTS", "2"))
# Lifetime in seconds of the signed URL a private document is served through:
# long enough to start the download, too short to be worth sharing.
MEDIA_PRIVATE_URL_TTL = int(os.environ.get("MEDIA_PRIVATE_URL_TTL", "60"))

# --- Uploads -------------------------------------------------------------------
# Image and document uploads are checked by cms.media: allowed extension, real
# content matching it, size and pixel limits, safe names. SVG is never accepted.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.media.forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.media.forms.DocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Largest image file accepted, in bytes.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Largest image accepted, in pixels (width x height x frames): 40 megapixels
# is above any camera editors use, and bounds the memory one decode can take.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
# Most frames an animated image may have (each one is decoded and re-encoded).
MEDIA_IMAGE_MAX_FRAMES = 300
# Largest document file accepted, in bytes.
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Office documents are ZIP archives: refuse ones that would unpack to more
# than this many bytes or members (ZIP bombs), whatever their packed size.
MEDIA_ARCHIVE_MAX_UNPACKED_SIZE = 300 * 1024 * 1024
MEDIA_ARCHIVE_MAX_MEMBERS = 10_000

# --- Renditions ------------------------------------------------------------------
# The named image sizes templates and the API use. They are generated when an
# image is uploaded or changed and when a page that uses it is published, so a
# page view only reads stored URLs ({% stored_image image "card" %}).
MEDIA_RENDITION_SPECS = {
    # square thumbnails: people, offices, document previews
    "thumbnail": "fill-160x160",
    # listing cards of news, services and competitions (16:9)
    "card": "fill-640x360",
    # images in the body of a page, at the reading column's width
    "content": "width-960",
    # Open Graph / social sharing and schema.org images (1.91:1)
    "social": "fill-1200x630",
    # an agency's emblem or logo in the header
    "emblem": "max-256x256",
}
# Sizes Wagtail's own admin shows (listings, choosers, the focal point editor),
# generated with the others so editors' screens never wait on object storage.
MEDIA_ADMIN_RENDITION_SPECS = ["max-165x165", "max-800x600"]

WAGTAIL_SITE_NAME = "Hukumat.tj"
# Editors choose the admin's language in their account: Tajik (what every new
# account starts with, cms.services.start_admin_in_platform_language), Russian
# or English, each named in its own language (cms/admin_account.py lists them
# in this order). Wagtail's and wagtail-localize's strings in Tajik come from
# translations/ (LOCALE_PATHS above); in Russian and English they are their own.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("tg", "Тоҷикӣ"),
    ("ru", "Русский"),
    ("en", "English"),
]
# Nothing is sent to third parties: editors' avatars are Wagtail's default
# picture or the one they upload, never Gravatar's (which would also learn
# every editor's e-mail hash and fails offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"https://{PORTAL_DOMAIN}"
)
# Wagtail's database search backend: PostgreSQL full text, with each page
# indexed and searched in its own language's configuration (Russian stemming
# for ru, "simple" for Tajik, which PostgreSQL has no stemmer for, and for
# English, so that codes and names match as written). SQLite (the demo) uses
# its own full-text search.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "cms.search.backends",
        "SEARCH_CONFIG": "simple",
        "LANGUAGE_SEARCH_CONFIGS": {"ru": "russian"},
    },
}
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.CustomDocument"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "ods",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]

# --- Caches and the page cache ------------------------------------------------
# REDIS_URL (redis://host:6379/0) gives every application server one shared
# cache: cached pages, their invalidation, site alerts, Wagtail's site roots
# and renditions. Without it each process keeps its own memory, which is right
# for one process (the demo) only: another worker would not see an
# invalidation and could serve a page for up to PAGE_CACHE_SECONDS after it
# changed (`check --deploy` warns, cms.W002).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# While Redis is down every cache call is a miss and requests go on to the
# database (cms/caching/tolerant_redis.py); a Redis host that does not answer
# costs at most CACHE_SOCKET_TIMEOUT seconds a call.
CACHE_SOCKET_TIMEOUT = float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.caching.tolerant_redis.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hukumat"),
            "TIMEOUT": 3600,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_SOCKET_TIMEOUT,
                "socket_timeout": CACHE_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Whole pages are cached: room for a few thousand per process.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How long an anonymous page stays cached at most (it is dropped earlier when
# its site's content changes, and never kept past midnight in Dushanbe);
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# A shared cache tier in front of the application servers (Varnish,
# deploy/varnish/default.vcl) may keep an anonymous page this many seconds
# (s-maxage; browsers still revalidate every time); 0 leaves pages
# uncacheable there. Its copies are banned at these addresses (comma-separated
# http://host:port of each Varnish) whenever the page cache drops them.
EDGE_CACHE_SECONDS = int(os.environ.get("EDGE_CACHE_SECONDS", "0"))
EDGE_CACHE_BAN_URLS = env_list("EDGE_CACHE_BAN_URLS")
# How long an answer of the portal API (/api/v1/) stays cached at most: it is
# dropped at once by any change of public content (the page cache's
# generations), and never kept past midnight in Dushanbe; 0 turns it off.
API_CACHE_SECONDS = int(os.environ.get("API_CACHE_SECONDS", "600"))
# How long the JSON of one listed item (per endpoint, language and public
# generation) is kept, so that a list the API's cache does not hold yet is
# assembled from items already written instead of computing each again;
# dropped with the generation, never kept past midnight in Dushanbe; 0 turns
# it off (every list computed in full).
API_ITEM_CACHE_SECONDS = int(os.environ.get("API_ITEM_CACHE_SECONDS", "600"))
# How many bytes of those items each process also keeps in its own memory,
# the least recently used dropped first (same keys, same lifetimes).
API_ITEM_MEMORY_BYTES = int(os.environ.get("API_ITEM_MEMORY_BYTES", str(32 * 2**20)))
# The deployed build (a release tag or commit), part of every key of the
# API's caches so that a deploy never serves answers built by the old code;
# empty: a digest of the installed packages and the project's sources.
BUILD_ID = os.environ.get("BUILD_ID", "")
# Site-wide files cached like pages (pages are cached under /tg/, /ru/, /en/).
PAGE_CACHE_EXTRA_PATHS = ["/sitemap.xml", "/robots.txt"]
# Pages (by their path after the language prefix) whose answers to these
# query parameters are cached too, each answer under its parameters: the
# search page, per query and page of results. Any other query string
# bypasses the page cache.
PAGE_CACHE_QUERY_PARAMETERS = {"search/": ("q", "page")}

# --- Background work ------------------------------------------------------------
# Tasks (Wagtail's search and reference index updates, file deletions and
# frontend-cache purges; scheduled publishing and expiry; pruning) are queued
# in the database and run by `python manage.py db_worker` (cms.background):
# no broker to operate, and a task queued in a transaction that rolls back
# is never run. settings.test runs tasks immediately instead.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How long the records of finished tasks are kept, in days.
BACKGROUND_TASK_RESULTS_RETENTION_DAYS = int(
    os.environ.get("BACKGROUND_TASK_RESULTS_RETENTION_DAYS", "7")
)

# --- Publishing events ------------------------------------------------------------
# Every public change (publish, update, unpublish, expiry, deletion, move,
# agency offline or back) is written to an event log in the same transaction
# and served at /api/v1/changes/ (publishing_events). Events are kept this
# many days (at least 30: the portal catches up from its last event after
# its own downtime), then pruned by the worker.
PUBLISHING_EVENTS_RETENTION_DAYS = int(
    os.environ.get("PUBLISHING_EVENTS_RETENTION_DAYS", "30")
)
# How often, in seconds, the worker publishes pages whose go-live time has
# come and unpublishes those whose expiry time has come: their events are at
# most this late.
PUBLISHING_SCHEDULE_SECONDS = int(os.environ.get("PUBLISHING_SCHEDULE_SECONDS", "30"))
# Webhooks (Standard Webhooks) to the endpoints portal administrators
# register: how long one attempt may take, in seconds, and whether endpoints
# may resolve to private, loopback or link-local addresses (never in
# production: the platform's own network is not a destination; only the
# loopback stack's worker drill turns it on, for its receiver on 127.0.0.1).
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "15"))
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool(
    "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=False
)
# A delivery is claimed for this many seconds before it is sent: one whose
# worker died mid-send is sent again after that.
WEBHOOK_CLAIM_SECONDS = int(os.environ.get("WEBHOOK_CLAIM_SECONDS", "120"))
# How often, in seconds, the worker looks for deliveries whose own run was
# lost (a worker killed, a queueing that failed).
WEBHOOK_SWEEP_SECONDS = int(os.environ.get("WEBHOOK_SWEEP_SECONDS", "60"))

# Security: safe by default, relaxed only by dev.py and test.py.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
# Every agency lives on a subdomain of the portal domain.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Wagtail marks its own preview frames SAMEORIGIN; nothing else may be framed.
X_FRAME_OPTIONS = "DENY"
# Only trust X-Forwarded-Proto when a proxy in front is known to set it.
if env_bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Browser features no page of the platform uses, refused for the page and
# anything it embeds (cms/security.py sends the header).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- Content Security Policy (django-csp) -------------------------------------
# Citizen pages run no script at all and load everything from their own
# origin, except media on object storage. schema.org JSON-LD is a data block
# (type="application/ld+json"), which browsers never execute: script-src does
# not apply to it. The Wagtail admin (inline scripts and styles of its own)
# and the API's Swagger page are left out.
_MEDIA_ORIGINS = [
    origin
    for origin in (
        f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
        if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        else "",
        os.environ.get("AWS_S3_ENDPOINT_URL", "").rstrip("/")
        if AWS_STORAGE_BUCKET_NAME
        else "",
    )
    if origin
]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS],
        "media-src": [SELF, *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# --- Admin login throttling (django-axes) ---------------------------------------
# After AXES_FAILURE_LIMIT failed sign-ins from one address for one username,
# that pair is refused for AXES_COOLOFF_MINUTES with a page in the editor's
# language (cms.security.admin_lockout_response, a 429).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "cms.security.admin_lockout_response"
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_HOPS proxies
# (Varnish: 1) the address the outermost one appended to X-Forwarded-For.
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.security.client_ip"
# No start-up banner on every manage.py command; lockouts are still logged.
AXES_VERBOSE = False

# --- Two-step sign-in for staff (django-otp, agency_sites/two_factor) -----------
# Any staff member may add an authenticator app (TOTP, RFC 6238) in their
# account settings; once they have, every admin session asks for its code (or
# a backup code) after the password. With this on, portal administrators
# (superusers and the "Portal administrators" group) must set one up before
# any other admin page opens.
TWO_FACTOR_REQUIRED_FOR_PORTAL_ADMINS = env_bool(
    "TWO_FACTOR_REQUIRED_FOR_PORTAL_ADMINS", default=False
)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Hukumat.tj")
# After each wrong code the next try waits 2^(failures-1) x this many seconds
# (django-otp's throttling, per device; a right code resets it).
OTP_TOTP_THROTTLE_FACTOR = 2
OTP_STATIC_THROTTLE_FACTOR = 2

# --- Probes (cms/probes.py) -------------------------------------------------------
# Seconds a readiness check of a remote service (storage, worker) may take
# before it is reported as timed out.
READINESS_CHECK_TIMEOUT = float(os.environ.get("READINESS_CHECK_TIMEOUT", "1.0"))
# Dotted path of a callable returning when the background worker was last
# seen alive (a datetime, or None): "cms.background.last_worker_heartbeat"
# (from the database, one query) or "cms.probes.cached_worker_heartbeat"
# (from the cache, when it is shared, as Redis is); empty skips the check.
READINESS_WORKER_HEARTBEAT = os.environ.get("READINESS_WORKER_HEARTBEAT", "")
# A heartbeat older than this many seconds reports the worker as down.
READINESS_WORKER_MAX_AGE = int(os.environ.get("READINESS_WORKER_MAX_AGE", "120"))
# How often the worker records its heartbeat (a periodic job, so a worker
# whose queue is stuck stops beating too); keep it well under the maximum age.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # Per-task chatter from Wagtail's background tasks (search, references).
        "django_tasks": {"level": "WARNING"},
    },
}

# Rich-text feature lists, named once and used by every rich-text field and block.
RICH_TEXT_BODY_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
]
RICH_TEXT_INLINE_FEATURES = ["bold", "italic", "link"]

# --- Headless APIs -----------------------------------------------------------------
# Everything under /api/: the portal API (/api/v1/, cms/api), Wagtail's API v2
# (/api/v2/) and a JSON 404 for any other address there.
HEADLESS_API_PREFIXES = ["/api/"]
# Origins whose browsers may read the APIs (the central portal's front ends),
# comma-separated, e.g. "https://hukumat.tj,https://egov.tj".
PORTAL_API_CORS_ORIGINS = env_list("PORTAL_API_CORS_ORIGINS")
WAGTAILAPI_LIMIT_MAX = 100
# The portal API documents itself at /api/v1/docs; DRF's browsable pages would
# only add a second, unstyled HTML face to /api/v2/.
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}
