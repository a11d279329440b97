from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsCatalogConfig(AppConfig):
    name = "models_catalog"
    verbose_name = _("Operating models")

    def ready(self):
        from search import engine

        from . import admin_language, signals  # noqa: F401
        from .search_documents import places, vocabulary

        # Search reads the gazetteer of place names and the vocabularies' labels from the
        # catalogue on every search.
        engine.read_places_with(places)
        engine.read_vocabulary_with(vocabulary)
        admin_language.install()
