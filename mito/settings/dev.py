"""Local development: no environment needed, SQLite in the project folder."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
# Only for local development; prod.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-not-for-production"  # noqa: F405
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
