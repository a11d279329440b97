"""Check every external link of the catalogue and record what happened (run it from cron)."""

from django.core.management.base import BaseCommand

from links.checker import check_all, record
from links.models import LinkStatus
from models_catalog.models import GlossaryTerm, Material, OperatingModel, Source


def catalogue_urls() -> list[str]:
    """Every external link the catalogue shows or keeps, once each, sorted.

    Only what readers can see: published models' Innokylä pages and materials, sources and
    glossary sources. A draft's links are not asked for: a draft is one editor's unreviewed
    input that no reader sees, and checking it would let anyone with editing rights have the
    server fetch what they like, weekly, without anyone publishing it. A link is checked from
    the week its model is published. Benchmark models made up by generate_synthetic are left
    out too (their links point nowhere on purpose).
    """
    models = OperatingModel.objects.published().filter(is_synthetic=False)
    urls = set(models.values_list("innokyla_url", flat=True))
    urls.update(Material.objects.filter(operating_model__in=models).values_list("url", flat=True))
    urls.update(Source.objects.values_list("url", flat=True))
    urls.update(GlossaryTerm.objects.exclude(source_url="").values_list("source_url", flat=True))
    return sorted(url for url in urls if url)


class Command(BaseCommand):
    help = (
        "Checks every external link of the catalogue (materials, Innokylä pages, sources, "
        "glossary sources) and records its status, HTTP status and final URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=4, help="Links checked at once.")
        parser.add_argument("--per-host", type=int, default=2, help="At once on one server.")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per try.")
        parser.add_argument(
            "--deadline",
            type=float,
            default=30.0,
            help="Seconds per link in all: every try, redirect and pause.",
        )
        parser.add_argument(
            "--max-redirects", type=int, default=5, help="Redirects followed at most."
        )
        parser.add_argument("--retries", type=int, default=2, help="Tries again before failing.")
        parser.add_argument("--backoff", type=float, default=2.0, help="Seconds between tries.")

    def handle(self, *args, workers, per_host, timeout, deadline, retries, backoff, **options):
        urls = catalogue_urls()
        results = check_all(
            urls,
            workers=workers,
            per_host=per_host,
            timeout=timeout,
            deadline=deadline,
            max_redirects=options["max_redirects"],
            retries=retries,
            backoff=backoff,
        )
        record(results)
        counts = dict.fromkeys(LinkStatus, 0)
        for result in results:
            counts[result.status] += 1
            if not result.works:
                why = result.http_status or result.detail
                self.stderr.write(f"{result.status.label}: {result.url} ({why})")
        summary = ", ".join(f"{status.value} {count}" for status, count in counts.items())
        self.stdout.write(f"Checked {len(results)} links: {summary}.")
