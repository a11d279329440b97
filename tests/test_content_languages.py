"""Every reader-facing text in three languages, each translation with an honest status, and the
language in the URL (issue 13)."""

import json
import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from models_catalog.models import OperatingModel, Step, WellbeingCounty
from models_catalog.translation_admin import status_field_name
from models_catalog.translation_status import (
    TranslationStatus,
    TranslationStatusMixin,
    source_hash,
    with_status,
)
from tests.admin_forms import change_url, form_data
from trainings.models import Figure

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s)\"'<>]+")


def translated_models():
    return [model for model in apps.get_models() if issubclass(model, TranslationStatusMixin)]


def translated_texts():
    """(row, field, Finnish text) for every translated field of every row that has one."""
    for model in translated_models():
        for row in model._default_manager.all():
            for field in model.TRANSLATED_FIELDS:
                finnish = row.finnish_text(field)
                if finnish:
                    yield row, field, finnish


def numbers(text: str) -> list[str]:
    """The numbers of a text, thousands grouped or not ("22 800" = "22800"), URLs aside."""
    text = URL.sub(" ", text)
    text = re.sub(r"(?<=\d)[\s\u00a0,](?=\d{3}\b)", "", text)
    return sorted(re.findall(r"\d+", text))


def links(text: str) -> list[str]:
    return sorted(link.rstrip(".,;:") for link in URL.findall(text))


def test_every_text_a_reader_sees_is_in_swedish_and_english(db):
    missing = [
        f"{row._meta.label_lower} {row.natural_key()} {field}_{language}"
        for row, field, _finnish in translated_texts()
        for language in ["sv", "en"]
        if not (getattr(row, f"{field}_{language}") or "").strip()
    ]
    assert missing == []


def test_translations_keep_the_numbers_and_links_of_the_finnish(db):
    differing = [
        f"{row._meta.label_lower} {row.natural_key()} {field}_{language}"
        for row, field, finnish in translated_texts()
        for language in ["sv", "en"]
        if numbers(getattr(row, f"{field}_{language}") or "") != numbers(finnish)
        or links(getattr(row, f"{field}_{language}") or "") != links(finnish)
    ]
    assert differing == []


def test_every_translation_records_its_status_and_source(db):
    for row, field, finnish in translated_texts():
        for language in ["sv", "en"]:
            entry = row.translation_status[f"{field}_{language}"]
            assert entry["source"] == source_hash(finnish)
            assert entry["status"] == TranslationStatus.UNREVIEWED


def test_the_number_check_notices_a_changed_figure():
    assert numbers("noin 22 800 osallistujaa 2021–2023") == numbers("about 22,800 in 2021–2023")
    assert numbers("noin 22 800") != numbers("about 22 900")


# Honest status


def test_changing_the_finnish_text_outdates_its_translations(catalogue):
    model = catalogue[1]
    assert model.status_of("goals", "sv") == TranslationStatus.UNREVIEWED
    model.goals_fi = model.goals_fi + " Lisäys."
    model.save()
    model.refresh_from_db()
    assert model.status_of("goals", "sv") == TranslationStatus.OUTDATED
    assert model.translation_status["goals_en"]["status"] == TranslationStatus.OUTDATED
    assert model.status_of("theme", "sv") == TranslationStatus.UNREVIEWED
    assert list(with_status(OperatingModel.objects.all(), "outdated")) == [model]


def test_editor_sees_statuses_beside_each_language_and_reviews_one(admin_client, catalogue):
    model = catalogue[13]
    response = admin_client.get(change_url(model))
    html = response.content.decode()
    assert 'class="form-row field-goals_fi field-goals_sv field-goals_en"' in html
    assert f'name="{status_field_name("goals", "sv")}"' in html
    assert "jquery-ui" not in html.lower()  # no tabs loaded from outside
    data = form_data(response)
    assert data[status_field_name("goals", "sv")] == TranslationStatus.UNREVIEWED
    data[status_field_name("goals", "sv")] = TranslationStatus.REVIEWED
    data["theme_en"] = "Low-threshold support for residents, checked by an editor."
    assert admin_client.post(change_url(model), data).status_code == 302
    model.refresh_from_db()
    assert model.status_of("goals", "sv") == TranslationStatus.REVIEWED
    assert model.status_of("goals", "en") == TranslationStatus.UNREVIEWED
    # A translation the editor wrote is theirs: reviewed.
    assert model.status_of("theme", "en") == TranslationStatus.REVIEWED


