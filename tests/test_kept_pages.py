"""Each model's page is kept ready per language (models_catalog.pages) and stays true: every
change to what it shows reaches it, and a kept page reads as the page rendered now."""

import json
import re

import pytest
from django.utils import translation

from links.checker import Result, record
from links.models import LinkStatus
from models_catalog import derived, pages
from models_catalog.models import ModelPage, OperatingModel, Organisation

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(client, operating_model, language="fi") -> str:
    with translation.override(language):
        url = operating_model.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


def related_names(html: str) -> list[str]:
    section = html[html.index('<section class="related"') :]
    return re.findall(r'class="number">\d+\.</span> ([^<]+)</a>', section)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_kept_page_reads_as_the_page_rendered_now(client, catalogue, language):
    for operating_model in catalogue.values():
        kept = page(client, operating_model, language)
        pages.forget("default", [operating_model.pk])
        assert page(client, operating_model, language) == kept, operating_model.number


def test_a_models_page_is_read_in_three_statements(client, catalogue, django_assert_num_queries):
    # Its kept row with the model's title and dates, its related models ranked, their cards.
    for number in (8, 1, 14):
        page(client, catalogue[number])
        with django_assert_num_queries(3):
            page(client, catalogue[number])
        with django_assert_num_queries(3):
            page(client, catalogue[number], "sv")


def test_a_page_with_no_kept_row_is_rendered_by_its_reader_and_kept(
    client, catalogue, django_assert_num_queries
):
    model = catalogue[8]
    pages.forget("default", [model.pk])
    # Besides the three: the model with its project and seven relations (8), its links' last
    # checks (1), dropping an outdated row and keeping the new one (2).
    with django_assert_num_queries(14):
        page(client, model, "sv")
    assert list(ModelPage.objects.filter(operating_model=model).values_list("language")) == [
        ("sv",)
    ]
    with django_assert_num_queries(3):
        page(client, model, "sv")


def test_a_row_rendered_by_other_code_is_rendered_again(client, catalogue):
    model = catalogue[3]
    ModelPage.objects.filter(operating_model=model).update(version="old", content="stale")
    assert "stale" not in page(client, model)
    kept = ModelPage.objects.get(operating_model=model, language="fi")
    assert kept.version == pages.version()
    assert kept.content != "stale"


def test_an_editors_change_is_on_the_page_without_rendering_it_for_a_reader(
    client, catalogue, django_assert_num_queries
):
    model = catalogue[5]
    model.theme = "Uusi teema, jonka toimittaja kirjoitti."
    model.save()
    with django_assert_num_queries(3):
        assert "Uusi teema, jonka toimittaja kirjoitti." in page(client, model)


def test_a_related_models_new_name_shows_on_the_pages_that_list_it(client, catalogue):
    html = page(client, catalogue[14])
    related = OperatingModel.objects.get(name=related_names(html)[0])
    related.name = "Uudelleen nimetty malli"
    related.save()
    assert related_names(page(client, catalogue[14]))[0] == "Uudelleen nimetty malli"


def test_a_renamed_organisation_shows_on_its_models_pages(client, catalogue):
    organisation = catalogue[8].organisations.first()
    organisation.name = "Uusi järjestön nimi"
    organisation.save()
    assert "Uusi järjestön nimi" in page(client, catalogue[8])


def test_a_deleted_organisation_is_gone_from_its_models_pages(client, catalogue):
    organisation = Organisation.objects.create(name="Poistuva järjestö", slug="poistuva")
    catalogue[8].organisations.add(organisation)
    assert "Poistuva järjestö" in page(client, catalogue[8])
    organisation.delete()
    assert "Poistuva järjestö" not in page(client, catalogue[8])


def test_a_recorded_link_check_shows_on_the_models_page(client, catalogue):
    model = next(model for model in catalogue.values() if model.materials.exists())
    material = model.materials.first()
    assert "Linkki ei toiminut" not in page(client, model)
    record([Result(material.url, LinkStatus.BROKEN, http_status=404)], keep_only_checked=False)
    assert "Linkki ei toiminut" in page(client, model)


def test_an_unpublished_model_keeps_no_page_and_shows_none(client, catalogue):
    model = catalogue[2]
    url = model.get_absolute_url()
    model.is_published = False
    model.save()
    assert not ModelPage.objects.filter(operating_model=model).exists()
    assert client.get(url).status_code == 404


def test_a_change_to_many_models_drops_their_pages_for_readers_to_render(
    client, catalogue, monkeypatch
):
    monkeypatch.setattr(pages, "EAGER_LIMIT", 1)
    county = catalogue[14].counties.first()
    shown_by = list(county.operating_models.values_list("pk", flat=True))
    assert len(shown_by) > 1
    county.name = "Uusi hyvinvointialueen nimi"
    county.save()
    assert not ModelPage.objects.filter(operating_model__in=shown_by).exists()
    assert "Uusi hyvinvointialueen nimi" in page(client, catalogue[14])


def test_a_reader_does_not_overwrite_a_page_an_editor_kept_meanwhile(catalogue):
    model = catalogue[6]
    ModelPage.objects.filter(operating_model=model, language="fi").update(content="newer")
    pages._fill("default", [model.pk], "fi")  # a reader who rendered it from older data
    assert ModelPage.objects.get(operating_model=model, language="fi").content == "newer"


def test_changes_inside_deferred_are_refreshed_once_on_leaving(client, catalogue):
    model = catalogue[9]
    with derived.deferred():
        model.theme = "Teema, joka muuttui latauksen aikana."
        model.save()
        model.steps.first().save()
        assert (
            "Teema, joka muuttui"
            not in ModelPage.objects.get(operating_model=model, language="fi").content
        )
    assert (
        "Teema, joka muuttui" in ModelPage.objects.get(operating_model=model, language="fi").content
    )


def test_a_template_edit_outdates_every_kept_page(settings, tmp_path):
    template = tmp_path / "page.html"
    template.write_text("<p>yksi</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    before = pages._digest()
    template.write_text("<p>kaksi</p>")
    assert pages._digest() != before


def test_in_development_a_template_edit_shows_without_a_restart(
    client, catalogue, settings, monkeypatch
):
    settings.DEBUG = True
    monkeypatch.setattr(pages, "_digest", lambda: "edited")
    page(client, catalogue[4])
    kept = ModelPage.objects.get(operating_model=catalogue[4], language="fi")
    assert kept.version == "edited"


def test_a_kept_page_gives_each_request_its_own_address(client, catalogue, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mito.example.fi"]
    model = catalogue[10]
    page(client, model)  # kept, as asked on another host
    html = client.get(model.get_absolute_url(), HTTP_HOST="mito.example.fi").content.decode()
    address = f"http://mito.example.fi{model.get_absolute_url()}"
    assert f'<link rel="canonical" href="{address}">' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["url"] == address
    assert data["name"] == model.name_fi
