"""An id once used is never given to a new row: not after loaddata, not after sqlsequencereset."""

import pytest
import reversion
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from models_catalog.models import OperatingModel
from tests.factories import OperatingModelFactory
from tests.servers import ROOT

pytestmark = pytest.mark.django_db


def created_with_history(**kwargs):
    with reversion.create_revision():
        model = OperatingModelFactory(**kwargs)
    return model


def test_a_new_model_after_loaddata_never_takes_a_deleted_ones_id(admin_client):
    first = created_with_history(name="Poistettava yksi")
    first_id = first.pk
    assert first_id == OperatingModel.objects.order_by("-pk").first().pk  # the highest
    first.delete()
    # loaddata resets the table's id counter (PostgreSQL's sequence) to max(id).
    call_command("loaddata", ROOT / "fixtures" / "operating_models.json", verbosity=0)
    second = created_with_history(name="Poistettava kaksi")
    second_id = second.pk
    assert second_id > first_id
    assert [v.object_repr for v in Version.objects.get_for_object(second)] == [str(second)]
    second.delete()
    # Both are still there to recover, each with its own history.
    html = admin_client.get(reverse("admin:models_catalog_operatingmodel_recoverlist")).content
    assert "Poistettava yksi" in html.decode()
    assert "Poistettava kaksi" in html.decode()
    deleted = Version.objects.get_deleted(OperatingModel)
    assert {int(v.object_id) for v in deleted} >= {first_id, second_id}


def test_a_new_row_without_loaddata_never_takes_a_deleted_ones_id():
    first = created_with_history()
    first_id = first.pk
    first.delete()
    second = created_with_history()
    assert second.pk > first_id


def test_sqlsequencereset_does_not_bring_an_id_back_either():
    first = created_with_history()
    first_id = first.pk
    first.delete()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [OperatingModel]):
            cursor.execute(statement)
    assert created_with_history().pk > first_id
