"""The CSV rows kept ready (models_catalog.exports): written on every kind of change, and read
back as what the columns give the model now, in the reader's language."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from models_catalog import exports
from models_catalog.models import (
    ExportRow,
    OperatingModel,
)
from tests import changes
from tests.factories import OperatingModelFactory

pytestmark = pytest.mark.django_db

CSV_URL = {
    "fi": "/toimintamallit.csv",
    "sv": "/sv/toimintamallit.csv",
    "en": "/en/toimintamallit.csv",
}


def downloaded(client, language="fi", **params) -> dict[str, list[str]]:
    """The download's rows by model number, each as a header → cell mapping."""
    response = client.get(CSV_URL[language], params)
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")))
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def computed_now(slug: str, language: str) -> list[str]:
    """The row as the columns give it from the model as it is now."""
    with translation.override("fi"):
        model = OperatingModel.objects.for_export().get(slug=slug)
    with translation.override(language):
        return [str(column.shown(column.value(model))) for column in exports.CSV_COLUMNS]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_published_model_downloads_as_the_columns_give_it_now(client, language):
    rows = downloaded(client, language)
    published = OperatingModel.objects.published()
    assert sorted(rows, key=int) == [
        str(number) for number in published.values_list("number", flat=True)
    ]
    for slug, number in published.values_list("slug", "number"):
        assert list(rows[str(number)].values()) == computed_now(slug, language)


def test_a_swedish_download_is_in_swedish_with_finnish_where_nothing_is_translated(client):
    model = OperatingModel.objects.get(slug="mielikioski")
    row = downloaded(client, "sv")[str(model.number)]
    with translation.override("sv"):
        assert row["namn"] == model.name
        assert row["evidensstatus"] == model.get_evidence_status_display()
    assert row["evidensstatus"] != downloaded(client)[str(model.number)]["näytön taso"]


@pytest.mark.parametrize("change", changes.EVERY_KIND)
def test_a_change_reaches_the_download_however_it_is_made(client, change):
    model = OperatingModel.objects.get(slug="mielikioski")
    number = str(model.number)
    before = "\t".join(downloaded(client)[number].values())
    mark = change(model)
    after = downloaded(client)[number]
    assert (mark in before) != (mark in "\t".join(after.values()))
    assert list(after.values()) == computed_now("mielikioski", "fi")


def test_a_model_written_without_its_row_is_downloaded_and_given_one_after_migrating(client):
    model = OperatingModelFactory(name_fi="Ilman riviä")
    ExportRow.objects.filter(operating_model=model).delete()  # as a bulk insert leaves it
    assert downloaded(client)[str(model.number)]["nimi"] == "Ilman riviä"
    assert exports.write_missing("default") == 1
    assert ExportRow.objects.filter(operating_model=model).exists()
    assert exports.write_missing("default") == 0


def test_a_row_written_by_code_with_other_columns_is_made_again(client):
    model = OperatingModel.objects.get(slug="digimieli")
    ExportRow.objects.filter(operating_model=model).update(
        cells={code: ["vanha"] for code in exports.LANGUAGE_CODES}
    )
    assert list(downloaded(client)[str(model.number)].values()) == computed_now("digimieli", "fi")


def test_a_deleted_model_takes_its_row_along():
    model = OperatingModelFactory()
    model.delete()
    assert not ExportRow.objects.filter(operating_model_id=model.pk).exists()


def test_a_search_ordered_download_reads_the_rows_in_one_statement(client):
    with CaptureQueriesContext(connection) as context:
        content = client.get(CSV_URL["fi"], {"q": "nuorten"}).content
    reads = [
        query["sql"]
        for query in context.captured_queries
        if ExportRow._meta.db_table in query["sql"]
    ]
    assert len(reads) == 1
    assert content.count(b"\n") > 2


def test_the_admin_download_adds_whether_each_model_is_published(admin_client):
    OperatingModel.objects.filter(slug="digimieli").update(is_published=False)
    pks = list(OperatingModel.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/models_catalog/operatingmodel/",
        {"action": "export_csv", "_selected_action": pks},
    )
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")))
    assert header[:3] == ["numero", "nimi", "julkaistu"]
    published = {row[1]: row[2] for row in rows}
    assert published[OperatingModel.objects.get(slug="digimieli").name_fi] == "ei"
    assert published[OperatingModel.objects.get(slug="mielikioski").name_fi] == "kyllä"
    assert len(rows) == OperatingModel.objects.count()


def test_refreshing_after_a_deploy_rewrites_rows_and_documents_made_by_older_code(client):
    from django.core.management import call_command

    from api.models import ModelDocument

    model = OperatingModel.objects.get(slug="digimieli")
    stale = {code: ["vanha"] * len(exports.CSV_COLUMNS) for code in exports.LANGUAGE_CODES}
    ExportRow.objects.filter(operating_model=model).update(cells=stale)
    ModelDocument.objects.filter(operating_model=model).update(detail='{"vanha": true}')
    output = io.StringIO()
    call_command("refresh_derived", stdout=output)
    assert f"Refreshed {OperatingModel.objects.count()} operating models." in output.getvalue()
    assert list(downloaded(client)[str(model.number)].values()) == computed_now("digimieli", "fi")
    assert client.get("/api/v1/operating-models/digimieli/").json()["name"] == model.name_fi
