"""The reader's pages on the real catalogue: list, detail, project, map, evidence, statistics."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from models_catalog.models import GlossaryTerm, OperatingModel, WellbeingCounty
from tests.factories import OperatingModelFactory
from trainings.models import Figure, MethodTraining

pytestmark = pytest.mark.django_db

LIST_URL = reverse("models_catalog:list")


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))


def links(html: str) -> list[str]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.links


def card_numbers(response) -> list[int]:
    return [model.number for model in response.context["object_list"]]


# The list page


def test_list_shows_every_published_model_as_a_card(client, catalogue):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "15 toimintamallia" in html
    for model in catalogue.values():
        assert model.get_absolute_url() in links(html)
        assert escape(model.theme) in html
        assert escape(model.implementer_text) in html
        assert escape(model.area_text) in html
    assert "2 materiaalia" in html  # model 5 and model 10 have two materials each
    assert "3 materiaalia" in html  # model 9 has three


def test_list_filters_by_county_and_counts_in_finnish(client):
    response = client.get(LIST_URL, {"county": "pohjois-pohjanmaa"})
    assert card_numbers(response) == [14, 15]
    assert "2 toimintamallia" in response.content.decode()
    response = client.get(LIST_URL, {"county": "pirkanmaa"})
    assert card_numbers(response) == [5, 8, 13]
    assert "3 toimintamallia" in response.content.decode()
    response = client.get(LIST_URL, {"county": "lappi"})
    assert "1 toimintamalli<" in response.content.decode()


def test_list_shows_facet_counts_beside_options(client):
    html = client.get(LIST_URL, {"county": "pirkanmaa"}).content.decode()
    assert re.search(r'value="pirkanmaa"[^>]*checked', html)
    assert re.search(r"Pakolaiset ja maahanmuuttajat</span> <span class=\"count\">\(1", html)
    # Kainuu's only model is not in Pirkanmaa, but the county facet ignores its own choice.
    assert re.search(r"Kainuu</span> <span class=\"count\">\(1", html)


def test_chips_remove_one_filter_and_clear_all(client):
    response = client.get(LIST_URL, {"county": ["pirkanmaa", "helsinki"], "benefit": "ikaantyneet"})
    html = response.content.decode()
    assert card_numbers(response) == [13]
    chip_links = [href for href in links(html) if href.startswith("?")]
    assert "?benefit=ikaantyneet&county=helsinki" in [
        href.replace("&amp;", "&") for href in chip_links
    ]
    assert "Tyhjennä kaikki rajaukset" in html
    assert 'aria-label="Poista rajaus Hyvinvointialue: Pirkanmaa"' in html


def test_empty_state_offers_to_clear_filters(client):
    response = client.get(LIST_URL, {"county": "pirkanmaa", "benefit": "omaishoitajat"})
    html = response.content.decode()
    assert card_numbers(response) == []
    assert "0 toimintamallia" in html
    assert "Yksikään toimintamalli ei vastaa näitä rajauksia." in html
    assert f'href="{LIST_URL}"' in html


def test_search_from_the_list_page(client):
    assert card_numbers(client.get(LIST_URL, {"q": "pakolaisten"})) == [8]
    assert card_numbers(client.get(LIST_URL, {"q": "omaishoitajien"})) == [14]


def test_sorting_and_pagination(client):
    response = client.get(LIST_URL, {"page_size": "10"})
    assert card_numbers(response) == list(range(1, 11))
    assert "Sivu 1 / 2" in response.content.decode()
    response = client.get(LIST_URL, {"page_size": "10", "page": "2"})
    assert card_numbers(response) == list(range(11, 16))
    response = client.get(LIST_URL, {"sort": "name", "page_size": "10"})
    assert card_numbers(response)[0] == 1  # Digimieli
    next_link = next(href for href in links(response.content.decode()) if "page=2" in href)
    assert "sort=name" in next_link
    assert "page_size=10" in next_link


@pytest.mark.parametrize(
    "params",
    [
        {"county": "atlantis"},
        {"benefit": "'; DROP TABLE models_catalog_operatingmodel; --"},
        {"material": "poster"},
        {"sort": "price"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999999"},
        {"page_size": "100000000"},
        {"page_size": "-5"},
        {"q": "\"quotes\" 'single' OR 1=1 --"},
        {"q": "😀🧠 mieli"},
        {"q": "nul\x00byte"},
        {"q": "x" * 5000},
        {"q": "%_\\"},
        {"q": "&|!():*<->"},
        {"unknown": "value"},
    ],
)
def test_bad_input_gives_a_normal_page(client, params):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert "toimintamalli" in response.content.decode()


def test_invalid_values_show_the_forms_error(client):
    html = client.get(LIST_URL, {"county": "atlantis", "benefit": "omaishoitajat"}).content.decode()
    assert 'class="form-error" role="alert"' in html
    assert "1 toimintamalli<" in html  # the valid filter still applies
    html = client.get(LIST_URL, {"q": "x" * 5000}).content.decode()
    assert 'id="q-error"' in html
    assert 'aria-invalid="true"' in html


def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    queries = [
        {},
        {"county": "pirkanmaa"},
        {"county": ["pirkanmaa", "helsinki"], "benefit": "ikaantyneet", "material": "video"},
        {"q": "mielenterveys", "organisation": "mieli-ry", "work": "sote-ammattilaiset"},
    ]

    # Vocabularies (5), the facet bitmaps (1), the page, the cards' target groups and
    # materials (2); the cache: its generation and entry (2), storing (5); a search also reads
    # the thesaurus, the vocabularies and the municipalities (3), the matching models for the
    # counts (1), and the cards' steps for their excerpts (1).
    def uncached(params):
        return 16 + (5 if "q" in params else 0)

    for params in queries:
        with django_assert_num_queries(uncached(params)):
            client.get(LIST_URL, params)
        with django_assert_num_queries(2):  # the same query string again: from the cache
            client.get(LIST_URL, params)
    OperatingModelFactory.create_batch(6)
    for params in queries:
        with django_assert_num_queries(uncached(params)):
            client.get(LIST_URL, params)


def test_list_hides_drafts(client):
    draft = OperatingModelFactory(is_published=False, name="Luonnosmalli")
    draft.counties.add(WellbeingCounty.objects.get(slug="pirkanmaa"))
    response = client.get(LIST_URL, {"county": "pirkanmaa"})
    assert card_numbers(response) == [5, 8, 13]
    assert "Luonnosmalli" not in response.content.decode()


# The detail page


def test_detail_shows_every_section_in_the_reports_order(client, catalogue):
    model = catalogue[9]
    html = client.get(model.get_absolute_url()).content.decode()
    sections = [
        "Toteuttaja ja hanke",
        "Ota materiaalit käyttöön",
        "Kohderyhmä",
        "Tavoitteet",
        "Toimintamalli vaiheittain",
        "Haasteet ja ratkaisut",
        "Tulokset",
    ]
    positions = [html.index(f">{heading}</h2>") for heading in sections]
    assert positions == sorted(positions)
    assert model.innokyla_url in links(html)
    assert model.project.name in html
    assert escape(model.goals) in html
    assert escape(model.results) in html
    assert "Ei arvioitu" in html
    assert "Lisätty luetteloon" in html
    assert "Päivitetty" in html


@pytest.mark.parametrize("number", range(1, 16))
def test_detail_shows_every_material_link_and_every_step(client, catalogue, number):
    model = catalogue[number]
    html = client.get(model.get_absolute_url()).content.decode()
    page_links = links(html)
    for material in model.materials.all():
        assert material.url in [link.replace("&amp;", "&") for link in page_links]
        assert material.get_kind_display() in html
    steps = re.search(r'<ol class="steps"[^>]*>(.*?)</ol>', html, re.S).group(1)
    assert steps.count("<li") == model.steps.count()
    for step in model.steps.all():
        assert escape(step.text) in html


def test_detail_labels_pdfs_and_videos(client, catalogue):
    html = client.get(catalogue[15].get_absolute_url()).content.decode()
    assert "Työkalu tai kysely, PDF" in html
    html = client.get(catalogue[13].get_absolute_url()).content.decode()
    assert ">Video<" in html
    assert "(ulkoinen sivusto)" in html


def test_detail_links_back_to_the_filtered_list(client, catalogue):
    page_links = links(client.get(catalogue[8].get_absolute_url()).content.decode())
    for county in catalogue[8].counties.all():
        assert f"{LIST_URL}?county={county.slug}" in page_links
    for group in catalogue[8].benefit_target_groups.all():
        assert f"{LIST_URL}?benefit={group.slug}" in page_links
    assert f"{LIST_URL}?organisation=mieli-ry" in page_links


def test_detail_shows_related_models(client, catalogue):
    response = client.get(catalogue[14].get_absolute_url())
    related = [model.number for model in response.context["related_models"]]
    assert related[0] == 15  # same county (Pohjois-Pohjanmaa)
    assert 14 not in related
    assert len(related) <= 4


def test_detail_has_a_canonical_url_and_evidence_link(client, catalogue):
    html = client.get(catalogue[1].get_absolute_url()).content.decode()
    assert '<link rel="canonical" href="http://testserver/toimintamallit/digimieli/">' in html
    assert f"{reverse('models_catalog:evidence')}#not_assessed" in links(html)


def test_detail_runs_a_fixed_number_of_queries(client, catalogue, django_assert_num_queries):
    # The cache's generation and entry (2); the model with its project and nine relations
    # (10: taking it into use and its approved adoptions with their places among them),
    # ranking the related models (1) and their cards (3); its links' last checks (1); storing
    # the rendered page (5).
    for number in (8, 1):
        with django_assert_num_queries(22):
            client.get(catalogue[number].get_absolute_url())
        with django_assert_num_queries(2):  # read again: the whole page from the cache
            client.get(catalogue[number].get_absolute_url())


def test_unknown_slug_gives_the_sites_404_page(client):
    response = client.get("/toimintamallit/ei-ole-olemassa/")
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/toimintamallit/%C3%A4%00/",
        "/toimintamallit/../../etc/passwd",
        "/toimintamallit/" + "a" * 3000 + "/",
        "/hankkeet/ei-ole/",
        "/x",
    ],
)
def test_weird_urls_give_a_404(client, path):
    assert client.get(path).status_code == 404


def test_draft_detail_is_a_404(client):
    draft = OperatingModelFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


# Project, evidence, map and statistics pages


def test_project_page_of_model_11(client, catalogue):
    project = catalogue[11].project
    assert project.get_absolute_url() in links(
        client.get(catalogue[11].get_absolute_url()).content.decode()
    )
    html = client.get(project.get_absolute_url()).content.decode()
    for text in [
        project.full_title,
        "Sosiaali- ja terveysministeriö (STM)",
        "Milla Rantakari",
        "milla.rantakari@paijatha.fi",
        "Heli Kuitunen",
        "16.2.2022",
        "19.12.2022",
        "Kokonaisuus on käynnissä vuosina 2021-2023.",
        "LAPE-muutosohjelma",
        "Tutkimusraportti",
    ]:
        assert text in html
    assert catalogue[11].get_absolute_url() in links(html)


def test_evidence_page_explains_every_status(client):
    html = client.get(reverse("models_catalog:evidence")).content.decode()
    for status in OperatingModel.EvidenceStatus:
        assert f'id="{status.value}"' in html
    assert "ei ole arvioitujen interventioiden rekisteri" in html


def test_map_has_a_tile_and_a_list_entry_per_county(client):
    html = client.get(reverse("models_catalog:map")).content.decode()
    page_links = links(html)
    for county in WellbeingCounty.objects.with_model_counts():
        assert page_links.count(f"{LIST_URL}?county={county.slug}") == 2  # tile and list
    assert html.count('class="tile has-models"') == 16
    assert tile_text(html, "pirkanmaa") == "Pirkanmaa 3 toimintamallia"
    assert tile_text(html, "satakunta") == "Satakunta 0 toimintamallia"


def tile_text(html: str, slug: str) -> str:
    """A map tile's accessible name: its text (the visible name and count, then the unit)."""
    tile = re.search(rf'county={slug}" class="tile[^"]*">(.*?)</a>', html).group(1)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", tile)).replace("\xad", "")


