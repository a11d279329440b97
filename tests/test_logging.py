"""Server errors are recorded: a JSON line on stderr with the traceback and the request id."""

import importlib
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import path
from django.utils.log import configure_logging

from logs import production_logging
from mito.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("the catalogue fell over")


# This module is the URLconf of the tests that need a page that fails.
# (The site's patterns are added as they are: i18n_patterns cannot be included.)
urlpatterns = [path("rikki/", broken_view), *site_urlpatterns]
handler500 = "sitepages.views.server_error"


@pytest.fixture
def error_log(settings):
    """The production logging set-up, writing into a buffer instead of stderr."""
    settings.ROOT_URLCONF = __name__
    buffer = io.StringIO()
    logging.config.dictConfig(production_logging())
    for handler in logging.getLogger().handlers:
        if handler.get_name() == "stderr":
            handler.setStream(buffer)
    yield buffer
    configure_logging(django_settings.LOGGING_CONFIG, django_settings.LOGGING)


def logged(buffer):
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_a_500_is_logged_with_its_traceback_and_request_id(error_log):
    client = Client(raise_request_exception=False)
    response = client.get("/rikki/", HTTP_X_REQUEST_ID="pyynto-123")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "pyynto-123"
    errors = [entry for entry in logged(error_log) if entry["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["logger"] == "django.request"
    assert error["request_id"] == "pyynto-123"
    assert error["path"] == "/rikki/"
    assert error["status_code"] == 500
    assert "Traceback" in error["traceback"]
    assert "RuntimeError: the catalogue fell over" in error["traceback"]
    # The reader sees the 500 page, and nothing of the error.
    assert "the catalogue fell over" not in response.content.decode()


@pytest.mark.parametrize(
    "bad_request",
    [
        {"HTTP_HOST": "hyokkaaja.example"},
        {"data": {f"kentta{i}": "x" for i in range(1100)}},
        {"data": {"teksti": "x" * 3_000_000}},
    ],
    ids=["bad host", "too many fields", "too large a body"],
)
def test_bad_input_is_a_warning_without_a_traceback(error_log, bad_request):
    client = Client(raise_request_exception=False)
    data = bad_request.pop("data", None)
    if data is None:
        response = client.get("/", **bad_request)
    else:
        response = client.post("/saavutettavuusseloste/", data)
    assert response.status_code in (400, 403)
    entries = logged(error_log)
    assert entries
    assert all(entry["level"] == "WARNING" for entry in entries), entries
    assert not any("traceback" in entry for entry in entries)


def test_every_response_carries_a_request_id_and_odd_ones_are_replaced(client):
    generated = client.get("/arviointi/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/arviointi/")["X-Request-ID"] != generated
    odd = client.get("/arviointi/", HTTP_X_REQUEST_ID="<script>" + "x" * 100)
    assert odd["X-Request-ID"] != "<script>" + "x" * 100
    assert len(odd["X-Request-ID"]) == 32


def test_production_settings_log_json_to_stderr_and_mail_admins_only_if_set(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.delenv("DJANGO_ADMINS", raising=False)
    prod = importlib.import_module("mito.settings.prod")
    prod = importlib.reload(prod)
    assert prod.ADMINS == []
    assert prod.LOGGING["root"]["handlers"] == ["stderr"]
    assert prod.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    assert "mail_admins" not in prod.LOGGING["handlers"]
    monkeypatch.setenv("DJANGO_ADMINS", "Ylläpito <yllapito@example.fi>, toinen@example.fi")
    prod = importlib.reload(prod)
    assert prod.ADMINS == [
        ("Ylläpito", "yllapito@example.fi"),
        ("toinen@example.fi", "toinen@example.fi"),
    ]
    assert prod.LOGGING["loggers"]["django.request"]["handlers"] == ["mail_admins"]
