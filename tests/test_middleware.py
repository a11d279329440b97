"""The benchmark's query-count header: exact when turned on, absent otherwise."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/tilastot/", "/toimintamallit/mielikioski/", "/?q=nuorten"])
def test_the_header_counts_every_statement(client, settings, url):
    settings.MIDDLEWARE = ["logs.querycount.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert int(response["X-Query-Count"]) == len(context.captured_queries) > 0


def test_no_header_unless_turned_on(client):
    assert "X-Query-Count" not in client.get("/tilastot/")
