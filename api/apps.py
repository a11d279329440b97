from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from models_catalog.derived import refreshed

        refreshed.connect(write_documents, dispatch_uid="api_documents")
        post_migrate.connect(write_missing_documents, sender=self)


def write_documents(sender, using, operating_models, **kwargs):
    from . import documents

    documents.write(using, operating_models)


def write_missing_documents(using, **kwargs):
    """Models that migrated in, or were written without the signals, get their documents."""
    from django.db import connections

    from . import documents
    from .models import ModelDocument

    # A migration to an earlier target may leave the table (or the catalogue's) unmade.
    if ModelDocument._meta.db_table in connections[using].introspection.table_names():
        documents.write_missing(using)
