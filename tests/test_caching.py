"""Cached page pieces: served again while nothing changes, never stale after an edit, and never
holding what belongs to one reader."""

import re
from unittest import mock

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from models_catalog import caching
from models_catalog.apps import drop_cached_pages
from models_catalog.models import OperatingModel, Step, WellbeingCounty

pytestmark = pytest.mark.django_db

LIST_URL = "/"


def test_a_second_reader_of_the_same_query_string_gets_it_from_the_cache(
    client, django_assert_num_queries
):
    first = client.get(LIST_URL, {"county": "pirkanmaa"}).content
    with django_assert_num_queries(2):  # the generation and the cached piece
        again = Client().get(LIST_URL, {"county": "pirkanmaa"}).content
    assert _without_csrf(again) == _without_csrf(first)


def test_an_edit_is_shown_at_once(client, catalogue):
    assert "Mielikioski" in client.get(LIST_URL).content.decode()
    model = catalogue[13]
    model.name = "Mielikioski Plus"
    model.save()
    assert "Mielikioski Plus" in client.get(LIST_URL).content.decode()


def test_edits_to_steps_and_links_are_shown_at_once(client, catalogue):
    url = catalogue[13].get_absolute_url()
    client.get(LIST_URL, {"county": "lappi"})
    client.get(url)
    step = Step.objects.filter(operating_model=catalogue[13]).first()
    step.text = "Uusi ensimmäinen askel"
    step.save()
    catalogue[13].counties.add(WellbeingCounty.objects.get(slug="lappi"))
    assert "Mielikioski" in client.get(LIST_URL, {"county": "lappi"}).content.decode()
    assert "Uusi ensimmäinen askel" in client.get(url).content.decode()


def test_a_change_that_rolls_back_keeps_the_cache(client, catalogue):
    before = caching.generation()
    seen_inside = []

    def edit_then_fail():
        with transaction.atomic():
            catalogue[13].save()
            seen_inside.append(caching.generation())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        edit_then_fail()
    assert seen_inside[0] != before
    assert caching.generation() == before


def test_a_deploy_drops_pieces_rendered_by_the_previous_code():
    before = caching.generation()
    drop_cached_pages(using="default")
    assert caching.generation() != before


def test_each_reader_gets_their_own_csrf_token_and_the_shortlist_works():
    readers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = []
    for reader in readers:
        html = reader.get(LIST_URL).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = reader.post(
            reverse("models_catalog:shortlist_add"),
            {"slug": "mielikioski", "next": LIST_URL, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        assert "Mielikioski" in reader.get(reverse("models_catalog:shortlist")).content.decode()
    assert tokens[0] != tokens[1]


def test_each_language_is_cached_apart(client):
    assert "Rajaa ja hae" in client.get(LIST_URL).content.decode()
    html = client.get("/sv" + LIST_URL).content.decode()
    assert "Filtrera och sök" in html
    assert "Rajaa ja hae" not in html


def test_pages_still_work_when_the_cache_does_not(client):
    with mock.patch("models_catalog.caching.cache.get", side_effect=DatabaseError("no table")):
        response = client.get(LIST_URL, {"q": "omaishoitajien"})
    assert response.status_code == 200
    assert "Omaishoitajien mielen hyvinvointi puheeksi" in response.content.decode()


def test_drafts_never_reach_the_cached_list(client, catalogue):
    client.get(LIST_URL)
    OperatingModel.objects.filter(number=14).update(is_published=False)
    caching.invalidate()  # a queryset update sends no signal; the admin's save does
    html = client.get(LIST_URL, {"q": "omaishoitajien"}).content.decode()
    assert "Omaishoitajien mielen hyvinvointi puheeksi" not in html
    assert 'class="empty-state"' in html


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_development_never_reads_the_cache(client, settings, django_assert_num_queries):
    client.get(LIST_URL, {"county": "pirkanmaa"})
    settings.DEBUG = True
    # Computed in full although cached: vocabularies, counts, page and cards, no cache reads.
    with django_assert_num_queries(9):
        client.get(LIST_URL, {"county": "pirkanmaa"})
