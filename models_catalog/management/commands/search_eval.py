"""Print search quality on the judged queries, per language, for the current database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from models_catalog import search_quality as evaluation
from models_catalog.catalogue import load_catalogue


class Command(BaseCommand):
    help = (
        "Search quality on the judged queries (recall@5, nDCG@5, MRR, zero results), measured "
        "on a fresh test database with the real catalogue; --runs writes the rankings as "
        "JSON and --compare gives the share of queries whose top five two runs share."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=Path, help="write each query's ranking here")
        parser.add_argument("--compare", type=Path, nargs=2, metavar="RUNS")

    def handle(self, *args, runs=None, compare=None, **options):
        runs_path = runs
        if compare:
            first, second = (json.loads(path.read_text()) for path in compare)
            share = evaluation.top_agreement(first, second)
            self.stdout.write(f"same top-5 set on both: {share:.1%} of {len(first)} queries")
            return
        old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            load_catalogue()
            judged = evaluation.judged_queries()
            runs = evaluation.run(judged)
        finally:
            teardown_databases(old_config, verbosity=0)
        self.stdout.write(f"database: {connection.vendor}")
        self.stdout.write(
            f"{'language':<9}{'queries':>8}{'recall@5':>10}{'nDCG@5':>8}"
            f"{'MRR':>7}{'zero':>7}{'false hits':>12}"
        )
        for language in ("fi", "sv", "en", "all"):
            subset = [j for j in judged if language in {"all", j.language}]
            scores = evaluation.score(runs, subset)
            self.stdout.write(
                f"{language:<9}{scores.queries:>8}{scores.recall:>10.3f}{scores.ndcg:>8.3f}"
                f"{scores.mrr:>7.3f}{scores.zero_result_rate:>7.1%}{scores.false_hit_rate:>12.1%}"
                f"{scores.partial_hit_rate:>9.1%}"
            )
        if runs_path:
            runs_path.write_text(
                json.dumps(evaluation.rankings(runs), ensure_ascii=False, indent=1)
            )