def test_admin_lists_what_is_outdated(admin_client, catalogue):
    county = WellbeingCounty.objects.get(slug="pirkanmaa")
    county.official_name_fi = "Pirkanmaan hyvinvointialue (uusi nimi)"
    county.save()
    url = reverse("admin:models_catalog_wellbeingcounty_changelist")
    html = admin_client.get(url, {"translation": "outdated"}).content.decode()
    assert "Pirkanmaa" in html
    assert "Kainuu" not in html
    assert "outdated" in admin_client.get(url).content.decode() or "vanhentunut" in html


def test_readers_see_a_note_and_the_finnish_original(client, catalogue):
    model = catalogue[2]
    finnish_url = model.get_absolute_url()
    html = client.get(f"/sv{finnish_url}").content.decode()
    note = html.split('<aside class="translation-note"')[1].split("</aside>")[0]
    assert "ännu inte granskat" in note
    assert f'<a href="{finnish_url}" lang="fi" hreflang="fi">' in note
    OperatingModel.objects.filter(pk=model.pk).update(goals_fi="Muutettu tavoite.")
    html = client.get(f"/en{finnish_url}").content.decode()
    assert "Outdated translation" in html
    assert "goals" in html.split('<aside class="translation-note"')[1].split("</aside>")[0]


def test_finnish_pages_carry_no_translation_note(client, catalogue):
    assert "translation-note" not in client.get(catalogue[2].get_absolute_url()).content.decode()


def test_statuses_round_trip_through_the_fixtures(tmp_path, catalogue):
    Step.objects.filter(operating_model=catalogue[3], number=1).update(text_fi="Muutettu.")
    call_command("export_catalogue", tmp_path / "first", verbosity=0)
    records = json.loads((tmp_path / "first" / "steps.json").read_text(encoding="utf-8"))
    step = next(r for r in records if r["fields"]["operating_model"] == [catalogue[3].slug])
    assert step["fields"]["translation_status"]["text_sv"]["status"] == "outdated"


# Importing drafted translations


def draft(**changes):
    record = {
        "model": "models_catalog.wellbeingcounty",
        "key": ["kainuu"],
        "field": "name",
        "fi": "Kainuu",
        "sv": "Kajanaland",
        "en": "Kainuu",
    }
    return {**record, **changes}


def test_import_fills_translations_and_marks_them_unreviewed(tmp_path, db):
    WellbeingCounty.objects.filter(slug="kainuu").update(name_sv=None, translation_status={})
    path = tmp_path / "drafts.json"
    path.write_text(json.dumps([draft()]), encoding="utf-8")
    call_command("import_translations", path, verbosity=0)
    county = WellbeingCounty.objects.get(slug="kainuu")
    assert county.name_sv == "Kajanaland"
    assert county.status_of("name", "sv") == TranslationStatus.UNREVIEWED


def test_import_refuses_a_draft_of_another_finnish_text(tmp_path, db):
    path = tmp_path / "drafts.json"
    stale = draft(fi="Kainuun maakunta", sv="Kajanalands landskap")
    path.write_text(json.dumps([draft(sv="Kajanaland X"), stale]), encoding="utf-8")
    with pytest.raises(CommandError, match=r"record 2.*Finnish text differs"):
        call_command("import_translations", path, verbosity=0)
    assert WellbeingCounty.objects.get(slug="kainuu").name_sv == "Kajanaland"  # nothing changed


