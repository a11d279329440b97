"""Review dates: when an editor last reviewed a model, and which reviews are overdue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from models_catalog.models import OperatingModel

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:models_catalog_operatingmodel_changelist"


def listed(admin_client, **params):
    response = admin_client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(model.number for model in response.context["cl"].result_list)


def test_no_model_is_claimed_reviewed_when_loaded_from_the_report(catalogue):
    assert all(model.reviewed_on is None for model in catalogue.values())
    assert OperatingModel.objects.review_overdue().count() == 15


def test_overdue_reviews_appear_in_the_admin_filter(admin_client, settings):
    settings.MITO_REVIEW_INTERVAL_DAYS = 730
    today = timezone.localdate()
    OperatingModel.objects.filter(number__in=[1, 2]).update(reviewed_on=today)
    OperatingModel.objects.filter(number=3).update(reviewed_on=today - datetime.timedelta(days=729))
    OperatingModel.objects.filter(number=4).update(reviewed_on=today - datetime.timedelta(days=730))
    assert listed(admin_client, review="overdue") == [4, *range(5, 16)]
    assert listed(admin_client, review="never") == list(range(5, 16))
    assert listed(admin_client, review="current") == [1, 2, 3]
    # The interval is a setting: a shorter cycle makes model 3 overdue too.
    settings.MITO_REVIEW_INTERVAL_DAYS = 365
    assert listed(admin_client, review="current") == [1, 2]


def test_mark_reviewed_records_today_and_who_but_not_an_update(admin_client, admin_user):
    models = OperatingModel.objects.filter(number__in=[13, 14])
    updated_before = {model.pk: model.updated_at for model in models}
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "mark_reviewed", "_selected_action": [model.pk for model in models]},
    )
    assert response.status_code == 302
    today = timezone.localdate()
    for model in OperatingModel.objects.filter(number__in=[13, 14]):
        assert model.reviewed_on == today
        assert model.review_due_on == today + datetime.timedelta(days=730)
        assert model.updated_at == updated_before[model.pk]  # "last updated" is for changes
        revision = Version.objects.get_for_object(model).first().revision
        assert revision.user == admin_user
        assert revision.get_comment() == "Merkitty tarkistetuksi."  # the admin is in Finnish
    assert 13 not in listed(admin_client, review="overdue")


def test_readers_see_reviewed_on(client):
    model = OperatingModel.objects.get(number=13)
    content = client.get(model.get_absolute_url()).content.decode()
    assert "Ei vielä tarkistettu" in content
    model.reviewed_on = datetime.date(2026, 3, 4)
    model.save(update_fields=["reviewed_on"])
    content = client.get(model.get_absolute_url()).content.decode()
    assert '<time datetime="2026-03-04">4.3.2026</time>' in content
