"""The admin's history shows what each version changed, and compares any two versions."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_url, form_data, step_prefix

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user(
        "toimittaja", password="x", is_staff=True, first_name="Tiina", last_name="Toimittaja"
    )
    user.groups.add(Group.objects.get(name="Toimittaja"))
    client.force_login(user)
    return client


def save_with(client, model, **changes):
    data = form_data(client.get(change_url(model)))
    data.update(changes)
    response = client.post(change_url(model), data)
    assert response.status_code == 302, response.context and response.context["errors"]


def history_url(model):
    return reverse("admin:models_catalog_operatingmodel_history", args=[model.pk])


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_history_shows_the_values_each_version_changed(editor_client, catalogue):
    model = catalogue[13]
    old_goals = model.goals
    save_with(editor_client, model)  # the catalogue was loaded without history: a first version
    html = editor_client.get(history_url(model)).content.decode()
    assert "Ensimmäinen tallennettu versio" in html
    save_with(editor_client, model, goals_fi=old_goals + " Lisäksi kokeillaan iltapäivystystä.")
    data = form_data(editor_client.get(change_url(model)))
    save_with(
        editor_client,
        model,
        **{f"{step_prefix(data, 2)}-text_fi": "Yhteyttä voi ottaa myös tekstiviestillä."},
    )
    html = editor_client.get(history_url(model)).content.decode()
    # Who and when, the change in words, the new words marked as added, in Finnish.
    assert "toimittaja (Tiina Toimittaja)" in html
    assert "<ins>Lisäksi kokeillaan iltapäivystystä.</ins>" in html
    assert "Tavoitteet [fi]" in text(html)
    assert "Muutettu Tavoitteet [fi]." in text(html)
    # The step changed in the second save, under the model's own version.
    assert "tekstiviestillä.</ins>" in html
    assert "Vaihe" in text(html)
    assert "Changed" not in html


def test_two_versions_side_by_side(editor_client, catalogue):
    model = catalogue[13]
    save_with(editor_client, model)
    save_with(editor_client, model, name_fi="Mielikioski (uusi nimi)")
    save_with(editor_client, model, theme_fi="Teema vaihdettu kokonaan.")
    first, _middle, last = Version.objects.get_for_object(model).order_by("pk")[:3]
    assert Version.objects.get_for_object(model).count() == 3
    url = reverse("admin:models_catalog_operatingmodel_compare", args=[model.pk])
    html = editor_client.get(url, {"from": last.pk, "to": first.pk}).content.decode()
    words = text(html)
    assert "Nimi [fi]" in words
    assert "<ins>(uusi nimi)</ins>" in html
    assert "Teema [fi]" in words
    assert "<ins>Teema vaihdettu kokonaan.</ins>" in html
    assert words.count("toimittaja") >= 2
    # Versions of another object, or nonsense, are no page.
    other = Version.objects.get_for_object(catalogue[14]).first()
    assert editor_client.get(url, {"from": first.pk, "to": "x"}).status_code == 404
    if other:
        assert editor_client.get(url, {"from": first.pk, "to": other.pk}).status_code == 404
