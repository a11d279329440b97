"""The catalogue's own classifications (challenge tags, target-group vocabulary) say so."""

import pytest
from django.urls import reverse

from models_catalog.models import ChallengeTag, OperatingModel

pytestmark = pytest.mark.django_db

OWN = "The catalogue's own classification, not the report's"


def test_challenges_page_labels_the_tags_as_the_catalogues_own(client):
    content = client.get(reverse("models_catalog:challenges")).content.decode()
    assert "luettelon oma luokittelu, eivät raportin" in content
    assert reverse("report:before_you_start") in content


def test_list_facets_say_the_vocabularies_are_the_catalogues_own(client):
    content = client.get(reverse("models_catalog:list")).content.decode()
    assert content.count("Luettelon oma kohderyhmäsanasto") == 2  # both target-group facets
    assert "Luettelon oma luokittelu haasteista" in content


def test_api_describes_the_vocabularies_as_the_catalogues_own(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    parameters = {
        parameter["name"]: parameter.get("description", "")
        for parameter in schema["paths"]["/api/v1/operating-models/"]["get"]["parameters"]
    }
    for name in ["benefit", "work", "challenge"]:
        assert OWN in parameters[name], name
    detail = schema["components"]["schemas"]["OperatingModelDetail"]["properties"]
    assert OWN in detail["benefit_target_groups"]["description"]
    assert "report's own wording" in detail["benefit_target_group"]["description"]
    model = client.get("/api/v1/operating-models/mielikioski/").json()
    assert model["reviewed_on"] is None


def test_staff_turnover_stays_unused_as_no_models_section_describes_it():
    """The report names staff turnover only in its section 6, for the projects in general."""
    assert not ChallengeTag.objects.get(slug="henkilostovaihtuvuus").operating_models.exists()
    for model in OperatingModel.objects.all():
        assert "vaihtu" not in model.challenges_and_solutions.casefold()  # vaihtuvuus, vaihtua
