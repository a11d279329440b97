from django.core.management.commands import dumpdata

from models_catalog.signals import DERIVED_MODELS


class Command(dumpdata.Command):
    help = (
        f"{dumpdata.Command.help} The stores derived from the catalogue (the search index, its "
        "words and the facet bitmaps) are content of no one's: they are left out, as on SQLite "
        "some have no table; loading the dump, or `rebuild_derived`, writes them again."
    )

    def handle(self, *app_labels, **options):
        options["exclude"] = [*options.get("exclude", []), *DERIVED_MODELS]
        return super().handle(*app_labels, **options)
