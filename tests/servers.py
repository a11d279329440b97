"""The site as its own server process, for the tests that need real HTTP: a database of its own
(a temporary SQLite file, or a PostgreSQL database when DATABASE_URL points to PostgreSQL) and
gunicorn on a free loopback port."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def database_name(url: str, suffix: str) -> str:
    """A PostgreSQL database's name: DATABASE_URL's, `suffix` and the test worker's
    (pytest-xdist), so that no two uses or workers share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{dj_database_url.parse(url)['NAME']}_{suffix}_{worker}"


def with_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def site_env(database_url: str, **variables: str) -> dict:
    """The environment of a manage.py command or server of the test site on `database_url`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.update(DJANGO_SETTINGS_MODULE="mito.settings.test", DATABASE_URL=database_url, **variables)
    return env


#: DATABASE_URL: the template loaded_template made for it in this test process.
LOADED_TEMPLATES: dict[str, str] = {}


def loaded_template(url: str) -> str:
    """A database migrated and with the catalogue loaded, made once per test process (the two
    commands take some 15 s) for own_database to copy: a SQLite file's path, or a PostgreSQL
    database's name. drop_loaded_templates removes it at the end of the session."""
    if url in LOADED_TEMPLATES:
        return LOADED_TEMPLATES[url]
    if is_postgres(url):
        name = database_name(url, "loaded")
        with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        template, database_url = name, with_name(url, name)
    else:
        template = str(Path(tempfile.mkdtemp(prefix="mito-loaded-")) / "loaded.sqlite3")
        database_url = f"sqlite:///{template}"
    env = site_env(database_url)
    manage(env, "migrate", "-v0")
    manage(env, "load_catalogue")
    LOADED_TEMPLATES[url] = template
    return template


def drop_loaded_templates():
    while LOADED_TEMPLATES:
        url, template = LOADED_TEMPLATES.popitem()
        if is_postgres(url):
            with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{template}"')
        else:
            shutil.rmtree(Path(template).parent, ignore_errors=True)


@contextmanager
def own_database(folder: Path, loaded: bool = False):
    """A DATABASE_URL of a database made for `folder` and dropped afterwards: empty, or
    `loaded` (migrated, with the catalogue) as a copy of loaded_template's."""
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        path = folder / "site.sqlite3"
        if loaded:
            shutil.copyfile(loaded_template(url), path)
        yield f"sqlite:///{path}"
        return
    name = database_name(url, folder.name)
    # A template must have no connection open while it is copied: manage.py's have ended.
    template = f' TEMPLATE "{loaded_template(url)}"' if loaded else ""
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield with_name(url, name)
    finally:
        with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


def manage(env: dict, *command: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **options,
    )


@contextmanager
def served(env: dict, *options: str, wait: float = 60):
    """gunicorn serving the site with `env` on a free port: its address, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mito.wsgi", "-b", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(base_url + "/", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(server.stderr.read().decode()) from None
            time.sleep(0.2)
    try:
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=20)


EDITOR_SESSIONS = """
import sys
from django.contrib.auth.models import Group, User
from django.test import Client
for name in sys.argv[1:]:
    user = User.objects.create_user(name, is_staff=True)
    user.groups.add(Group.objects.get(name="Toimittaja"))
    client = Client()
    client.force_login(user)
    print("session", client.cookies["sessionid"].value)
"""


def editor_sessions(env: dict, *names: str) -> list[str]:
    """Session keys of editors made with these names (in the Toimittaja group), signed in as
    Django's test client does: no password, so django-axes counts no sign-in."""
    script = EDITOR_SESSIONS.replace("sys.argv[1:]", repr(list(names)))
    output = manage(env, "shell", "-c", script).stdout.split()
    return [output[index + 1] for index, word in enumerate(output) if word == "session"]


@contextmanager
def catalogue_site(folder: Path, editor: str, password: str):
    """The catalogue loaded into a database of its own, with one editor (a superuser), served
    by gunicorn (two workers): the base URL."""
    with own_database(folder, loaded=True) as database_url:
        env = site_env(
            database_url,
            DJANGO_SUPERUSER_USERNAME=editor,
            DJANGO_SUPERUSER_PASSWORD=password,
            DJANGO_SUPERUSER_EMAIL="toimittaja@example.fi",
        )
        manage(env, "createsuperuser", "--noinput")
        with served(env, "-w", "2") as base_url:
            yield base_url
