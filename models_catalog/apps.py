from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ModelsCatalogConfig(AppConfig):
    name = "models_catalog"
    verbose_name = _("Operating models")

    def ready(self):
        from . import signals  # noqa: F401

        # A deploy migrates: cached page pieces rendered by the previous code are dropped.
        post_migrate.connect(drop_cached_pages, sender=self)
        post_migrate.connect(write_missing_export_rows, sender=self)


def drop_cached_pages(using, **kwargs):
    from django.db import connections

    from .caching import CACHE_TABLE, invalidate

    if CACHE_TABLE in connections[using].introspection.table_names():
        invalidate()


def write_missing_export_rows(using, **kwargs):
    """Models that migrated in, or were written without the signals, get their CSV rows."""
    from django.db import connections

    from . import exports
    from .models import ExportRow

    # A migration to an earlier target may leave the table unmade.
    if ExportRow._meta.db_table in connections[using].introspection.table_names():
        exports.write_missing(using)
