"""Two server processes on one database see every change at once, as readers meet them.

Each gunicorn server has its own processes and memory (the facet bitmaps, the thesaurus);
what they share is the database, and the page cache in it. A change made by a third process,
in a way that sends no save signal, must reach both, whichever pages they had cached.
"""

import urllib.request
from contextlib import ExitStack

import pytest

from tests.servers import manage, own_database, served, site_env

MARK = "Kvasaarikuvio"
CHANGE = f"""
from models_catalog.models import OperatingModel, Step
model = OperatingModel.objects.get(slug="mielikioski")
Step.objects.bulk_create([Step(operating_model=model, number=99, text_fi="{MARK} vaiheena")])
"""


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    with own_database(tmp_path_factory.mktemp("two"), loaded=True) as database_url:
        env = site_env(database_url)
        with ExitStack() as servers:
            urls = [servers.enter_context(served(env, "-w", "1", "--threads", "2")) for _ in "12"]
            yield urls, env


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
    manage(env, "shell", "-c", CHANGE)
    for url in urls:
        model_page, search, api_detail, api_search = (read(url + path) for path in PAGES)
        assert MARK in model_page
        assert 'href="/toimintamallit/mielikioski/"' in search
        assert MARK in api_detail
        assert '"slug":"mielikioski"' in api_search
    manage(env, "check_derived")  # raises unless everything derived is in step
