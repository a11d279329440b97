"""Two editors at once: saves based on an older version merge, or are refused with a diff.

Each test opens a change form as one editor, saves as another, then posts the first form:
the cases the issue found losing work (same field, bulk "mark reviewed", a re-save after the
warning, inline rows), and the model-level guarantee under them (versioning.Versioned).
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editing.versioning import EditConflict
from models_catalog.models import Material, Municipality, OperatingModel, Organisation, TargetGroup
from report.models import ReportSection
from search.models import Concept
from tests.admin_forms import change_url, form_data
from trainings.models import Figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    """Two editors' logged-in clients: (first, second)."""
    clients = []
    for name in ["ensimmainen", "toinen"]:
        user = User.objects.create_user(name, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name="Toimittaja"))
        editor = Client()
        editor.force_login(user)
        clients.append(editor)
    return clients


def saved(response):
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def refused(response):
    assert response.status_code == 200
    assert "edit-conflict" in response.content.decode()
    return response


def row_prefix(data, inline, pk):
    for key, value in data.items():
        if key.startswith(f"{inline}-") and key.endswith("-id") and value == str(pk):
            return key[: -len("-id")]
    raise AssertionError(f"no {inline} row {pk}")


def test_a_save_based_on_an_older_version_is_refused_by_the_database(catalogue):
    model = OperatingModel.objects.get(pk=catalogue[3].pk)
    opened = model.version
    OperatingModel.objects.filter(pk=model.pk).update(results_fi="Toisen tulokset.")
    model.results_fi = "Minun tulokseni."
    model.based_on(opened)
    with pytest.raises(EditConflict), transaction.atomic():
        model.save()
    assert OperatingModel.objects.get(pk=model.pk).results_fi == "Toisen tulokset."
    assert OperatingModel.objects.get(pk=model.pk).version == opened + 1


def test_every_kind_of_write_raises_the_version(catalogue):
    model = catalogue[4]
    versions = [OperatingModel.objects.get(pk=model.pk).version]
    model.save()  # no form: not checked, still counted
    versions.append(OperatingModel.objects.get(pk=model.pk).version)
    assert model.version == versions[-1]  # read again when asked for
    model.reviewed_on = timezone.localdate()
    model.save(update_fields=["reviewed_on"])
    versions.append(OperatingModel.objects.get(pk=model.pk).version)
    OperatingModel.objects.filter(pk=model.pk).update(area_text="Pirkanmaa")
    versions.append(OperatingModel.objects.get(pk=model.pk).version)
    material = Material.objects.filter(operating_model=model).first() or Material.objects.first()
    before = material.version
    Material.objects.bulk_update([material], ["title_fi"])
    assert Material.objects.get(pk=material.pk).version == before + 1
    assert versions == list(range(versions[0], versions[0] + 4))


def test_the_same_field_changed_by_both_is_refused_with_the_diff(editors, catalogue):
    first, second = editors
    model = catalogue[5]
    url = change_url(model)
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    theirs["results_fi"] = "Toisen toimittajan tulokset."
    theirs["goals_fi"] = "Toisen toimittajan tavoitteet."
    saved(second.post(url, theirs))

    mine["results_fi"] = "Minun tulokseni."
    mine["theme_fi"] = "Minun teemani."
    response = refused(first.post(url, mine))
    html = response.content.decode()
    assert "Toinen toimittaja tallensi" in html
    table = html[html.index('class="edit-conflict"') :]
    # Field by field: when opened, theirs, mine; and what only they or only I changed.
    for text in [
        "Toisen toimittajan tulokset.",
        "Minun tulokseni.",
        model.results_fi[:40],
        "Toisen toimittajan tavoitteet.",
        "Minun teemani.",
    ]:
        assert text in table
    current = OperatingModel.objects.get(pk=model.pk)
    assert current.results_fi == "Toisen toimittajan tulokset."  # nothing of mine saved
    assert current.theme_fi == model.theme_fi

    # Mine is kept in the form, theirs shown where only they changed: saving again keeps both.
    again = form_data(response)
    assert again["results_fi"] == "Minun tulokseni."
    assert again["theme_fi"] == "Minun teemani."
    assert again["goals_fi"] == "Toisen toimittajan tavoitteet."
    saved(first.post(url, again))
    current = OperatingModel.objects.get(pk=model.pk)
    assert current.results_fi == "Minun tulokseni."
    assert current.theme_fi == "Minun teemani."
    assert current.goals_fi == "Toisen toimittajan tavoitteet."