def test_map_counts_only_published_models(client):
    OperatingModel.objects.filter(number=13).update(is_published=False)
    html = client.get(reverse("models_catalog:map")).content.decode()
    assert tile_text(html, "pirkanmaa") == "Pirkanmaa 2 toimintamallia"


def test_statistics_page_shows_every_figure(client):
    response = client.get(reverse("trainings:statistics"))
    assert response.status_code == 200
    html = response.content.decode()
    for figure in Figure.objects.select_related("category"):
        # Category figures are labelled by their category, in the charts and the tables.
        assert (figure.category.name if figure.category else figure.label) in html
        assert figure.display_value in html
    for training in MethodTraining.objects.all():
        assert training.name in html
    assert "noin 12\u00a0800" in html
    assert "yli 280\u00a0000" in html
    assert "eivät summaudu" in html
    assert html.count("<svg") == 2
    assert html.count("<table>") == 2


def test_statistics_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # The figures (4); the report's text of sections 3–5 and its paragraphs (2).
    with django_assert_num_queries(6):
        client.get(reverse("trainings:statistics"))


# Languages


def test_old_language_switch_links_lead_to_the_page_in_that_language(client):
    response = client.get(reverse("switch_language", args=["sv"]), {"next": "/kartta/"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/kartta/"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="sv">' in html
    assert "Verksamhetsmodeller per välfärdsområde" in html
    assert 'lang="sv">Birkaland<' in html


def test_english_interface_marks_finnish_content(client, catalogue):
    OperatingModel.objects.filter(number=13).update(name_en=None)
    with translation.override("en"):
        url = catalogue[13].get_absolute_url()
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html
    assert "Challenges and solutions" in html
    assert '<h1 id="model-title" lang="fi">Mielikioski</h1>' in html
    assert html.count('<li value="1" lang="en">') == 1


def test_language_switcher_refuses_outside_redirects_and_unknown_languages(client):
    response = client.get(
        reverse("switch_language", args=["de"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_finnish_is_the_default_interface(client):
    html = client.get(LIST_URL).content.decode()
    assert '<html lang="fi">' in html
    assert "Rajaa ja hae" in html
    assert "Innehållet kommer från" not in html
    assert "The content comes from a Finnish THL report" not in html


def test_glossary_page_shows_the_concepts_of_table_1(client):
    html = client.get(reverse("models_catalog:glossary")).content.decode()
    for term in GlossaryTerm.objects.all():
        assert f'<dt lang="fi">{term.term}</dt>' in html
        assert escape(term.definition) in html
    assert 'href="http://Thl.fi/mielenterveys"' in html


def test_related_models_are_those_sharing_most_benefit_groups_and_counties(catalogue):
    from models_catalog.models import OperatingModel

    def shared(a, b):
        groups = set(a.benefit_target_groups.all()) & set(b.benefit_target_groups.all())
        return len(groups) + len(set(a.counties.all()) & set(b.counties.all()))

    for model in catalogue.values():
        expected = sorted(
            (other for other in catalogue.values() if other != model and shared(model, other)),
            key=lambda other: (-shared(model, other), other.number),
        )[:4]
        found = OperatingModel.objects.published().related_pks(model, limit=4)
        assert found == [other.pk for other in expected], model.number


@pytest.mark.parametrize("prefix", ["", "/sv", "/en"])
def test_every_count_on_the_list_page_comes_from_the_data(client, prefix):
    OperatingModelFactory(is_published=True)
    published = OperatingModel.objects.published().count()
    html = client.get(f"{prefix}/").content.decode()
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    assert not re.search(r"\d", lead.replace("2021–2023", ""))  # no count written by hand
    assert not re.search(r"[Ff]ifteen|[Ff]emton|viisitoista", lead)
    result_count = re.search(r'<p class="result-count"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert re.search(rf"\b{published}\b", result_count)
