"""Search on the real catalogue: Finnish word forms and compounds, synonyms, several words,
typos, ranking, excerpts, and keeping the index current."""

import re

import pytest
from django.urls import reverse

from models_catalog.models import Material, OperatingModel, Organisation, Step, TargetGroup
from models_catalog.search_documents import weighted_texts
from search import analysis
from search import engine as search
from search.models import Concept, Term

pytestmark = pytest.mark.django_db

LIST_URL = reverse("models_catalog:list")


def result(text: str) -> search.Result:
    return search.search(OperatingModel.objects.published(), text)


def ranked(text: str) -> list[int]:
    outcome = result(text)
    return list(outcome.queryset.order_by(*outcome.order_by).values_list("number", flat=True))


def found(text: str) -> set[int]:
    return set(ranked(text))


def having_pattern(pattern: str) -> set[int]:
    """The models whose texts (every field search reads) match a regular expression."""
    return {
        model.number
        for model in OperatingModel.objects.for_indexing()
        if re.search(pattern, " ".join(texts_of(model)).casefold())
    }


def texts_of(model) -> list[str]:
    return [text for texts in weighted_texts(model).values() for text, _language in texts]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("pakolaisten", 8),
        ("pakolainen", 8),
        ("omaishoitajien", 14),
        ("omaishoitaja", 14),
        ("Mielikioski", 13),
        ("YLÖJÄRVI", 13),
        ("digimieli", 1),
        ("ikäihmisten", 9),
        ("Etiäppäin", 7),  # project name
        ("Ikäinstituutti", 9),  # organisation
        ("Polis-kyselyillä", 12),  # a step's text
        ("Pokka-arviointityökalu", 15),  # a material's title
        ("Tampereella", 5),  # a place, inflected
    ],
)
def test_everyday_word_forms_find_the_model(text, number):
    assert number in found(text)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("taidot", "taitoja"),  # the stem changes: taido-/taito-
        ("nuorten", "nuoret"),
        ("tuki", "tukea"),
        ("johtamiseen", "johdetaan"),
    ],
)
def test_forms_of_a_word_find_the_same_models(first, second):
    assert found(first) == found(second) != set()


def test_a_word_finds_the_compounds_it_is_part_of():
    # "mielenterveystaitoja" is written in model 10's texts; "taidot" is part of it.
    assert 10 in found("taidot")
    assert 10 in found("mielenterveys")


def test_a_compound_is_analysed_into_its_parts():
    terms = analysis.finnish_terms("mielenterveystaidot")
    assert {"mielenterveystaito", "mielenterveys", "mieli", "terveys", "taito"} <= terms


@pytest.mark.parametrize(
    ("text", "meant", "misleading"),
    [
        # school is not training (the thesaurus's school words in three languages are meant)
        ("kouluissa", r"\bkoulu(?!tu|tt)|oppilaito|\bskol|läroanst|\bschool", r"koulutu"),
        # first aid is not "first"
        ("ensiapu", r"ensiap|ensiav|första hjälp|first aid", r"ensimmäi"),
        ("oulu", r"\boulu", r"koulutu"),  # the town is not inside "koulutus"
    ],
)
def test_a_word_does_not_match_words_that_merely_begin_alike(text, meant, misleading):
    assert having_pattern(misleading) - having_pattern(meant), "a model to mislead with"
    assert found(text)
    assert found(text) <= having_pattern(meant)


def test_an_abbreviation_does_not_match_inside_words():
    assert found("ry") <= having_pattern(r"\bry\b")
    assert found("ry") != set(range(1, 16))


def test_a_synonym_from_the_thesaurus_finds_the_words_the_catalogue_uses():
    assert not having_pattern("vanhu")  # the report never says "vanhukset"
    assert 9 in found("vanhukset")  # it says "ikääntyneet", "iäkkäät"


def test_editors_extend_the_thesaurus_and_search_follows(client):
    assert found("sirkus") == set()
    concept = Concept.objects.create(slug="circus-and-refugees")
    Term.objects.create(concept=concept, language="fi", text="sirkus")
    Term.objects.create(concept=concept, language="fi", text="pakolaiset")
    assert 8 in found("sirkus")
    page = client.get(LIST_URL, {"q": "sirkus"}).content.decode()
    assert "/toimintamallit/koulutuksesta-tukea-pakolaisten" in page


def test_the_target_group_vocabulary_takes_part_in_search():
    group = TargetGroup.objects.get(slug="ikaantyneet")
    group.description = "Seniorikansalaiset ja kuntosaliryhmät."
    group.save()
    tagged = set(group.benefit_operating_models.values_list("number", flat=True))
    tagged |= set(group.work_operating_models.values_list("number", flat=True))
    assert found("kuntosaliryhmät") == tagged != set()


def test_every_word_must_match_when_some_model_has_them_all():
    outcome = result("omaishoitajien oulu")
    assert outcome.mode == "all"
    assert found("omaishoitajien oulu") == {14}


