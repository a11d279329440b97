"""The API's documents of operating models: written on every kind of change, and read back as
exactly what the serializers give (api.documents)."""

import json

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from api import documents
from api.models import ModelDocument
from api.serializers import OperatingModelDetailSerializer, OperatingModelListSerializer
from models_catalog.models import (
    Material,
    OperatingModel,
)
from tests import changes
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

MODELS_URL = "/api/v1/operating-models/"


def serialised(slug: str, serializer=OperatingModelDetailSerializer, **headers) -> dict:
    """What the serializers give for the model now, as the API's JSON would carry it."""
    model = OperatingModel.objects.for_detail().get(slug=slug)
    request = RequestFactory().get("/", **headers)
    return json.loads(json.dumps(serializer(model, context={"request": request}).data))


def from_api(client, slug: str, **headers) -> dict:
    response = client.get(f"{MODELS_URL}{slug}/", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def listed(client, slug: str) -> dict:
    results = client.get(MODELS_URL, {"page_size": 100}).json()["results"]
    return next(item for item in results if item["slug"] == slug)


def test_every_model_reads_as_the_serializers_give_it(client, catalogue):
    assert ModelDocument.objects.count() == len(catalogue)
    for model in catalogue.values():
        if model.is_published:
            assert from_api(client, model.slug) == serialised(model.slug)
            assert listed(client, model.slug) == serialised(
                model.slug, OperatingModelListSerializer
            )


def test_links_are_absolute_for_the_host_asked_and_pages_in_the_readers_language(client):
    data = from_api(client, "mielikioski", HTTP_ACCEPT_LANGUAGE="sv")
    assert data["url"] == "http://testserver/api/v1/operating-models/mielikioski/"
    assert data["web_url"] == "http://testserver/sv/toimintamallit/mielikioski/"
    assert data["project"]["web_url"].startswith("http://testserver/sv/")
    assert data["organisations"][0]["url"].startswith("http://testserver/api/v1/organisations/")
    material = Material.objects.filter(operating_model__slug="mielikioski").first()
    assert data["materials"][0]["url"] == material.url  # its own link, untouched
    finnish = from_api(client, "mielikioski")
    assert finnish["web_url"] == "http://testserver/toimintamallit/mielikioski/"


@pytest.mark.parametrize("change", changes.EVERY_KIND)
def test_a_change_reaches_the_api_however_it_is_made(client, change):
    model = OperatingModel.objects.get(slug="mielikioski")
    before = json.dumps(from_api(client, "mielikioski"), ensure_ascii=False)
    mark = change(model)
    after = from_api(client, "mielikioski")
    assert (mark in before) != (mark in json.dumps(after, ensure_ascii=False))
    assert after == serialised("mielikioski")
    assert listed(client, "mielikioski") == serialised("mielikioski", OperatingModelListSerializer)


def test_a_model_written_without_its_document_is_served_and_given_one_after_migrating(client):
    model = OperatingModelFactory()
    ModelDocument.objects.filter(operating_model=model).delete()  # as a bulk insert leaves it
    assert from_api(client, model.slug) == serialised(model.slug)
    assert listed(client, model.slug) == serialised(model.slug, OperatingModelListSerializer)
    assert documents.write_missing("default") == 1
    assert ModelDocument.objects.filter(operating_model=model).exists()
    assert documents.write_missing("default") == 0


def test_a_deleted_model_takes_its_document_along(client):
    model = OperatingModelFactory()
    model.delete()
    assert not ModelDocument.objects.filter(operating_model_id=model.pk).exists()
    assert client.get(f"{MODELS_URL}{model.slug}/").status_code == 404


def catalogue_statements(client, url) -> list[str]:
    """The statements a request runs beside the throttle's, which go to the cache table."""
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [
        query["sql"]
        for query in context.captured_queries
        if "mito_cache" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    ]


def test_a_model_is_read_in_one_statement(client):
    (statement,) = catalogue_statements(client, f"{MODELS_URL}mielikioski/")
    assert "api_modeldocument" in statement


def test_a_page_of_models_is_read_in_one_statement_beside_the_count(client):
    client.get(MODELS_URL)  # the facet bitmaps are then held in the process
    version, page = catalogue_statements(client, MODELS_URL)
    assert "search_indexversion" in version  # the count, from the bitmaps
    assert "api_modeldocument" in page


def test_text_that_looks_like_a_link_inside_a_value_is_left_as_written(client):
    theme = 'Lainaus: "url":"/toimintamallit/ ja "web_url": "/sv/"'
    OperatingModel.objects.filter(slug="mielikioski").update(theme=theme)
    assert from_api(client, "mielikioski")["theme"] == theme
    assert listed(client, "mielikioski")["theme"] == theme


def test_line_separators_are_escaped_as_in_the_apis_other_answers(client):
    OperatingModel.objects.filter(slug="mielikioski").update(theme="yksi\u2028kaksi\u2029kolme")
    body = client.get(f"{MODELS_URL}mielikioski/").content.decode()
    assert "\u2028" not in body
    assert "\u2029" not in body
    assert "yksi\\u2028kaksi\\u2029kolme" in body
    assert from_api(client, "mielikioski") == serialised("mielikioski")


def test_a_document_written_with_other_spacing_still_gets_absolute_links(client):
    document = ModelDocument.objects.get(operating_model__slug="mielikioski")
    spaced = json.dumps(json.loads(document.detail), ensure_ascii=False, indent=2)
    ModelDocument.objects.filter(pk=document.pk).update(detail=spaced)
    assert from_api(client, "mielikioski", HTTP_ACCEPT_LANGUAGE="sv") == serialised(
        "mielikioski", HTTP_ACCEPT_LANGUAGE="sv"
    )


def test_an_indented_answer_asked_for_is_still_one_valid_document(client):
    response = client.get(MODELS_URL, HTTP_ACCEPT="application/json; indent=4")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == OperatingModel.objects.published().count()
    assert data["results"][0] == serialised(
        data["results"][0]["slug"], OperatingModelListSerializer
    )
