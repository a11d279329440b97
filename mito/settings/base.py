"""Settings shared by every environment. Environment-specific files import from here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False

# `manage.py generate_synthetic` (benchmark data) refuses to run where this is False.
SYNTHETIC_DATA_ALLOWED = True
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "adminsortable2",
    "csp",
    "axes",
    "limits",  # the limits per client and their counts (limits.counting)
    "models_catalog",
    "search",
    "trainings",
    "feedback",
    "report",
    "links",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
]

MIDDLEWARE = [
    # First, so that every log record of the request carries its id (logs).
    "logs.RequestIdMiddleware",
    # Compresses HTML and JSON for clients that accept gzip; outermost but one, so it sees
    # the finished body. BREACH: Django's GZipMiddleware pads each response's gzip header with
    # 0-99 random bytes ("Heal the Breach", max_random_bytes) and masks the CSRF token anew
    # in every response, so a page's length tells an attacker nothing stable about a secret.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "languages.UnprefixedLanguageMiddleware",
    "guards.middleware.AdminQueryGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# bench/run.py reads each response's SQL statement count from a header; never on otherwise.
if env_bool("MITO_QUERY_COUNT_HEADER", False):
    MIDDLEWARE.insert(0, "logs.querycount.QueryCountHeaderMiddleware")

# Bounded input: form fields up to 2.5 MB in all (Django's default, said here), and no files:
# no form takes them (guards.uploads). The proxy in front bounds the body too (README).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = ["guards.uploads.RefuseFiles"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "mito.urls"
WSGI_APPLICATION = "mito.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "languages.language_versions",
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise (postgres://… in production).
# An empty DATABASE_URL counts as unset.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalogue's queries are short. PostgreSQL's JIT compiles the expressions of any
    # query it estimates costly: at 100 000 models it spent 355 ms compiling the related
    # models' query, which then ran in 45. The planner's default cost of a random read (4,
    # for spinning disks) made it read every search vector instead of the GIN index: 1.1 is
    # the usual setting for SSDs and for a database held in memory.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite lets one transaction write at a time. A transaction that has read before it
    # writes cannot wait for another writer ("database is locked" at once), so each takes the
    # write lock when it begins (IMMEDIATE): two editors saving at once queue for it, up to
    # 30 s (not sqlite3's 5, which a busy server's save and its refresh can outlast).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content is written in Finnish; Swedish and English versions fall back to it where empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi",)
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# Shared by every server process, so an editor's save drops cached pages everywhere
# (models_catalog.caching); the table is made by migration models_catalog 0009.
# Bounded in bytes as well as rows (boundedcache): a value over MAX_BYTES / MAX_ENTRIES (100 KB)
# is not stored; `manage.py maintenance` deletes expired rows.
CACHES = {
    "default": {
        "BACKEND": "boundedcache.BoundedDatabaseCache",
        "LOCATION": "mito_cache",
        "OPTIONS": {"MAX_ENTRIES": 2_000, "MAX_BYTES": 200 * 1024 * 1024},
    }
}
# Whole downloads (every published model, no filter) are kept here as files, one per kind,
# language and site address, for the catalogue's current generation (models_catalog.caching):
# a folder of each server's own; files of an older generation are deleted when a new one is made.
DOWNLOADS_CACHE_DIR = Path(
    os.environ.get("DJANGO_DOWNLOADS_CACHE_DIR", BASE_DIR / "var" / "downloads")
)
# With REDIS_URL (redis://host:6379/0) the cache is Redis instead: the page cache and the counts
# of the limits per client (limits.counting, Redis's INCR) move there, off the database. A Redis
# that does not answer within a second counts as unreachable: pages are computed, limits lapse.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
if not env_bool("MITO_PAGE_CACHE", True):
    # bench/run.py times every page computed in full, as for a query string nobody asked before.
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.dummy.DummyCache"

TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", "") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security headers on every response. Scripts and styles come only from this site: no inline
# scripts, no outside servers. SVG charts are drawn with attributes, not inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# The client's address (limits.client.client_address): how many reverse proxies in front of the
# site append to X-Forwarded-For and can be trusted. 0: served directly, the header is ignored;
# 1: one proxy (nginx with `proxy_add_x_forwarded_for`). The API throttle, django-axes and the
# feedback form all key on the same address.
MITO_TRUSTED_PROXIES = int(os.environ.get("MITO_TRUSTED_PROXIES", "0") or 0)

# Admin sign-in throttling: five wrong passwords lock that username *from that address* for
# 15 minutes, so an attacker elsewhere cannot lock a real editor out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_CLIENT_IP_CALLABLE = "limits.client.client_address"

# The read-only API: JSON only (the browsable renderer needs inline scripts), anonymous and
# throttled, so that one client cannot exhaust the server.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "120/minute")},
    # api.throttling keys on limits.client.client_address; the same count for DRF's own use.
    "NUM_PROXIES": MITO_TRUSTED_PROXIES,
    "EXCEPTION_HANDLER": "api.throttling.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MITO operating models API",
    "DESCRIPTION": (
        "Read-only data of the catalogue of MITO operating models for strengthening "
        "mental-health competence in Finnish municipalities. Content: THL report Ohjaus "
        "20/2023, © the authors and the Finnish Institute for Health and Welfare (THL). Cite: "
        "Rapeli S, Linnaranta O, Haag C. Toimintamalleja mielenterveysosaamisen vahvistamiseen "
        "kunnissa. THL, Ohjaus 20/2023. http://urn.fi/URN:ISBN:978-952-408-237-2"
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "© The authors and THL; reuse with citation"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (nested controls, WCAG 4.1.2);
    # the samples' syntax colours fall below 4.5:1 contrast on their dark background.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "api.schema.describe_filter_values",
    ],
}

# Other sites may read the API from the browser; nothing else is shared, and only reads.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Editors re-review every operating model on this cycle (models_catalog: review dates).
MITO_REVIEW_INTERVAL_DAYS = int(os.environ.get("MITO_REVIEW_INTERVAL_DAYS", 2 * 365))
# How check_links introduces itself to the servers it visits.
MITO_LINK_CHECK_USER_AGENT = os.environ.get(
    "MITO_LINK_CHECK_USER_AGENT",
    "MITO-toimintamallit link checker (catalogue of the THL MITO operating models)",
)
# Links to 127.0.0.1, ::1 and localhost are refused (links.addresses), by the checker and by
# the forms. Only tests turn this on, explicitly, to check links against a loopback server;
# it is never read from the environment.
LINK_CHECK_ALLOW_LOOPBACK_FOR_TESTS = False
# Accessibility feedback: valid messages one client may send in an hour (feedback.views);
# sharing a shortlist with notes: links one client may create in an hour.
FEEDBACK_LIMIT_PER_HOUR = int(os.environ.get("MITO_FEEDBACK_LIMIT_PER_HOUR", "5"))
SHARE_LIMIT_PER_HOUR = int(os.environ.get("MITO_SHARE_LIMIT_PER_HOUR", "30"))
ADOPTION_REPORT_LIMIT_PER_HOUR = int(os.environ.get("MITO_ADOPTION_REPORT_LIMIT_PER_HOUR", "5"))
