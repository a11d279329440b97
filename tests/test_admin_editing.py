"""The admin's editing aids: municipalities narrowed to the chosen counties, the free numbers,
publishing in bulk, and vocabulary rows that models use kept from deletion."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from models_catalog.models import Municipality, OperatingModel, Organisation, TargetGroup
from tests.admin_forms import change_url
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:models_catalog_operatingmodel_changelist"


@pytest.fixture
def editor_client(client, db):
    user = User.objects.create_user("toimittaja", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Toimittaja"))
    client.force_login(user)
    return client


def autocomplete(client, **params):
    """The ids the municipalities' autocomplete offers, every page of them."""
    offered, page, more = set(), 1, True
    while more:
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "models_catalog",
                "model_name": "operatingmodel",
                "field_name": "municipalities",
                "term": "",
                "page": page,
                **params,
            },
        )
        assert response.status_code == 200
        offered |= {int(result["id"]) for result in response.json()["results"]}
        more, page = response.json()["pagination"]["more"], page + 1
    return offered


def test_municipalities_are_offered_from_the_chosen_counties_only(editor_client, catalogue):
    counties = list(catalogue[8].counties.all())
    assert len(counties) > 1
    chosen = counties[:2]
    offered = autocomplete(editor_client, counties=",".join(str(c.pk) for c in chosen))
    expected = set(Municipality.objects.filter(county__in=chosen).values_list("pk", flat=True))
    assert offered == expected
    assert offered != set(Municipality.objects.values_list("pk", flat=True))
    # Nonsense is ignored, and with no county chosen every municipality can be found.
    everything = set(Municipality.objects.values_list("pk", flat=True))
    assert autocomplete(editor_client, counties="x,;DROP") == everything
    assert autocomplete(editor_client) == everything


def test_the_change_page_loads_the_counties_script_and_the_autocomplete(editor_client, catalogue):
    html = editor_client.get(change_url(catalogue[8])).content.decode()
    assert "js/admin_municipalities.js" in html
    assert 'data-field-name="municipalities"' in html
    assert "css/admin_change_page.css" in html


def test_the_number_says_which_numbers_are_free(editor_client, catalogue):
    top = max(catalogue)
    OperatingModelFactory(number=top + 3)
    html = editor_client.get(reverse("admin:models_catalog_operatingmodel_add")).content.decode()
    assert f"Käytössä: 1–{top}, {top + 3}." in html
    assert f"Vapaana: {top + 1}, {top + 2}, {top + 4} ja siitä ylöspäin." in html


def run_action(client, action, models):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [m.pk for m in models]},
        follow=True,
    )


def test_publish_and_unpublish_in_bulk(editor_client, client, catalogue):
    chosen = [catalogue[3], catalogue[5]]
    response = run_action(editor_client, "unpublish", chosen)
    assert "2 toimintamallia muutettiin luonnoksiksi." in response.content.decode()
    assert not OperatingModel.objects.filter(pk__in=[m.pk for m in chosen], is_published=True)
    assert client.get(chosen[0].get_absolute_url()).status_code == 404
    # Only the rows that change are counted.
    response = run_action(editor_client, "publish", [*chosen, catalogue[7]])
    assert "2 toimintamallia julkaistiin." in response.content.decode()
    assert not OperatingModel.objects.filter(pk__in=[m.pk for m in chosen], is_published=False)
    assert client.get(chosen[0].get_absolute_url()).status_code == 200


def test_an_organisation_that_models_use_cannot_be_deleted(editor_client, catalogue):
    organisation = catalogue[13].organisations.first()
    users = list(organisation.operating_models.all())
    url = reverse("admin:models_catalog_organisation_delete", args=[organisation.pk])
    html = editor_client.get(url).content.decode()
    for model in users:
        assert str(model) in html
        assert change_url(model) in html
    response = editor_client.post(url, {"post": "yes"})
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert str(users[0]) in response.content.decode()
    # Nor through the list's "delete selected".
    response = editor_client.post(
        reverse("admin:models_catalog_organisation_changelist"),
        {"action": "delete_selected", "_selected_action": [organisation.pk], "post": "yes"},
    )
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_unused_vocabulary_row_can_be_deleted(editor_client):
    group = TargetGroup.objects.create(name="Käyttämätön ryhmä", slug="kayttamaton")
    url = reverse("admin:models_catalog_targetgroup_delete", args=[group.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not TargetGroup.objects.filter(pk=group.pk).exists()


def test_a_target_group_of_a_draft_is_kept_too(editor_client):
    draft = OperatingModelFactory(is_published=False)
    group = draft.work_target_groups.get()
    url = reverse("admin:models_catalog_targetgroup_delete", args=[group.pk])
    html = editor_client.post(url, {"post": "yes"}).content.decode()
    assert TargetGroup.objects.filter(pk=group.pk).exists()
    assert str(draft) in html
    assert "(luonnos)" in html
