"""Finding a model (issue 32), on the real catalogue: the form's default order is relevance;
everyday words reach the vocabularies and the card says which tag matched; facets keep the
catalogue's counts while searching; a place with no model of its own is answered with the
nearby counties'. The browser checks the same in test_browser_finding.py."""

import re

import pytest
from django.db.models import Q
from django.urls import reverse

from models_catalog.filters import SortChoice
from models_catalog.models import OperatingModel, TargetGroup, WellbeingCounty
from models_catalog.nearby import NEIGHBOURS, neighbours
from search.models import Concept, Term

pytestmark = pytest.mark.django_db

LIST_URL = reverse("models_catalog:list")
API_URL = "/api/v1/operating-models/"


def card_slugs(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]*/toimintamallit/([^/"]+)/"', html)


def tagged(group: str) -> set[str]:
    either = Q(benefit_target_groups__slug=group) | Q(work_target_groups__slug=group)
    return set(OperatingModel.objects.published().filter(either).values_list("slug", flat=True))


def test_the_sort_select_shows_relevance_chosen_unless_the_reader_chose_another(client):
    html = client.get(LIST_URL).content.decode()
    select = re.search(r'<select name="sort".*?</select>', html, re.S)[0]
    assert re.findall(r'<option value="(\w+)"', select)[0] == SortChoice.RELEVANCE
    assert '<option value="relevance" selected>' in select
    html = client.get(LIST_URL, {"q": "nuoret", "sort": "name"}).content.decode()
    assert '<option value="name" selected>' in html


def test_a_search_sent_with_the_forms_default_ranks_by_relevance(client):
    by_relevance = card_slugs(
        client.get(LIST_URL, {"q": "ikääntyneiden yksinäisyys"}).content.decode()
    )
    sent = card_slugs(
        client.get(
            LIST_URL, {"q": "ikääntyneiden yksinäisyys", "sort": "relevance"}
        ).content.decode()
    )
    api = [
        model["slug"]
        for model in client.get(API_URL, {"q": "ikääntyneiden yksinäisyys"}).json()["results"]
    ]
    assert sent == by_relevance == api
    by_number = card_slugs(
        client.get(LIST_URL, {"q": "ikääntyneiden yksinäisyys", "sort": "number"}).content.decode()
    )
    assert sorted(by_number) == sorted(sent)
    assert by_number != sent


def test_the_default_order_is_left_out_of_links(client):
    html = client.get(LIST_URL, {"sort": "relevance", "page_size": "10"}).content.decode()
    following = re.search(r'<a href="\?([^"]*)" rel="next">', html)[1]
    assert following == "page_size=10&amp;page=2"
    html = client.get(LIST_URL, {"sort": "name", "page_size": "10"}).content.decode()
    assert (
        re.search(r'<a href="\?([^"]*)" rel="next">', html)[1]
        == "sort=name&amp;page_size=10&amp;page=2"
    )


@pytest.mark.parametrize(
    ("query", "language", "group"),
    [
        ("varhaiskasvattajat", "fi", "kasvatus-ja-opetusala"),
        ("rehtorit", "fi", "kasvatus-ja-opetusala"),
        ("eläkeläiset", "fi", "ikaantyneet"),
        ("sosiaalityöntekijät", "fi", "sote-ammattilaiset"),
        ("pensionärer", "sv", "ikaantyneet"),
        ("teachers", "en", "kasvatus-ja-opetusala"),
        ("older people", "en", "ikaantyneet"),
    ],
)
def test_everyday_words_find_the_models_tagged_with_their_vocabulary_entry(
    client, query, language, group
):
    prefix = "" if language == "fi" else f"/{language}"
    html = client.get(f"{prefix}{LIST_URL}", {"q": query}).content.decode()
    assert tagged(group) <= set(card_slugs(html))
    label = TargetGroup.objects.get(slug=group).name if language == "fi" else None
    matched = re.findall(r'<p class="matched-tags">(.*?)</p>', html)
    assert len(matched) >= len(tagged(group))
    if label:
        assert f"Osuma: kohderyhmä <span>{label}</span>" in matched


def test_a_synonym_set_holding_a_label_links_a_new_word_to_it(client):
    """Data, not code: an editor's new term reaches the vocabulary entry at once."""
    assert card_slugs(client.get(LIST_URL, {"q": "mummot"}).content.decode()) == []
    Term.objects.create(
        concept=Concept.objects.get(slug="older-people"), language="fi", text="mummot"
    )
    assert set(card_slugs(client.get(LIST_URL, {"q": "mummot"}).content.decode())) == tagged(
        "ikaantyneet"
    )


def test_while_searching_facets_say_how_many_the_catalogue_has(client):
    html = client.get(LIST_URL, {"q": "eläkeläiset"}).content.decode()
    everyone = OperatingModel.objects.published().filter(counties__slug="pirkanmaa").count()
    assert re.search(rf"Pirkanmaa</span> <span class=\"count\">\(1 / {everyone}\)</span>", html)
    assert "Haun aikana vaihtoehdon perässä" in html
    # Without a search, one number.
    assert re.search(
        r'Pirkanmaa</span> <span class="count">\(\d+\)</span>',
        client.get(LIST_URL).content.decode(),
    )


def test_the_county_table_is_symmetric_and_names_every_county():
    counties = set(WellbeingCounty.objects.values_list("slug", flat=True))
    assert set(NEIGHBOURS) == counties
    for county, around in NEIGHBOURS.items():
        assert set(around) <= counties
        assert county not in around
        for other in around:
            assert county in neighbours(other), (county, other)


@pytest.mark.parametrize(
    ("path", "query", "note"),
    [
        ("/sv/", {"q": "Vasa"}, "Inga modeller har utvecklats i Österbotten"),
        (LIST_URL, {"q": "Korsholm"}, "Hyvinvointialueella Pohjanmaa ei ole kehitetty"),
        (LIST_URL, {"county": "pohjanmaa"}, "Hyvinvointialueella Pohjanmaa ei ole kehitetty"),
    ],
)
def test_a_county_with_no_model_is_answered_with_its_neighbours(client, path, query, note):
    html = client.get(path, query).content.decode()
    assert note in html
    assert card_slugs(html) == []  # none of the county's own, and no others in their place
    nearby = re.findall(r'<h4 class="card-title"><a href="[^"]*/toimintamallit/([^/"]+)/"', html)
    expected = set(
        OperatingModel.objects.published()
        .filter(counties__slug__in=neighbours("pohjanmaa"))
        .values_list("slug", flat=True)
    )
    assert nearby
    assert set(nearby) == expected


def test_a_town_finds_its_own_countys_models_first(client):
    for town, county in [("Kokkola", "keski-pohjanmaa"), ("Tampere", "pirkanmaa")]:
        own = set(
            OperatingModel.objects.published()
            .filter(counties__slug=county)
            .values_list("slug", flat=True)
        )
        shown = card_slugs(client.get(LIST_URL, {"q": town}).content.decode())
        api = [m["slug"] for m in client.get(API_URL, {"q": town}).json()["results"]]
        assert shown == api
        assert set(shown[: len(own & set(shown))]) == own & set(shown)
        assert own & set(shown)


def test_a_county_with_models_but_none_for_the_filters_says_so(client):
    html = client.get(
        LIST_URL, {"county": "pirkanmaa", "benefit": "omaishoitajat"}
    ).content.decode()
    # Pirkanmaa's neighbours have no model for informal carers either: the plain empty state.
    assert "Yksikään toimintamalli ei vastaa näitä rajauksia." in html
    html = client.get(
        LIST_URL, {"county": "keski-suomi", "benefit": "ikaantyneet"}
    ).content.decode()
    assert "Yksikään hyvinvointialueella" not in html  # Keski-Suomi has no model at all
    assert "Hyvinvointialueella Keski-Suomi ei ole kehitetty" in html
