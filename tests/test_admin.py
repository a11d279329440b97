"""The editors' admin: changelists, editing with inlines, history, drafts, conflicts, bad input."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from models_catalog.models import Material, OperatingModel, Step
from tests.admin_forms import change_url, form_data, step_prefix

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    user = User.objects.create_user("toimittaja", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Toimittaja"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_every_catalogue_changelist_opens_in_finnish(admin_client):
    for name in [
        "operatingmodel",
        "project",
        "organisation",
        "wellbeingcounty",
        "municipality",
        "targetgroup",
        "glossaryterm",
        "source",
    ]:
        response = admin_client.get(reverse(f"admin:models_catalog_{name}_changelist"))
        assert response.status_code == 200, name
    for name in ["figure", "trainingcategory", "methodtraining"]:
        assert admin_client.get(reverse(f"admin:trainings_{name}_changelist")).status_code == 200
    html = admin_client.get(reverse("admin:models_catalog_operatingmodel_changelist")).content
    html = html.decode()
    assert "Mielikioski" in html
    assert "julkaistu" in html.lower()
    assert "terveyshyödyn saavat kohderyhmät" in html  # a list filter, in Finnish
    assert "MITO-toimintamallit" in html


def test_changelist_filters_and_search(admin_client):
    url = reverse("admin:models_catalog_operatingmodel_changelist")
    response = admin_client.get(url, {"q": "omaishoitaja"})
    assert [m.number for m in response.context["cl"].result_list] == [14]
    county = OperatingModel.objects.get(number=13).counties.get()
    response = admin_client.get(url, {"counties__id__exact": county.pk})
    assert sorted(m.number for m in response.context["cl"].result_list) == [5, 8, 13]


def test_change_form_shows_help_in_the_reports_terms(editor_client, catalogue):
    html = editor_client.get(change_url(catalogue[14])).content.decode()
    assert "ketkä hyötyvät toimintamallista" in html
    assert "Näytä lopputulos" in html  # "view on site"


def test_editor_edits_a_step_and_the_public_page_shows_it(editor_client, client, catalogue):
    model = catalogue[13]
    data = form_data(editor_client.get(change_url(model)))
    data[f"{step_prefix(data, 2)}-text_fi"] = "Yhteyttä voi ottaa myös tekstiviestillä."
    response = editor_client.post(change_url(model), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert model.steps.get(number=2).text == "Yhteyttä voi ottaa myös tekstiviestillä."
    client.logout()
    assert (
        "Yhteyttä voi ottaa myös tekstiviestillä."
        in client.get(model.get_absolute_url()).content.decode()
    )


def test_swapping_two_steps_keeps_the_new_order(editor_client, catalogue):
    model = catalogue[2]
    first, second = model.steps.get(number=1).text, model.steps.get(number=2).text
    data = form_data(editor_client.get(change_url(model)))
    one, two = step_prefix(data, 1), step_prefix(data, 2)
    data[f"{one}-number"], data[f"{two}-number"] = "2", "1"
    response = editor_client.post(change_url(model), data)
    assert response.status_code == 302
    assert model.steps.get(number=1).text == second
    assert model.steps.get(number=2).text == first
    assert model.steps.count() == 6


def test_history_records_who_changed_what_and_restores_it(editor_client, editor, catalogue):
    model = catalogue[1]
    original_goals = model.goals
    original_step = model.steps.get(number=1).text
    url = change_url(model)
    # A first save records the original as a version.
    assert editor_client.post(url, form_data(editor_client.get(url))).status_code == 302
    data = form_data(editor_client.get(url))
    data["goals_fi"] = "Uudet tavoitteet."
    data[f"{step_prefix(data, 1)}-text_fi"] = "Uusi ensimmäinen vaihe."
    assert editor_client.post(url, data).status_code == 302
    versions = Version.objects.get_for_object(model)
    assert versions.count() == 2
    assert versions[0].revision.user == editor
    history = editor_client.get(
        reverse("admin:models_catalog_operatingmodel_history", args=[model.pk])
    )
    assert history.status_code == 200
    assert "toimittaja" in history.content.decode()
    # Restore the earlier version through the admin's own revision form.
    revision_url = reverse(
        "admin:models_catalog_operatingmodel_revision", args=[model.pk, versions[1].pk]
    )
    response = editor_client.post(revision_url, form_data(editor_client.get(revision_url)))
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.goals == original_goals
    assert model.steps.get(number=1).text == original_step


def test_second_editor_is_not_silently_overwritten(client, editor, catalogue, django_user_model):
    other = django_user_model.objects.create_superuser("toinen", password="x")
    model = catalogue[5]
    url = change_url(model)
    client.force_login(editor)
    mine = form_data(client.get(url))  # editor opens the form...
    client.force_login(other)
    theirs = form_data(client.get(url))
    theirs["results_fi"] = "Toisen toimittajan tulokset."
    assert client.post(url, theirs).status_code == 302  # ...someone else saves first
    client.force_login(editor)
    mine["results_fi"] = "Minun tulokseni."
    response = client.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toinen toimittaja tallensi" in html or "Another editor saved" in html
    assert "Minun tulokseni." in html  # nothing typed is lost
    model.refresh_from_db()
    assert model.results == "Toisen toimittajan tulokset."
    # Saving again, having seen the warning, is a deliberate overwrite.
    again = form_data(response)
    assert client.post(url, again).status_code == 302
    model.refresh_from_db()
    assert model.results == "Minun tulokseni."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda data: data.update(innokyla_url="javascript:alert(1)"), "innokyla_url"),
        (lambda data: data.update(innokyla_url="data:text/html,x"), "innokyla_url"),
        (lambda data: data.update(innokyla_url="ei osoite"), "innokyla_url"),
        (lambda data: data.update(slug="digimieli"), "slug"),
        (lambda data: data.update(number="1"), "number"),
        (lambda data: data.update(name_fi=""), "name_fi"),
        (lambda data: data.update(name_fi="   "), "name_fi"),
    ],
)
def test_bad_model_fields_are_refused_and_nothing_is_saved(editor_client, catalogue, change, field):
    model = catalogue[13]
    before = OperatingModel.objects.filter(pk=model.pk).values().get()
    data = form_data(editor_client.get(change_url(model)))
    data["goals_fi"] = "Tätä ei saa tallentua."
    change(data)
    response = editor_client.post(change_url(model), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert OperatingModel.objects.filter(pk=model.pk).values().get() == before


def test_a_step_with_no_text_is_refused(editor_client, catalogue):
    model = catalogue[13]
    data = form_data(editor_client.get(change_url(model)))
    data[f"{step_prefix(data, 3)}-text_fi"] = ""
    data["goals_fi"] = "Tätä ei saa tallentua."
    response = editor_client.post(change_url(model), data)
    assert response.status_code == 200
    step_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert any("text_fi" in errors for errors in step_errors)
    model.refresh_from_db()
    assert model.goals != "Tätä ei saa tallentua."
    assert model.steps.get(number=3).text


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "ftp://x.fi/a.pdf"])
def test_a_material_with_no_or_a_bad_url_is_refused(editor_client, catalogue, url):
    model = catalogue[9]
    data = form_data(editor_client.get(change_url(model)))
    data["materials-0-url"] = url
    response = editor_client.post(change_url(model), data)
    assert response.status_code == 200
    material_errors = response.context["inline_admin_formsets"][1].formset.errors
    assert "url" in material_errors[0]
    assert Material.objects.filter(operating_model=model, url="").count() == 0
    assert model.materials.get(order=1).url.startswith("https://www.ikainstituutti.fi/")


def test_a_draft_is_hidden_from_readers_and_previewable_by_editors(
    editor_client, client, catalogue
):
    model = catalogue[14]
    data = form_data(editor_client.get(change_url(model)))
    data.pop("is_published")
    assert editor_client.post(change_url(model), data).status_code == 302
    preview = reverse("models_catalog:preview", args=[model.slug])
    response = editor_client.get(preview)
    assert response.status_code == 200
    assert "luonnos" in response.content.decode()
    html = editor_client.get(change_url(model)).content.decode()
    assert preview in html  # "view on site" leads to the preview for drafts

    client.logout()
    assert client.get(model.get_absolute_url()).status_code == 404
    assert client.get(preview).status_code == 302  # to the sign-in page
    listing = client.get("/", {"q": "omaishoitajien"})
    assert list(listing.context["object_list"]) == []
    assert "14." not in client.get("/", {"county": "pohjois-pohjanmaa"}).content.decode()
    facets = client.get("/").context["facets"]
    benefit = next(facet for facet in facets if facet.name == "benefit")
    assert "omaishoitajat" not in [option.value for option in benefit.options]
    tiles = re.findall(
        r'<a href="/\?county=([a-z-]+)" class="tile[^"]*">.*?<span class="tile-count">(\d+)<',
        client.get("/kartta/").content.decode(),
    )
    assert ("pohjois-pohjanmaa", "1") in tiles


def test_csv_export_of_selected_and_all_models(admin_client, catalogue):
    OperatingModel.objects.filter(number=15).update(is_published=False)
    url = reverse("admin:models_catalog_operatingmodel_changelist")
    response = admin_client.post(
        url, {"action": "export_csv", "_selected_action": [catalogue[8].pk, catalogue[13].pk]}
    )
    body = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row[1] for row in rows[1:]] == [catalogue[8].name, "Mielikioski"]
    assert "Pirkanmaa; Helsinki" in rows[1][8] or "Helsinki; " in rows[1][8]
    assert "Ylöjärvi" in body
    response = admin_client.post(
        url,
        {"action": "export_csv", "select_across": "1", "_selected_action": [catalogue[1].pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert len(rows) == 16  # every model, the draft included: editors report on all of them


def test_editor_group_edits_content_but_not_users(editor_client):
    assert editor_client.get(reverse("admin:models_catalog_operatingmodel_add")).status_code == 200
    assert editor_client.get(reverse("admin:trainings_figure_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_steps_are_ordered_in_the_inline(editor_client, catalogue):
    Step.objects.filter(operating_model=catalogue[11], number=5).update(number=9)
    response = editor_client.get(change_url(catalogue[11]))
    numbers = [
        form.instance.number for form in response.context["inline_admin_formsets"][0].formset.forms
    ]
    assert numbers == [1, 2, 3, 4, 9]
