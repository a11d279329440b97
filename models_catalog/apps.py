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


def drop_cached_pages(using, **kwargs):
    from django.db import connections

    from .caching import CACHE_TABLE, invalidate

    if CACHE_TABLE in connections[using].introspection.table_names():
        invalidate()