def test_when_no_model_has_every_word_those_with_the_most_come_first(client):
    outcome = result("omaishoitajien pakolaisten")
    assert outcome.mode == "some"
    numbers = ranked("omaishoitajien pakolaisten")
    assert set(numbers) == found("omaishoitajien") | found("pakolaisten")
    page = client.get(LIST_URL, {"q": "omaishoitajien pakolaisten"}).content.decode()
    assert 'class="partial-match"' in page


def test_a_typo_is_corrected_and_offered_as_did_you_mean(client):
    outcome = result("omaishoitjien")
    assert 14 in found("omaishoitjien")
    assert outcome.suggestion == "omaishoitajien"
    page = client.get(LIST_URL, {"q": "omaishoitjien", "county": "pohjois-pohjanmaa"})
    html = page.content.decode()
    assert 'class="did-you-mean"' in html
    assert "?q=omaishoitajien&amp;county=pohjois-pohjanmaa" in html


def test_a_known_word_is_not_widened_by_typo_matching():
    assert result("pakolaiset").suggestion == ""
    assert found("pakolaiset") == {8}


@pytest.mark.parametrize("text", ["koronarokotus", "hammashoito", "tandvård", "vaccination"])
def test_something_the_catalogue_lacks_finds_nothing(text):
    assert found(text) == set()


def test_several_words_the_catalogue_lacks_find_no_model_with_them_all():
    # "care" is in the English texts: models with it are only offered as matching some words.
    assert result("dental care").mode == "some"


def test_ä_and_ö_are_letters_of_their_own():
    assert found("ylojarvi") == set()
    assert ranked("Ylöjärvi")[0] == 13


def test_a_municipality_finds_its_own_models_first_then_those_of_its_county():
    pirkanmaa = set(
        OperatingModel.objects.filter(counties__slug="pirkanmaa").values_list("number", flat=True)
    )
    assert ranked("Ylöjärvellä")[0] == 13  # Mielikioski is Ylöjärvi's own
    assert found("Ylöjärvellä") == pirkanmaa


def test_drafts_are_not_found():
    OperatingModel.objects.filter(number=14).update(is_published=False)
    assert found("omaishoitajien") == set()


def test_a_hit_in_the_name_ranks_above_one_deep_in_a_step():
    model = OperatingModel.objects.get(number=1)
    Step.objects.create(operating_model=model, number=9, text="Lopuksi käydään Mielikioskissa.")
    assert found("mielikioski") == {1, 13}
    assert ranked("mielikioski")[0] == 13


def test_results_are_sorted_by_relevance_by_default_when_searching(client):
    page = client.get(LIST_URL, {"q": "mielikioski"})
    assert page.context["object_list"][0].number == 13
    by_number = client.get(LIST_URL, {"q": "mielikioski", "sort": "number"})
    assert [model.number for model in by_number.context["object_list"]] == sorted(
        model.number for model in by_number.context["object_list"]
    )


def test_a_card_shows_why_it_matched_with_the_words_marked_and_escaped(client):
    model = OperatingModel.objects.get(number=3)
    Step.objects.create(
        operating_model=model, number=9, text="<script>alert(1)</script> Sirkuskoulu kaikille."
    )
    html = client.get(LIST_URL, {"q": "sirkuskoulu"}).content.decode()
    assert "<mark>Sirkuskoulu</mark> kaikille" in html
    assert "alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_search_follows_edits_to_steps_materials_and_organisations():
    model = OperatingModel.objects.get(number=3)
    Step.objects.create(operating_model=model, number=5, text="Kokeillaan sirkuskoulua.")
    assert found("sirkuskoulu") == {3}
    Material.objects.create(
        operating_model=model, order=2, title="Lumikenkäopas", url="https://x.fi/o", kind="guide"
    )
    assert found("lumikenkäopas") == {3}
    organisation = Organisation.objects.get(slug="sodankyla")
    organisation.name = "Sodankylän kunta ja Revontuliopisto"
    organisation.save()
    assert found("revontuliopisto") == {3}
    model.organisations.clear()
    assert found("revontuliopisto") == set()


def test_a_deleted_model_leaves_the_index():
    model = OperatingModel.objects.get(number=14)
    model.delete()
    assert model.pk not in search.indexed_pks("default")
    assert found("omaishoitajien") == set()


@pytest.mark.parametrize(
    "text", ["!!!", "😀", "a" * 5000, "\x00", "' OR 1=1 --", '"', "ja ja ja", "-", "*"]
)
def test_odd_queries_give_a_normal_page(client, text):
    response = client.get(LIST_URL, {"q": text})
    assert response.status_code == 200


def test_query_words_are_cleaned():
    assert analysis.words('"Pakolaisten"; DROP TABLE x; -- 😀 \x00') == [
        "pakolaisten",
        "drop",
        "table",
        "x",
    ]