def test_a_resave_of_the_refused_form_as_posted_keeps_their_other_changes(editors, catalogue):
    """The issue's third case: the editor posts the very data that was refused again."""
    first, second = editors
    model = catalogue[6]
    url = change_url(model)
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    theirs["results_fi"] = "Heidän tuloksensa."
    theirs["area_text_fi"] = "Heidän alueensa."
    saved(second.post(url, theirs))
    mine["results_fi"] = "Minun tulokseni."
    refused(first.post(url, mine))
    refused(first.post(url, mine))  # the same old form again: still refused, not an overwrite
    assert OperatingModel.objects.get(pk=model.pk).area_text_fi == "Heidän alueensa."


def test_different_fields_merge_without_asking(editors, catalogue):
    first, second = editors
    model = catalogue[7]
    url = change_url(model)
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    theirs["goals_fi"] = "Heidän tavoitteensa."
    theirs["counties"] = theirs["counties"][:1]
    saved(second.post(url, theirs))
    mine["results_fi"] = "Minun tulokseni."
    mine.pop("is_published", None)  # unticked: a checkbox left unticked is not posted
    saved(first.post(url, mine))
    current = OperatingModel.objects.get(pk=model.pk)
    assert current.goals_fi == "Heidän tavoitteensa."
    assert current.results_fi == "Minun tulokseni."
    assert current.is_published is False
    assert [str(pk) for pk in current.counties.values_list("pk", flat=True)] == theirs["counties"]


def test_the_merge_is_announced(editors, catalogue):
    first, second = editors
    model = catalogue[8]
    url = change_url(model)
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    theirs["goals_fi"] = "Heidän tavoitteensa."
    saved(second.post(url, theirs))
    mine["results_fi"] = "Minun tulokseni."
    page = first.post(url, mine, follow=True).content.decode()
    assert "Toinen toimittaja tallensi tämän" in page
    assert "Tavoitteet" in page or "tavoitteet" in page


def test_mark_reviewed_counts_as_a_change_for_an_open_form(editors, catalogue):
    first, second = editors
    model = catalogue[9]
    OperatingModel.objects.filter(pk=model.pk).update(reviewed_on=None)
    url = change_url(model)
    untouched = form_data(first.get(url))
    changed = dict(untouched)
    before = OperatingModel.objects.get(pk=model.pk).version
    saved(
        second.post(
            reverse("admin:models_catalog_operatingmodel_changelist"),
            {"action": "mark_reviewed", "_selected_action": [model.pk]},
        )
    )
    assert OperatingModel.objects.get(pk=model.pk).version == before + 1
    today = timezone.localdate()

    # The older form that set another review date is refused, with both dates shown.
    changed["reviewed_on"] = (today - datetime.timedelta(days=3)).strftime("%d.%m.%Y")
    html = refused(first.post(url, changed)).content.decode()
    assert today.strftime("%d.%m.%Y").lstrip("0") in html or f"{today.day}." in html
    assert OperatingModel.objects.get(pk=model.pk).reviewed_on == today

    # The older form that left the date alone merges: the review is not undone.
    untouched["results_fi"] = "Minun tulokseni."
    saved(first.post(url, untouched))
    current = OperatingModel.objects.get(pk=model.pk)
    assert current.reviewed_on == today
    assert current.results_fi == "Minun tulokseni."


def test_the_same_material_changed_by_both_is_refused(editors, catalogue):
    first, second = editors
    material = Material.objects.order_by("pk").first()
    url = change_url(material.operating_model)
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    row = row_prefix(theirs, "materials", material.pk)
    theirs[f"{row}-title_fi"] = "Heidän otsikkonsa"
    saved(second.post(url, theirs))
    mine[f"{row}-title_fi"] = "Minun otsikkoni"
    html = refused(first.post(url, mine)).content.decode()
    assert "Heidän otsikkonsa" in html
    assert "Minun otsikkoni" in html
    assert Material.objects.get(pk=material.pk).title_fi == "Heidän otsikkonsa"


