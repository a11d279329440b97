from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from models_catalog.catalogue import export_catalogue


class Command(BaseCommand):
    help = "Write the whole catalogue (published and draft) as fixtures that load_catalogue reads."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, database, **options):
        for path in export_catalogue(directory, using=database):
            self.stdout.write(str(path))
