"""The PostgreSQL backend (mito/postgresql): a kept connection that the server ended is
replaced before a request uses it, found without a round trip."""

import time

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's sessions (CI runs it too)"
    ),
]


@pytest.fixture
def kept():
    """A connection of its own, outside the test's transaction, checked as production's are."""
    wrapper = connections.create_connection(connection.alias)
    wrapper.settings_dict = {**wrapper.settings_dict, "CONN_HEALTH_CHECKS": True}
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_an_idle_connection_is_usable_and_kept(kept):
    pid = backend_pid(kept)
    assert kept.is_usable()
    kept.health_check_done = False  # as at the start of each request
    assert backend_pid(kept) == pid


def test_a_connection_the_server_ended_is_replaced_before_it_is_used(kept):
    pid = backend_pid(kept)
    info = connection.settings_dict
    with psycopg.connect(
        host=info["HOST"], port=info["PORT"], user=info["USER"], dbname=info["NAME"]
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    deadline = time.monotonic() + 5
    while kept.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's last message is on its way
    assert not kept.is_usable()
    kept.health_check_done = False  # the next request
    assert backend_pid(kept) != pid
