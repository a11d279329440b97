"""Settings: safe defaults, environment-driven production, refusal without a secret."""

import os
import subprocess
import sys
from pathlib import Path

import dj_database_url

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_dev_settings_need_no_environment():
    result = run_python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='mito.settings.dev';"
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'],"
        " settings.DATABASES['default']['NAME'])"
    )
    assert result.returncode == 0, result.stderr
    debug, engine, name = result.stdout.split()
    assert (debug, engine) == ("True", "django.db.backends.sqlite3")
    assert Path(name) == ROOT / "db.sqlite3"


def test_prod_settings_refuse_to_start_without_a_secret_key():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='mito.settings.prod';"
        "django.setup()"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_prod_settings_read_the_environment():
    result = run_python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='mito.settings.prod';"
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS, settings.DATABASES['default']['ENGINE'],"
        " settings.STORAGES['staticfiles']['BACKEND'])",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="mito.example.fi,www.mito.example.fi",
        DATABASE_URL="postgres://mito:secret@db.example:5432/mito",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 1)[0] == "False"
    assert "['mito.example.fi', 'www.mito.example.fi']" in result.stdout
    assert "django.db.backends.postgresql" in result.stdout
    assert "CompressedManifestStaticFilesStorage" in result.stdout


def test_database_url_selects_postgresql():
    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/mito")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("127.0.0.1", 5432, "mito")


def test_redis_url_makes_redis_the_cache_and_the_database_cache_stays_the_default():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='mito.settings.prod';"
        "from django.conf import settings; cache = settings.CACHES['default'];"
        "print(cache['BACKEND'], cache['LOCATION'])"
    )
    secret = "x" * 50
    with_redis = run_python(
        code, DJANGO_SECRET_KEY=secret, REDIS_URL="redis://cache.example:6379/1"
    )
    assert with_redis.returncode == 0, with_redis.stderr
    assert with_redis.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.example:6379/1",
    ]
    embedded = run_python(code, DJANGO_SECRET_KEY=secret, REDIS_URL="")
    assert embedded.returncode == 0, embedded.stderr
    assert embedded.stdout.split() == ["boundedcache.BoundedDatabaseCache", "mito_cache"]
