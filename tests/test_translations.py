"""Swedish and English content beside the Finnish, with Finnish as the fallback."""

import json

import pytest
from django.core.management import call_command

from models_catalog.models import Material, OperatingModel, Step, TargetGroup, WellbeingCounty
from tests.admin_forms import change_url, form_data
from tests.conftest import read_records, write_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish_mielikioski(catalogue):
    model = catalogue[13]
    OperatingModel.objects.filter(pk=model.pk).update(
        name_sv="Sinneskiosken", theme_sv="Stöd med låg tröskel för invånarna."
    )
    Step.objects.filter(operating_model=model, number=2).update(
        text_sv="Man kan ta kontakt i kiosken, i chatten, per telefon eller e-post."
    )
    Material.objects.filter(operating_model=model).update(title_sv="Ylöjärvis Sinneskiosk")
    # Untranslated texts, to see the Finnish fallback.
    Step.objects.filter(operating_model=model, number=1).update(text_sv=None)
    TargetGroup.objects.filter(slug="tyoikaiset").update(name_sv=None)
    WellbeingCounty.objects.filter(slug="pirkanmaa").update(name_sv=None)
    OperatingModel.objects.exclude(pk=model.pk).update(name_sv=None)
    OperatingModel.objects.filter(pk=model.pk).update(name_en=None)
    TargetGroup.objects.filter(slug="ikaantyneet").update(name_sv="Äldre")
    return OperatingModel.objects.get(pk=model.pk)


def read_as(client, language, path, params=None):
    """The page at `path` (a Finnish, unprefixed path) in `language`."""
    prefix = "" if language == "fi" else f"/{language}"
    return client.get(prefix + path, params or {}).content.decode()


def test_swedish_reader_sees_swedish_texts_marked_as_swedish(client, swedish_mielikioski):
    html = read_as(client, "sv", swedish_mielikioski.get_absolute_url())
    assert '<h1 id="model-title" lang="sv">Sinneskiosken</h1>' in html
    assert 'lang="sv">Stöd med låg tröskel för invånarna.</p>' in html
    assert '<li value="2" lang="sv">Man kan ta kontakt i kiosken' in html
    # Untranslated texts fall back to Finnish, and say so.
    assert '<li value="1" lang="fi">Asiakas voi ottaa yhteyttä' in html
    assert 'lang="sv">Ylöjärvis Sinneskiosk</a>' in html
    assert 'lang="sv">Äldre</a>' in html
    assert 'lang="fi">Työikäiset aikuiset</a>' in html


def test_finnish_reader_sees_finnish_texts(client, swedish_mielikioski):
    html = read_as(client, "fi", swedish_mielikioski.get_absolute_url())
    assert '<h1 id="model-title" lang="fi">Mielikioski</h1>' in html
    assert "Sinneskiosken" not in html


def test_english_reader_falls_back_to_finnish(client, swedish_mielikioski):
    html = read_as(client, "en", swedish_mielikioski.get_absolute_url())
    assert '<h1 id="model-title" lang="fi">Mielikioski</h1>' in html


def test_list_cards_facets_and_chips_use_the_readers_language(client, swedish_mielikioski):
    html = read_as(client, "sv", "/", {"benefit": "ikaantyneet"})
    assert '<html lang="sv">' in html
    # Swedish texts need no mark of their own on a Swedish page; Finnish fallbacks do.
    assert '/"><span class="number">13.</span> Sinneskiosken</a>' in html
    assert ' lang="fi"><span class="number">' in html
    assert '<span>Äldre</span> <span class="count">' in html
    assert '<span>Äldre</span> <span aria-hidden="true">×</span>' in html
    assert '<span lang="fi">Pirkanmaa</span> <span class="count">' in html


def test_sorting_by_name_uses_the_name_the_reader_sees(client, swedish_mielikioski):
    names = [m.name for m in client.get("/sv/", {"sort": "name"}).context["object_list"]]
    assert names.index("Sinneskiosken") > names.index("Opastava perhetyö")


def test_swedish_words_are_searchable(client, swedish_mielikioski):
    assert [m.number for m in client.get("/", {"q": "sinneskiosken"}).context["object_list"]] == [
        13
    ]


def test_editor_writes_a_swedish_version_in_the_admin(admin_client, catalogue):
    model = catalogue[14]
    data = form_data(admin_client.get(change_url(model)))
    assert data["name_fi"] == model.name_fi
    data["name_sv"] = "Att tala om närståendevårdares psykiska välbefinnande"
    assert admin_client.post(change_url(model), data).status_code == 302
    model.refresh_from_db()
    assert model.name_sv.startswith("Att tala om")
    assert model.name_fi == "Omaishoitajien mielen hyvinvointi puheeksi"


def test_fixtures_without_translation_fields_still_load(empty_db, fixture_copy):
    for path in fixture_copy:
        records = read_records(path)
        for record in records:
            fields = record["fields"]
            for key in [k for k in fields if k.endswith(("_fi", "_sv", "_en"))]:
                del fields[key]
        write_records(path, records)
    assert '"name_fi"' not in fixture_copy[4].read_text(encoding="utf-8")
    call_command("load_catalogue", *fixture_copy)
    model = OperatingModel.objects.get(number=13)
    assert (model.name_fi, model.name_sv) == ("Mielikioski", None)
    assert Step.objects.get(operating_model=model, number=1).text_fi.startswith("Asiakas")
    assert TargetGroup.objects.get(slug="perheet").name_fi == "Perheet"


def test_empty_translations_export_as_empty(tmp_path):
    Step.objects.filter(operating_model__number=1, number=1).update(text_sv=None, text_en=None)
    call_command("export_catalogue", tmp_path, verbosity=0)
    record = json.loads((tmp_path / "steps.json").read_text(encoding="utf-8"))[0]["fields"]
    assert record["text_sv"] is None
    assert record["text_en"] is None
    assert record["text_fi"] == record["text"]
