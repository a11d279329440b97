"""Test runs: the same database selection as dev (DATABASE_URL or SQLite), faster hashing."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "django-insecure-test-only"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Manifest storage would need collectstatic before every test run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the apps' folders; no collectstatic in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Throttling is tested on its own (tests/test_api.py); elsewhere it would count every request.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}  # noqa: F405

# A second database, always SQLite, for tests that compare search on two databases
# (tests/test_search_quality.py); created only for the tests that ask for it.
DATABASES = {
    **DATABASES,  # noqa: F405
    "sqlite_twin": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
}

# Redis (REDIS_URL) outlives each test's transaction and may serve other runs at the same time:
# each test process keeps its keys apart, and tests/conftest.py deletes them after every test.
if REDIS_URL:  # noqa: F405
    CACHES = {"default": {**CACHES["default"], "KEY_PREFIX": f"mito-test-{os.getpid()}"}}  # noqa: F405

# Each test process keeps its whole downloads apart (the generation in their names is random).
DOWNLOADS_CACHE_DIR = Path(tempfile.mkdtemp(prefix="mito-downloads-"))
