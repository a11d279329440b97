from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from models_catalog import derived
from models_catalog.models import OperatingModel


class Command(BaseCommand):
    help = (
        "Write again what is kept ready for every operating model: its search entry, CSV rows "
        "and API documents. Run after deploying code that changes how any of them is made "
        "(what changes in the catalogue itself refreshes them by itself)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        pks = list(OperatingModel.objects.using(database).values_list("pk", flat=True))
        derived.refresh_showing(OperatingModel, pks, database)
        self.stdout.write(f"Refreshed {len(pks)} operating models.")
