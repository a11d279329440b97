"""Two editors' saves of one operating model posted at the same moment, from two threads, to
the site served by gunicorn (two processes of two threads) on its own database: SQLite, or
PostgreSQL when DATABASE_URL says so. Exactly one of two same-field saves wins and the other
is refused with the conflict shown; saves of different fields, and a "mark reviewed" at the
same moment, both land. No round may lose a change.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import lxml.html
import pytest
import requests

from tests.servers import editor_sessions, manage, own_database, served, site_env

PK = "from models_catalog.models import OperatingModel as M; print(M.objects.get(number=5).pk)"
ROUNDS = 3


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with own_database(tmp_path_factory.mktemp("saves"), loaded=True) as database_url:
        env = site_env(database_url)
        sessions = editor_sessions(env, "anna", "bertta")
        pk = manage(env, "shell", "-c", PK).stdout.split()[-1]
        with served(env, "-w", "2", "--threads", "2") as url:
            yield url, sessions, f"{url}/admin/models_catalog/operatingmodel/{pk}/change/", pk


class Editor:
    def __init__(self, session_key):
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key)

    def open(self, url) -> list[tuple[str, str]]:
        """The change form's fields as the browser would post them, unchanged."""
        response = self.http.get(url, timeout=30)
        response.raise_for_status()
        assert response.url == url, response.url  # signed in
        page = lxml.html.fromstring(response.text)
        form = page.get_element_by_id("operatingmodel_form")
        return [*form.form_values(), ("_save", "Tallenna")]

    def post(self, url, data, **changes):
        data = [(name, value) for name, value in data if name not in changes]
        data += list(changes.items())
        csrf = dict(data)["csrfmiddlewaretoken"]
        return self.http.post(
            url, data=data, allow_redirects=False, timeout=60, headers={"X-CSRFToken": csrf}
        )


def saved_values(editor, url) -> dict[str, str]:
    # lxml keeps the line break that opens a textarea's content; a browser drops it.
    return {name: value.strip() for name, value in editor.open(url)}


def at_once(*calls):
    """Each call in its own thread, released together."""
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_same_field_at_once_one_wins_and_the_other_is_shown_the_conflict(site):
    _url, sessions, change, _pk = site
    anna, bertta = Editor(sessions[0]), Editor(sessions[1])
    for round_ in range(ROUNDS):
        mine, theirs = anna.open(change), bertta.open(change)
        texts = {"anna": f"Annan tulokset {round_}.", "bertta": f"Bertan tulokset {round_}."}
        responses = at_once(
            partial(anna.post, change, mine, results_fi=texts["anna"]),
            partial(bertta.post, change, theirs, results_fi=texts["bertta"]),
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200, 302], statuses
        winner = "anna" if responses[0].status_code == 302 else "bertta"
        loser = responses[1] if winner == "anna" else responses[0]
        assert "edit-conflict" in loser.text
        assert texts["anna"] in loser.text
        assert texts["bertta"] in loser.text
        assert saved_values(anna, change)["results_fi"] == texts[winner]


def test_different_fields_at_once_both_land(site):
    _url, sessions, change, _pk = site
    anna, bertta = Editor(sessions[0]), Editor(sessions[1])
    for round_ in range(ROUNDS):
        mine, theirs = anna.open(change), bertta.open(change)
        goals, results = f"Annan tavoitteet {round_}.", f"Bertan tulokset {round_}."
        responses = at_once(
            partial(anna.post, change, mine, goals_fi=goals),
            partial(bertta.post, change, theirs, results_fi=results),
        )
        assert [response.status_code for response in responses] == [302, 302]
        now = saved_values(anna, change)
        assert (now["goals_fi"], now["results_fi"]) == (goals, results)


def test_mark_reviewed_at_the_same_moment_as_a_save_both_land(site):
    url, sessions, change, pk = site
    anna, bertta = Editor(sessions[0]), Editor(sessions[1])
    changelist = f"{url}/admin/models_catalog/operatingmodel/"
    for round_ in range(ROUNDS):
        mine = anna.post(change, anna.open(change), reviewed_on="")  # not reviewed yet
        assert mine.status_code == 302
        mine = anna.open(change)
        token = dict(bertta.open(change))["csrfmiddlewaretoken"]
        action = [
            ("csrfmiddlewaretoken", token),
            ("action", "mark_reviewed"),
            ("_selected_action", pk),
            ("index", "0"),
        ]
        responses = at_once(
            partial(anna.post, change, mine, theme_fi=f"Annan teema {round_}."),
            partial(bertta.post, changelist, action),
        )
        assert [response.status_code for response in responses] == [302, 302]
        now = saved_values(anna, change)
        assert now["theme_fi"] == f"Annan teema {round_}."
        assert now["reviewed_on"], "the review was undone"
