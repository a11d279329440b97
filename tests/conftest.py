import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from models_catalog.catalogue import CATALOGUE_FILES, catalogue_models, load_catalogue
from models_catalog.models import OperatingModel


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real catalogue, loaded as a developer would."""
    with django_db_blocker.unblock():
        load_catalogue()


@pytest.fixture(autouse=True)
def finnish_to_begin_with():
    """Each test starts in Finnish: a request to /sv/… leaves Swedish active in the thread,
    and reverse() would then build the next test's paths with /sv/."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def catalogue(db):
    """The real catalogue's operating models, by number."""
    return {model.number: model for model in OperatingModel.objects.all()}


def empty_catalogue():
    for model in reversed(catalogue_models()):
        model._default_manager.all().delete()


@pytest.fixture
def empty_db(db):
    """An empty catalogue, inside the test's transaction (rolled back afterwards)."""
    empty_catalogue()


@pytest.fixture
def fixture_copy(tmp_path, settings):
    """Copies of the real fixture files that a test may corrupt, in load order."""
    from pathlib import Path

    source = Path(settings.FIXTURE_DIRS[0])
    paths = []
    for name, _labels in CATALOGUE_FILES:
        target = tmp_path / name
        target.write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
        paths.append(target)
    return paths


def read_records(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write_records(path, records):
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture
def client():
    return Client()