def test_import_refuses_empty_translations_and_unknown_rows(tmp_path, db):
    path = tmp_path / "drafts.json"
    path.write_text(json.dumps([draft(en=""), draft(key=["atlantis"])]), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_translations", path, verbosity=0)
    assert "no en text" in str(error.value)
    assert "no models_catalog.wellbeingcounty with the key ['atlantis']" in str(error.value)


# Language in the URL


def test_each_language_has_its_prefix_and_finnish_has_none(client, catalogue):
    model = catalogue[13]
    for prefix, language in [("", "fi"), ("/sv", "sv"), ("/en", "en")]:
        html = client.get(f"{prefix}{model.get_absolute_url()}").content.decode()
        assert f'<html lang="{language}">' in html
    with translation.override("sv"):
        assert model.get_absolute_url() == "/sv/toimintamallit/mielikioski/"


def test_finnish_prefix_and_old_links_redirect(client):
    response = client.get("/fi/kartta/", {"county": "pirkanmaa"})
    assert (response.status_code, response["Location"]) == (301, "/kartta/?county=pirkanmaa")
    assert client.get("/fi//evil.example/")["Location"] == "/evil.example/"
    response = client.get("/kieli/en/", {"next": "/sv/?county=pirkanmaa&q=mieli"})
    assert response["Location"] == "/en/?county=pirkanmaa&q=mieli"


def test_every_page_names_its_languages_with_hreflang(client):
    html = client.get("/sv/kartta/", {"county": "kainuu"}).content.decode()
    for language, path in [("fi", "/kartta/"), ("sv", "/sv/kartta/"), ("en", "/en/kartta/")]:
        assert (
            f'<link rel="alternate" hreflang="{language}" href="http://testserver{path}'
            '?county=kainuu">'
        ) in html
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/kartta/' in html
    # The switcher keeps the page and its filters.
    assert '<a href="/en/kartta/?county=kainuu" lang="en" hreflang="en">English</a>' in html


def test_sitemap_lists_every_language(client, catalogue):
    xml = client.get("/sitemap.xml").content.decode()
    for path in ["/toimintamallit/digimieli/", "/sv/toimintamallit/digimieli/", "/en/tilastot/"]:
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert 'hreflang="x-default" href="http://testserver/toimintamallit/digimieli/"' in xml


def test_api_admin_and_robots_stay_unprefixed(client):
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/sv/api/v1/").status_code == 404
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/admin/login/").status_code == 200


# Vocabularies, figures, feeds and exports in the reader's language


def test_map_facets_and_statistics_in_swedish(client, catalogue):
    html = client.get("/sv/kartta/").content.decode()
    assert '<span class="tile-name" lang="sv">Birkaland</span>' in html
    html = client.get("/sv/", {"county": "pirkanmaa"}).content.decode()
    assert "<span>Birkaland</span> <span aria-hidden" in html  # the chip
    html = client.get("/sv/tilastot/").content.decode()
    figure = Figure.objects.get(slug="koulutukset-yhteensa")
    assert f'<dt lang="sv">{figure.label_sv}</dt>' in html
    assert f'<blockquote lang="sv"><p>{Figure.objects.first().source_text_sv}' in html


def test_feed_and_csv_in_the_readers_language(client, catalogue):
    feed = client.get("/en/syote.atom").content.decode()
    assert 'xml:lang="en"' in feed
    assert catalogue[1].name_en in feed
    assert "http://testserver/en/toimintamallit/digimieli/" in feed
    csv = client.get("/sv/toimintamallit.csv", {"county": "pirkanmaa"}).content.decode()
    assert "Birkaland" in csv
    assert catalogue[13].name_sv in csv


def test_search_finds_models_by_their_swedish_county_name(client, catalogue):
    numbers = [m.number for m in client.get("/sv/", {"q": "birkaland"}).context["object_list"]]
    assert numbers
    assert all(catalogue[n].counties.filter(slug="pirkanmaa").exists() for n in numbers)


def test_api_tells_how_far_each_translation_can_be_trusted(client, catalogue):
    OperatingModel.objects.filter(number=13).update(results_fi="Muutettu tulos.")
    data = client.get("/api/v1/operating-models/mielikioski/").json()
    assert data["translation_status"]["sv"]["goals"] == "unreviewed"
    assert data["translation_status"]["en"]["results"] == "outdated"
