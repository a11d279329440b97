from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from models_catalog import changes


class Command(BaseCommand):
    help = (
        "Write again everything derived from the catalogue: the search index and its words, "
        "the facet bitmaps, and a new generation of the page cache. Every change made through "
        "Django does this by itself; run it after changing the database with raw SQL, after "
        "restoring a dump, or after deploying code that changes how models are indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        changes.rebuild(database)
        self.stdout.write(self.style.SUCCESS("Everything derived from the catalogue is rebuilt."))
