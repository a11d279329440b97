"""The minimal pages of the foundation: the home page and an operating model's page."""

import pytest
from django.urls import reverse

from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db


def test_home_lists_the_fifteen_models_with_links(client, catalogue):
    response = client.get(reverse("models_catalog:list"))
    assert response.status_code == 200
    html = response.content.decode()
    for model in catalogue.values():
        assert f'href="{model.get_absolute_url()}"' in html
        assert model.name in html
    assert f'href="{reverse("admin:index")}"' in html


def test_home_hides_drafts(client):
    draft = OperatingModelFactory(is_published=False, name="Luonnosmalli")
    response = client.get(reverse("models_catalog:list"))
    assert draft.name not in response.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(5):
        client.get(reverse("models_catalog:list"))
    OperatingModelFactory.create_batch(5)
    with django_assert_num_queries(5):
        client.get(reverse("models_catalog:list"))


def test_detail_page_shows_the_model(client, catalogue):
    response = client.get(catalogue[13].get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mielikioski" in html
    for step in catalogue[13].steps.all():
        assert step.text in html


@pytest.mark.parametrize("path", ["/toimintamallit/ei-ole/", "/toimintamallit/%C3%A4%00/", "/x"])
def test_unknown_pages_give_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
