import json

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import Atomic
from django.test import Client
from django.utils import translation

from models_catalog.catalogue import CATALOGUE_FILES, catalogue_models, load_catalogue
from models_catalog.models import OperatingModel
from tests.servers import drop_loaded_templates


def pytest_sessionfinish(session):
    drop_loaded_templates()  # the catalogue's databases that tests/servers.py copies


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the real catalogue, loaded as a developer would."""
    with django_db_blocker.unblock():
        load_catalogue()


@pytest.fixture(autouse=True)
def commits_as_in_production(monkeypatch):
    """A test runs inside a transaction that is rolled back at its end, so nothing it does
    ever commits and `transaction.on_commit` callbacks (the catalogue's one write path,
    models_catalog.changes) would never run. Here the test's own transaction stands for
    autocommit, as in production: a callback runs at once outside any other atomic block,
    and when the last of those is left without an error."""
    in_test_transaction_only = _only_test_transactions
    on_commit = BaseDatabaseWrapper.on_commit

    def on_commit_in_test(self, func, robust=False):
        if in_test_transaction_only(self):
            func()
        else:
            on_commit(self, func, robust)

    leave = Atomic.__exit__

    def leave_in_test(self, exc_type, exc_value, traceback):
        result = leave(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if (
            not self._from_testcase
            and in_test_transaction_only(connection)
            and exc_type is None
            and not connection.needs_rollback
        ):
            callbacks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, func, _robust in callbacks:
                func()
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit_in_test)
    monkeypatch.setattr(Atomic, "__exit__", leave_in_test)


def _only_test_transactions(connection) -> bool:
    return bool(connection.atomic_blocks) and all(
        block._from_testcase for block in connection.atomic_blocks
    )


@pytest.fixture(autouse=True)
def redis_emptied_after_each_test():
    """The database cache is rolled back with each test's transaction; Redis (REDIS_URL) is
    not. Without this a page cached by one test (under a generation its edits made) would be
    served to the next, and counts would carry over. Only this process's keys go
    (mito.settings.test gives each its own prefix): others may share the Redis."""
    yield
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


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
