"""The read-only API, its OpenAPI description, and schemathesis against it."""

from urllib.parse import urlsplit

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.throttling import AnonRateThrottle
from werkzeug.test import Client as WsgiClient

from mito.wsgi import application
from models_catalog.models import OperatingModel, TargetGroup, WellbeingCounty
from tests.factories import OperatingModelFactory
from trainings.models import Figure

pytestmark = pytest.mark.django_db

MODELS_URL = "/api/v1/operating-models/"


def numbers(client, **params) -> list[int]:
    response = client.get(MODELS_URL, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["results"]]


def test_root_lists_every_resource_with_licence_and_citation(client):
    data = client.get("/api/v1/").json()
    for key in ["operating_models", "organisations", "wellbeing_services_counties"]:
        assert client.get(data[key]).status_code == 200
    assert client.get(data["target_groups"]).status_code == 200
    assert client.get(data["figures"]).status_code == 200
    assert "THL" in data["licence"]
    assert "Ohjaus 20/2023" in data["citation"]


def test_operating_model_list_counts_and_pagination(client):
    data = client.get(MODELS_URL).json()
    assert data["count"] == 15
    assert len(data["results"]) == 15
    page = client.get(MODELS_URL, {"page_size": 10}).json()
    assert len(page["results"]) == 10
    assert page["next"].startswith("http://testserver/api/v1/operating-models/?")
    assert "page=2" in page["next"]
    second = client.get(page["next"]).json()
    assert [item["number"] for item in second["results"]] == list(range(11, 16))
    assert second["previous"] is not None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"county": "pohjois-pohjanmaa"}, [14, 15]),
        ({"county": "pirkanmaa"}, [5, 8, 13]),
        ({"county": ["pirkanmaa", "pohjois-pohjanmaa"]}, [5, 8, 13, 14, 15]),
        ({"county": "pirkanmaa", "benefit": "lapset-ja-nuoret"}, [5]),
        ({"organisation": "mieli-ry"}, [2, 8, 10]),
        ({"material": "video"}, [6, 7, 12, 13]),
        ({"q": "pakolaisten"}, [8]),
        ({"q": "omaishoitajien"}, [14]),
        ({"work": "johto-ja-esihenkilot"}, [2, 11]),
    ],
)
def test_list_filters_match_the_list_page(client, params, expected):
    assert numbers(client, **params) == expected
    page = client.get("/", params)
    assert [model.number for model in page.context["object_list"]] == expected


def test_unknown_filter_values_are_a_clear_400(client):
    response = client.get(MODELS_URL, {"county": "atlantis"})
    assert response.status_code == 400
    assert "county" in response.json()


def test_detail_has_every_nested_part(client, catalogue):
    model = catalogue[8]
    data = client.get(f"{MODELS_URL}{model.slug}/").json()
    assert data["name"] == model.name
    assert data["web_url"] == "http://testserver/toimintamallit/" + model.slug + "/"
    assert [step["number"] for step in data["steps"]] == [1, 2, 3]
    assert data["steps"][0]["text"] == model.steps.get(number=1).text
    assert [m["url"] for m in data["materials"]] == [m.url for m in model.materials.all()]
    assert data["materials"][0]["is_pdf"] is True
    assert {o["slug"] for o in data["organisations"]} == {"tays", "kys", "hus", "mieli-ry"}
    assert {c["slug"] for c in data["counties"]} == set(
        model.counties.values_list("slug", flat=True)
    )
    assert [g["slug"] for g in data["benefit_target_groups"]] == ["pakolaiset-ja-maahanmuuttajat"]
    assert {g["slug"] for g in data["work_target_groups"]} == set(
        model.work_target_groups.values_list("slug", flat=True)
    )
    assert data["project"]["name"].endswith("PASEK-hanke")
    assert data["innokyla_url"] == model.innokyla_url
    for key in ["goals", "results", "challenges_and_solutions", "target_group", "theme"]:
        assert data[key]
    # Links between resources resolve.
    assert client.get(data["counties"][0]["url"]).status_code == 200
    assert client.get(data["organisations"][0]["url"]).status_code == 200


def test_detail_carries_translations_where_written(client, catalogue):
    translated = {
        f"{field}_{code}": None
        for field in OperatingModel.TRANSLATED_FIELDS
        for code in ["sv", "en"]
    }
    OperatingModel.objects.filter(number=13).update(**{**translated, "name_sv": "Sinneskiosken"})
    data = client.get(f"{MODELS_URL}mielikioski/").json()
    assert data["name"] == "Mielikioski"
    assert data["translations"] == {"sv": {"name": "Sinneskiosken"}}


def test_drafts_never_appear(client):
    draft = OperatingModelFactory(is_published=False)
    draft.counties.add(WellbeingCounty.objects.get(slug="pirkanmaa"))
    assert client.get(MODELS_URL).json()["count"] == 15
    assert numbers(client, county="pirkanmaa") == [5, 8, 13]
    assert client.get(f"{MODELS_URL}{draft.slug}/").status_code == 404


