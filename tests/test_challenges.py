"""Learning from challenges: the tags, the index page and the list facet."""

import re

import pytest
from django.urls import reverse

from models_catalog.models import ChallengeTag, OperatingModel

pytestmark = pytest.mark.django_db

ROOTING = [1, 3, 4, 10, 11, 13, 14]


def test_every_model_is_tagged_with_the_challenges_it_describes(catalogue):
    for model in catalogue.values():
        assert model.challenges.exists(), model
    rooting = ChallengeTag.objects.get(slug="juurruttaminen")
    assert sorted(rooting.operating_models.values_list("number", flat=True)) == ROOTING


def test_challenge_index_lists_each_tagged_model_under_its_challenges(client):
    html = client.get(reverse("models_catalog:challenges")).content.decode()
    for challenge in ChallengeTag.objects.prefetch_related("operating_models"):
        section = re.search(rf'<section id="{challenge.slug}".*?</section>', html, re.S).group(0)
        for model in challenge.operating_models.all():
            assert model.get_absolute_url() in section
            assert model.challenges_and_solutions[:60] in section.replace("&#x27;", "'")
    staff = re.search(r'<section id="henkilostovaihtuvuus".*?</section>', html, re.S).group(0)
    assert "Yksikään luettelon toimintamalli ei vielä mainitse" in staff


def test_challenge_index_leaves_out_drafts(client):
    OperatingModel.objects.filter(number=13).update(is_published=False)
    html = client.get(reverse("models_catalog:challenges")).content.decode()
    assert "/toimintamallit/mielikioski/" not in html


def test_list_filters_by_challenge_met(client):
    response = client.get("/", {"challenge": "juurruttaminen"})
    assert [model.number for model in response.context["object_list"]] == ROOTING
    facet = next(f for f in response.context["facets"] if f.name == "challenge")
    counts = {option.value: option.count for option in facet.options}
    assert counts["juurruttaminen"] == len(ROOTING)
    response = client.get("/", {"challenge": "juurruttaminen", "county": "pohjois-pohjanmaa"})
    assert [model.number for model in response.context["object_list"]] == [14]