def test_different_materials_changed_merge(editors, catalogue):
    first, second = editors
    model = OperatingModel.objects.filter(materials__isnull=False).distinct().order_by("pk")
    model = next(m for m in model if m.materials.count() >= 2)
    one, two = model.materials.order_by("order")[:2]
    url = change_url(model)
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    theirs[f"{row_prefix(theirs, 'materials', one.pk)}-title_fi"] = "Heidän otsikkonsa"
    saved(second.post(url, theirs))
    mine[f"{row_prefix(mine, 'materials', two.pk)}-title_fi"] = "Minun otsikkoni"
    saved(first.post(url, mine))
    assert Material.objects.get(pk=one.pk).title_fi == "Heidän otsikkonsa"
    assert Material.objects.get(pk=two.pk).title_fi == "Minun otsikkoni"


@pytest.mark.parametrize(
    ("model", "field", "url_name"),
    [
        (Organisation, "name_fi", "admin:models_catalog_organisation_change"),
        (ReportSection, "title_fi", "admin:report_reportsection_change"),
        (Concept, "note", "admin:search_concept_change"),
        (Municipality, "name_sv", "admin:models_catalog_municipality_change"),
        (TargetGroup, "description_fi", "admin:models_catalog_targetgroup_change"),
        (Figure, "label_fi", "admin:trainings_figure_change"),
    ],
)
def test_vocabularies_report_and_thesaurus_are_guarded_too(editors, model, field, url_name):
    first, second = editors
    obj = model.objects.order_by("pk").first()
    url = reverse(url_name, args=[obj.pk])
    mine = form_data(first.get(url))
    theirs = form_data(second.get(url))
    theirs[field] = "Heidän arvonsa"
    saved(second.post(url, theirs))
    mine[field] = "Minun arvoni"
    refused(first.post(url, mine))
    assert getattr(model.objects.get(pk=obj.pk), field) == "Heidän arvonsa"


def test_a_save_that_raced_past_the_lock_is_refused_and_runs_again(editors, catalogue, monkeypatch):
    """A write between this form's read and its UPDATE (here made to happen after the form is
    cleaned): the database refuses the UPDATE, the attempt is rolled back with no revision
    recorded, and the view runs again on what is saved. (In one test process the racing write
    is in the same transaction, so it is rolled back too; tests/test_simultaneous_saves.py
    races real ones.)"""
    from reversion.models import Version

    from editing.concurrency_admin import ConcurrentModelForm

    first, _second = editors
    model = catalogue[10]
    url = change_url(model)
    mine = form_data(first.get(url))
    mine["results_fi"] = "Minun tulokseni."
    clean = ConcurrentModelForm.full_clean
    attempts = []

    def full_clean_then_another_write(form):
        clean(form)
        if isinstance(form.instance, OperatingModel):
            attempts.append(form.instance.version)
            if len(attempts) == 1:
                OperatingModel.objects.filter(pk=model.pk).update(goals_fi="Välissä.")

    monkeypatch.setattr(ConcurrentModelForm, "full_clean", full_clean_then_another_write)
    revisions = Version.objects.get_for_object(model).count()
    saved(first.post(url, mine))
    assert len(attempts) == 2  # refused once by the database, then saved
    current = OperatingModel.objects.get(pk=model.pk)
    assert current.results_fi == "Minun tulokseni."
    assert current.version == attempts[-1] + 1
    assert Version.objects.get_for_object(model).count() == revisions + 1


def test_no_list_page_edits_rows_past_the_version_check():
    """A changelist's own editing (list_editable) saves without the opened version: every
    versioned row is edited on its change page, where a save based on an older one is refused."""
    from django.contrib import admin

    from editing.versioning import is_versioned

    editable = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if is_versioned(model) and model_admin.list_editable
    ]
    assert editable == []