def test_other_resources(client):
    counties = client.get("/api/v1/wellbeing-services-counties/", {"page_size": 100}).json()
    assert counties["count"] == 22
    groups = client.get("/api/v1/target-groups/", {"page_size": 100}).json()
    assert groups["count"] == TargetGroup.objects.count()
    figure = client.get("/api/v1/figures/koulutukset-yhteensa/").json()
    assert (figure["value"], figure["is_approximate"], figure["is_reported_total"]) == (
        630,
        True,
        True,
    )
    assert client.get("/api/v1/figures/", {"page_size": 100}).json()["count"] == (
        Figure.objects.count()
    )
    assert client.get("/api/v1/organisations/mieli-ry/").json()["name"] == "Mieli ry"


@pytest.mark.parametrize("path", ["organisations/%00/", "operating-models/a%00b/", "figures/x.y/"])
def test_odd_slugs_are_json_404s(client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_api_is_read_only_and_readable_from_other_sites(client):
    response = client.get(MODELS_URL, HTTP_ORIGIN="https://hyvinvointialue.example.fi")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post(MODELS_URL, {}).status_code == 405
    assert client.delete(f"{MODELS_URL}mielikioski/").status_code == 405
    page = client.get("/", HTTP_ORIGIN="https://hyvinvointialue.example.fi")
    assert "Access-Control-Allow-Origin" not in page  # only the API is shared


def test_throttling_answers_429_with_retry_after(client, monkeypatch):
    # A fixed window (limits.counting): an hour long, so that these requests never straddle two.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/hour"})
    cache.clear()
    statuses = [client.get("/api/v1/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/")
    assert int(response["Retry-After"]) > 0
    cache.clear()


def test_schema_describes_every_endpoint(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/operating-models/",
        "/api/v1/operating-models/{slug}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/wellbeing-services-counties/",
        "/api/v1/wellbeing-services-counties/{slug}/",
        "/api/v1/target-groups/",
        "/api/v1/target-groups/{slug}/",
        "/api/v1/figures/",
        "/api/v1/figures/{slug}/",
    }
    parameters = {
        p["name"] for p in schema["paths"]["/api/v1/operating-models/"]["get"]["parameters"]
    }
    assert {
        "q",
        "benefit",
        "work",
        "county",
        "municipality",
        "organisation",
        "material",
    } <= parameters
    assert "THL" in schema["info"]["license"]["name"]


def test_documentation_page_needs_nothing_from_outside(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html
    assert "https://" not in html.split("<body")[0]


@pytest.fixture
def keep_test_connection():
    """Raw WSGI calls would close the test's database connection at the end of each request;
    Django's own test client avoids that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def real_slugs(path: str) -> list[str]:
    """The slugs a detail operation knows, read from its list operation like any client."""
    listing = path.replace("{slug}/", "")
    response = WsgiClient(application).get(listing, query_string="page_size=100")
    assert response.status_code == 200, listing
    return [item["slug"] for item in response.get_json()["results"]]


def test_schemathesis_finds_no_server_error_and_no_schema_violation(keep_test_connection):
    """Generated requests for every operation of the site's own OpenAPI document (bounded):
    no 5xx, every response as described, and HEAD and OPTIONS of each behave too.

    The document is the one the site serves, loaded from it; requests go where it says
    (its base URL), and each operation is first asked with known-good parameters and must
    answer 200: a wrong base URL would give 404 for everything, which the document allows,
    and fuzz nothing. Detail operations get real slugs half of the time, so they are fuzzed
    beyond their 404."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    assert schema.get_base_url() == "/"  # the paths are absolute: /api/v1/...
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11
    wsgi = WsgiClient(application)
    for operation in operations:
        slugs = real_slugs(operation.path) if "{slug}" in operation.path else []
        known_good = operation.Case(path_parameters={"slug": slugs[0]} if slugs else None)
        assert known_good.call().status_code == 200, operation.path
        strategy = operation.as_strategy()
        if slugs:
            strategy = st.tuples(strategy, st.sampled_from([None, *slugs])).map(with_slug)

        @given(case=strategy)
        @hypothesis_settings(
            max_examples=15, deadline=None, suppress_health_check=list(HealthCheck)
        )
        def check(case):
            cache.clear()
            # Through WSGI nothing decompresses the answer: ask for it as it is.
            response = case.call_and_validate(headers={"Accept-Encoding": "identity"})
            assert response.status_code < 500, case.as_curl_command()
            # The schema describes GET only; the same generated request as HEAD and OPTIONS
            # (which CORS advertises) must behave too. Through WSGI like schemathesis: Django's
            # test client would reconnect the signal that closes the test's connection.
            url = urlsplit(response.request.url)
            head = wsgi.open(url.path, method="HEAD", query_string=url.query)
            assert head.status_code == response.status_code, url  # the server drops the body
            options = wsgi.open(url.path, method="OPTIONS", query_string=url.query)
            assert options.status_code in (200, 404), url

        check()


def with_slug(generated):
    case, slug = generated
    if slug is not None:
        case.path_parameters = {**case.path_parameters, "slug": slug}
    return case
