"""Two server processes on one database see every change at once, as readers meet them.

Each gunicorn server has its own processes and memory (the facet bitmaps, the thesaurus);
what they share is the database, and the page cache in it. A change made by a third process,
in a way that sends no save signal, must reach both, whichever pages they had cached.
"""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.test_browser import ROOT, browser_database_url, free_port

MARK = "Kvasaarikuvio"
CHANGE = f"""
from models_catalog.models import OperatingModel, Step
model = OperatingModel.objects.get(slug="mielikioski")
Step.objects.bulk_create([Step(operating_model=model, number=99, text_fi="{MARK} vaiheena")])
"""


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    database_url, postgres_name = browser_database_url(tmp_path_factory.mktemp("two"))
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.update(DJANGO_SETTINGS_MODULE="mito.settings.test", DATABASE_URL=database_url)
    for command in (["migrate", "-v0"], ["load_catalogue"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    servers, urls = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "mito.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    "1",
                    "--threads",
                    "2",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    for url in urls:
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "a server did not start"
                time.sleep(0.2)
    yield urls, env
    for server in servers:
        server.terminate()
        server.wait(timeout=10)
    if postgres_name:
        import psycopg

        with psycopg.connect(
            os.environ["DATABASE_URL"], dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{postgres_name}"')


def read(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8-sig")


PAGES = [
    "/toimintamallit/mielikioski/",
    f"/?q={MARK.casefold()}",
    "/api/v1/operating-models/mielikioski/",
    f"/api/v1/operating-models/?q={MARK.casefold()}",
]


def test_a_change_one_process_makes_reaches_both_servers_at_once(two_servers):
    urls, env = two_servers
    for url in urls:
        for path in PAGES:
            assert MARK not in read(url + path)  # and now each page is in the page cache
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CHANGE],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    for url in urls:
        model_page, search, api_detail, api_search = (read(url + path) for path in PAGES)
        assert MARK in model_page
        assert 'href="/toimintamallit/mielikioski/"' in search
        assert MARK in api_detail
        assert '"slug":"mielikioski"' in api_search
    check = subprocess.run(
        [sys.executable, "manage.py", "check_derived"], cwd=ROOT, env=env, capture_output=True
    )
    assert check.returncode == 0, check.stderr.decode()
