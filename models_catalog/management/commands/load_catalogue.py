from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError

from models_catalog.catalogue import FixtureError, load_catalogue


class Command(BaseCommand):
    help = (
        "Load the whole catalogue from fixtures/ (or the given fixture files, in order) in one "
        "transaction. Safe to run again: rows are matched by their natural keys. Migrates nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Fixture files, in load order.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, paths, database, **options):
        try:
            report = load_catalogue(paths or None, using=database)
        except FixtureError as error:
            raise CommandError(f"Nothing was loaded. {error}") from None
        except DatabaseError as error:
            raise CommandError(
                f"Nothing was loaded: the database is not ready ({error}). "
                "Run `python manage.py migrate` first."
            ) from None
        for name, count in report.per_file.items():
            self.stdout.write(f"  {name}: {count} records")
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {report.total} records: {report.created} created, "
                f"{report.updated} matched existing rows."
            )
        )
