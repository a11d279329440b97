"""Whole downloads are made once per generation of the catalogue and sent from their file."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from models_catalog.models import OperatingModel

pytestmark = pytest.mark.django_db

CSV = "/toimintamallit.csv"
JSON = "/toimintamallit.json"


@pytest.fixture(autouse=True)
def empty_folder():
    folder = Path(settings.DOWNLOADS_CACHE_DIR)
    for path in folder.glob("*") if folder.exists() else ():
        path.unlink()
    return folder


def kept_files(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def download(client, url, **extra):
    with CaptureQueriesContext(connection) as statements:
        response = client.get(url, **extra)
        body = response.content
    assert response.status_code == 200
    return body, [query["sql"] for query in statements.captured_queries]


def reads_models(statements) -> bool:
    table = OperatingModel._meta.db_table
    return any(f'FROM "{table}"' in sql for sql in statements)


@pytest.mark.parametrize("url", [CSV, JSON])
def test_a_whole_download_is_made_once_and_then_sent_from_its_file(client, empty_folder, url):
    made, made_statements = download(client, url)
    assert reads_models(made_statements)
    assert len(kept_files(empty_folder)) == 1

    sent, sent_statements = download(client, url)
    assert sent == made
    assert not reads_models(sent_statements)
    assert client.get(url)["Content-Length"] == str(len(made))


def test_an_edit_shows_in_the_next_whole_download_and_the_old_file_goes(client, empty_folder):
    before, _ = download(client, CSV)
    first_file = kept_files(empty_folder)
    model = OperatingModel.objects.published().first()
    model.name = "Mielenterveyden ensiapu uudella nimellä"
    model.save()

    after, statements = download(client, CSV)
    assert reads_models(statements)
    assert "Mielenterveyden ensiapu uudella nimellä" in after.decode()
    assert "Mielenterveyden ensiapu uudella nimellä" not in before.decode()
    assert len(kept_files(empty_folder)) == 1
    assert kept_files(empty_folder) != first_file


def test_a_bulk_update_shows_in_the_next_whole_download(client):
    download(client, JSON)
    OperatingModel.objects.published().update(theme="Päivitetty teema")
    after, _ = download(client, JSON)
    themes = {model["theme"] for model in json.loads(after)["results"]}
    assert themes == {"Päivitetty teema"}


def test_each_language_and_site_address_has_its_own_file(client, empty_folder):
    finnish, _ = download(client, CSV)
    swedish, _ = download(client, "/sv" + CSV)
    assert "nummer" in swedish.decode().splitlines()[0]
    assert "numero" in finnish.decode().splitlines()[0]
    this_site, _ = download(client, JSON)
    other_site, _ = download(client, JSON, HTTP_HOST="localhost")
    assert b"http://testserver/" in this_site
    assert b"http://localhost/" in other_site
    assert b"http://testserver/" not in other_site
    assert len(kept_files(empty_folder)) == 4


def test_a_filtered_download_is_never_kept(client, empty_folder):
    body, _ = download(client, CSV + "?county=pirkanmaa")
    assert body
    assert kept_files(empty_folder) == []


def test_a_download_not_read_to_the_end_leaves_no_file(client, empty_folder):
    response = client.get(reverse("models_catalog:export_csv"))
    chunks = iter(response.streaming_content)
    next(chunks)
    response.close()
    assert kept_files(empty_folder) == []


def test_rebuild_derived_deletes_the_files_and_maintenance_those_of_older_generations(
    client, empty_folder
):
    download(client, CSV)
    OperatingModel.objects.published().update(theme="Päivitetty teema")
    download(client, JSON)
    assert len(kept_files(empty_folder)) == 2

    call_command("maintenance", stdout=StringIO())
    assert [name.split("-")[0] for name in kept_files(empty_folder)] == ["json"]

    call_command("rebuild_derived", stdout=StringIO())
    assert kept_files(empty_folder) == []
