"""The API's edges: any `lang`, every method CORS advertises, on every endpoint."""

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/operating-models/",
    "/api/v1/operating-models/digimieli/",
    "/api/v1/organisations/",
    "/api/v1/wellbeing-services-counties/",
    "/api/v1/wellbeing-services-counties/pirkanmaa/",
    "/api/v1/target-groups/",
    "/api/v1/figures/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/docs/?script=",
]


@pytest.mark.parametrize("lang", ["de", "en-us", "fi-FI", "abc", "", "sv", "%00", "x" * 300])
def test_schema_with_any_lang_falls_back_instead_of_failing(client, lang):
    response = client.get("/api/v1/schema/", {"format": "json", "lang": lang})
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert client.get("/api/v1/docs/", {"lang": lang}).status_code == 200


def test_unknown_lang_gives_the_finnish_schema(client):
    finnish = client.get("/api/v1/schema/", {"format": "json", "lang": "fi"}).json()
    assert client.get("/api/v1/schema/", {"format": "json", "lang": "de"}).json() == finnish


@pytest.mark.parametrize("path", ENDPOINTS)
def test_head_answers_like_get_without_a_body(client, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_options_answers_with_the_allowed_methods(client, path):
    response = client.options(
        path, HTTP_ORIGIN="https://muu.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    allowed = response.get("Allow") or response.get("Access-Control-Allow-Methods")
    assert "GET" in allowed


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/operating-models/"])
def test_options_without_cors_lists_head_too(client, path):
    response = client.options(path)
    assert response.status_code == 200
    assert "HEAD" in response["Allow"]
