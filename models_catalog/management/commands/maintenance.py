from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from limits.counting import forget_ended_windows
from models_catalog import caching
from models_catalog.models import SharedShortlist


class Command(BaseCommand):
    help = (
        "Housekeeping, say nightly from cron: delete expired sessions and shared shortlists, "
        "old answered feedback, kept downloads of older generations, counts of limits whose "
        "window has ended, and expired cache rows (culling the cache to its bounds). "
        "With --vacuum, an SQLite database file also gives the freed space back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--vacuum",
            action="store_true",
            help="On SQLite, rewrite the file to return freed space (PostgreSQL's autovacuum "
            "reuses it by itself).",
        )

    def handle(self, *args, vacuum, **options):
        call_command("clearsessions")
        self.stdout.write("Deleted expired sessions.")
        deleted, _ = SharedShortlist.objects.expired().delete()
        self.stdout.write(f"Deleted {deleted} expired shared shortlists.")
        call_command("purge_old_feedback", stdout=self.stdout)
        self.stdout.write(f"Deleted {forget_ended_windows()} counts of limits' ended windows.")
        deleted = caching.forget_downloads(all_generations=False)
        self.stdout.write(f"Deleted {deleted} kept downloads of older generations.")
        if hasattr(cache, "cull_now"):
            self.stdout.write(f"Deleted {cache.cull_now()} cache rows (expired or over the bound).")
        if vacuum and connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
            self.stdout.write("Vacuumed the SQLite database.")
