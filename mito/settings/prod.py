"""Production: everything secret or host-specific comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from logs import production_logging

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production settings refuse to start without a secret key."
    )

SYNTHETIC_DATA_ALLOWED = False

# Keep database connections between requests (a new one per request costs more than most pages).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files; needs `manage.py collectstatic` before the server starts.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

# Every request error goes to stderr with its traceback, one JSON line with the request's id
# (logs); the process manager keeps it. E-mail to ADMINS ("Name <address>, …") only if set.
ADMINS = [
    tuple(part.strip(" >") for part in admin.split("<", 1)) if "<" in admin else (admin, admin)
    for admin in env_list("DJANGO_ADMINS", [])
]
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
LOGGING = production_logging(
    level=os.environ.get("DJANGO_LOG_LEVEL", "WARNING"), mail_admins=bool(ADMINS)
)
