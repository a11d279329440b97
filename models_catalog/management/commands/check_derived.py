from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from models_catalog import changes


class Command(BaseCommand):
    help = (
        "Compare everything derived from the catalogue (the search index and its words, the "
        "facet bitmaps) with what the catalogue's tables say; exit 1 on any difference (for "
        "cron and for tests). `rebuild_derived` repairs them. The page cache needs no check: "
        "its keys hold the generation that every change replaces and the code's version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        differences = changes.differences(database)
        if differences:
            raise CommandError(
                "Out of step with the catalogue (run manage.py rebuild_derived):\n"
                + "\n".join(f"  {difference}" for difference in differences)
            )
        self.stdout.write(self.style.SUCCESS("Everything derived is in step with the catalogue."))
