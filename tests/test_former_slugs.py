"""Addresses that coordinators shared or bookmarked keep working after a slug changes."""

import pytest

from models_catalog.models import OperatingModel, Project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_a_models_old_address_redirects_permanently_in_its_language(client, prefix):
    model = OperatingModel.objects.get(slug="mielikioski")
    client.get(f"{prefix}/toimintamallit/mielikioski/")  # cached under the old slug
    model.slug = "mielikioski-uusi"
    model.save()

    response = client.get(f"{prefix}/toimintamallit/mielikioski/")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/toimintamallit/mielikioski-uusi/"
    assert client.get(response["Location"]).status_code == 200


def test_every_former_slug_leads_to_the_current_page_without_a_chain(client):
    model = OperatingModel.objects.get(slug="mielikioski")
    for slug in ("kioski", "mielen-kioski"):
        model.slug = slug
        model.save()
    for former in ("mielikioski", "kioski"):
        response = client.get(f"/toimintamallit/{former}/")
        assert (response.status_code, response["Location"]) == (
            301,
            "/toimintamallit/mielen-kioski/",
        )


def test_a_slug_taken_back_is_the_page_again_not_a_redirect(client):
    model = OperatingModel.objects.get(slug="mielikioski")
    model.slug = "kioski"
    model.save()
    model.slug = "mielikioski"
    model.save()
    assert client.get("/toimintamallit/mielikioski/").status_code == 200
    assert client.get("/toimintamallit/kioski/").status_code == 301


def test_a_drafts_former_address_is_not_found(client):
    model = OperatingModel.objects.get(slug="mielikioski")
    model.slug = "kioski"
    model.is_published = False
    model.save()
    assert client.get("/toimintamallit/mielikioski/").status_code == 404


def test_a_projects_old_address_redirects(client):
    project = Project.objects.filter(operating_models__isnull=False).first()
    old = project.slug
    project.slug = f"{old}-uusi"
    project.save()
    response = client.get(f"/sv/hankkeet/{old}/")
    assert response.status_code == 301
    assert response["Location"] == f"/sv/hankkeet/{old}-uusi/"


def test_an_address_that_never_was_is_still_not_found(client):
    assert client.get("/toimintamallit/ei-ollut-koskaan/").status_code == 404
