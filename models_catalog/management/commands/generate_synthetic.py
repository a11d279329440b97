from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from models_catalog.synthetic import generate_synthetic, remove_synthetic


class Command(BaseCommand):
    help = (
        "Replace the synthetic operating models (for benchmarks) with N new ones; "
        "--remove deletes them all. Real models are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", help="How many synthetic models to make.")
        parser.add_argument("--remove", action="store_true", help="Delete every synthetic model.")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same models.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, count, remove, seed, database, verbosity, **options):
        if not settings.SYNTHETIC_DATA_ALLOWED:
            raise CommandError("Synthetic data is not allowed with these (production) settings.")
        if remove:
            if count is not None:
                raise CommandError("Give either a count or --remove, not both.")
            removed = remove_synthetic(database)
            self.stdout.write(f"Removed {removed} synthetic rows.")
            return
        if count is None or count < 0:
            raise CommandError("Give the number of synthetic models to make (0 or more).")

        def progress(done):
            if verbosity > 1:
                self.stdout.write(f"  {done}/{count}")

        generate_synthetic(count, seed=seed, using=database, progress=progress)
        self.stdout.write(f"{count} synthetic operating models in the database.")
