"""export_catalogue writes what load_catalogue reads, byte for byte, drafts included."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from models_catalog.catalogue import CATALOGUE_FILES
from models_catalog.models import OperatingModel
from tests.conftest import empty_catalogue

pytestmark = pytest.mark.django_db


def read_dir(directory: Path) -> dict[str, bytes]:
    return {name: (directory / name).read_bytes() for name, _labels in CATALOGUE_FILES}


def test_export_of_the_loaded_catalogue_equals_the_fixtures(tmp_path):
    call_command("export_catalogue", tmp_path, verbosity=0)
    assert read_dir(tmp_path) == read_dir(Path(settings.FIXTURE_DIRS[0]))


def test_round_trip_through_an_empty_database_is_byte_identical(tmp_path):
    OperatingModel.objects.filter(number=7).update(is_published=False, name="Luonnos 7")
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_catalogue", first, verbosity=0)
    empty_catalogue()
    call_command("load_catalogue", *[first / name for name, _labels in CATALOGUE_FILES])
    call_command("export_catalogue", second, verbosity=0)
    assert read_dir(first) == read_dir(second)
    draft = OperatingModel.objects.get(number=7)
    assert (draft.name, draft.is_published) == ("Luonnos 7", False)


def test_export_uses_natural_keys_not_database_ids(tmp_path):
    call_command("export_catalogue", tmp_path, verbosity=0)
    records = json.loads((tmp_path / "steps.json").read_text(encoding="utf-8"))
    assert all("pk" not in record for record in records)
    assert records[0]["fields"]["operating_model"] == ["digimieli"]
    text = (tmp_path / "operating_models.json").read_text(encoding="utf-8")
    assert "search_document" not in text  # derived, rebuilt on load
    assert "Ylöjärvi" in text  # UTF-8, not \\u escapes
