"""Comparing two to four models side by side, from a shareable URL."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from models_catalog.models import OperatingModel
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

URL = reverse("models_catalog:compare")
ASPECT_ROWS = 11


def columns(response):
    return [model.slug for model in response.context["models"]]


@pytest.mark.parametrize(
    "slugs",
    [
        ["digimieli", "mielikioski"],
        ["digimieli", "mielikioski", "opastava-perhetyo"],
        ["digimieli", "mielikioski", "opastava-perhetyo", "hyvan-mielen-kunta"],
    ],
)
def test_comparison_shows_every_aspect_for_each_model(client, slugs):
    response = client.get(URL, {"models": ",".join(slugs)})
    assert columns(response) == slugs
    html = response.content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    assert body.count('<th scope="row">') == ASPECT_ROWS
    assert body.count("<tr") == ASPECT_ROWS
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        assert row.count("<td") == len(slugs)
    for model in OperatingModel.objects.filter(slug__in=slugs):
        for step in model.steps.all():
            assert step.text[:40] in html
        for material in model.materials.all():
            assert material.url.replace("&", "&amp;") in html


def test_rows_that_differ_are_marked(client):
    slugs = "omaishoitajien-mielen-hyvinvointi-puheeksi,opastava-perhetyo"
    html = client.get(URL, {"models": slugs}).content.decode()
    rows = re.findall(r'<tr class="(differs)?"><th scope="row">([^<]+)', html)
    same = [label for differs, label in rows if not differs]
    # Both work in Oulu and its region, and neither is assessed; everything else differs.
    assert same == ["Alue ja hyvinvointialueet", "Näytön taso"]
    assert html.count("eroaa</span>") == ASPECT_ROWS - 2


def test_shareable_url_round_trips_and_checkbox_form_works(client):
    first = client.get(URL, {"models": "mielikioski,digimieli"})
    share = re.search(r'<a href="\?(models=[^"]+)">', first.content.decode()).group(1)
    assert share == "models=mielikioski,digimieli"
    assert columns(client.get(f"{URL}?{share}")) == ["mielikioski", "digimieli"]
    # The list page's checkboxes send the same thing as repeated parameters.
    assert columns(client.get(URL, {"models": ["mielikioski", "digimieli"]})) == [
        "mielikioski",
        "digimieli",
    ]


@pytest.mark.parametrize(
    ("query", "expected", "message"),
    [
        (
            "digimieli,mielikioski,opastava-perhetyo,hyvan-mielen-kunta,mitoke-malli",
            4,
            "Enintään 4",
        ),
        ("digimieli,ei-ole,mielikioski", 2, "”ei-ole”"),
        ("digimieli,digimieli,mielikioski", 2, "useammin kuin kerran"),
        ("digimieli", 1, "vähintään kaksi"),
        ("", 0, "vähintään kaksi"),
        ("<script>,%00,😀," + "x" * 5000, 0, "Julkaistuja toimintamalleja"),
    ],
)
def test_bad_comparison_urls_give_a_message_and_the_valid_models(client, query, expected, message):
    response = client.get(URL, {"models": query})
    assert response.status_code == 200
    assert len(response.context["models"]) == expected
    html = response.content.decode()
    assert message in html
    assert "<script>," not in html


def test_drafts_are_treated_as_unknown(client):
    draft = OperatingModelFactory(is_published=False, slug="luonnos")
    response = client.get(URL, {"models": f"digimieli,{draft.slug},mielikioski"})
    assert columns(response) == ["digimieli", "mielikioski"]
    assert draft.name not in response.content.decode()


def test_comparison_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(8):
        client.get(URL, {"models": "digimieli,mielikioski"})
    with django_assert_num_queries(8):
        client.get(URL, {"models": "digimieli,mielikioski,opastava-perhetyo,mitoke-malli"})


def test_list_and_detail_pages_offer_picking_models(client, catalogue):
    html = client.get("/").content.decode()
    assert f'action="{URL}"' in html
    assert html.count('name="models"') == 15
    detail = client.get(catalogue[14].get_absolute_url()).content.decode()
    assert (
        '<input type="hidden" name="models" value="omaishoitajien-mielen-hyvinvointi-puheeksi">'
        in detail
    )


def test_nul_bytes_and_odd_characters_in_the_url_give_a_message(client):
    response = client.get(f"{URL}?models=digimieli,%00,mielikioski,a%27%22b")
    assert response.status_code == 200
    assert [model.slug for model in response.context["models"]] == ["digimieli", "mielikioski"]


def test_the_list_pages_compare_button_goes_on_to_the_comparisons_own_address():
    # The list page's form is posted (it adds to the shortlist too); comparing changes nothing,
    # so no token is asked for, and none ends up in the address.
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(
        URL, {"models": ["mielikioski", "digimieli"], "csrfmiddlewaretoken": "x", "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?models=mielikioski&models=digimieli"
    assert reader.post(URL)["Location"] == URL
