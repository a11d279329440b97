"""Search quality on judged queries: recall@5, nDCG@5, MRR and how often nothing is found.

The queries and their graded judgements (judged_queries.json, beside this module) were written
from the report's text by a judge who had not seen the search code, before any tuning: 3 = what
the query asks for, 2 = clearly relevant, 1 = partly relevant. Queries about something the
catalogue lacks have no relevant model and should find nothing.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from search import engine

from .models import OperatingModel

JUDGEMENTS = Path(__file__).with_name("judged_queries.json")
CUTOFF = 5


@dataclass
class Judged:
    query: str
    language: str
    relevant: dict[str, int]


def judged_queries() -> list[Judged]:
    records = json.loads(JUDGEMENTS.read_text(encoding="utf-8"))
    return [Judged(r["query"], r["lang"], r["relevant"]) for r in records]


@dataclass
class Run:
    """What a reader sees for a query: whether every word matched, and the models in order."""

    mode: str
    ranked: list[str]

    @property
    def found_all(self) -> bool:
        """Whether some model had every word of the query."""
        return self.mode == "all" and bool(self.ranked)


def run_query(text: str, using: str = "default") -> Run:
    published = OperatingModel.objects.using(using).published()
    result = engine.search(published, text)
    if not result.mode:
        return Run("", [])
    ranked = result.queryset.order_by(*result.order_by).values_list("slug", flat=True)
    return Run(result.mode, list(ranked))


def _dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


@dataclass
class Scores:
    queries: int
    recall: float
    ndcg: float
    mrr: float
    zero_result_rate: float
    #: Of the queries with nothing relevant, the share that found models with every word.
    false_hit_rate: float
    #: … and the share shown models with some of their words (labelled as such).
    partial_hit_rate: float


def score(runs: dict[str, Run], judged: list[Judged]) -> Scores:
    with_relevant = [item for item in judged if item.relevant]
    without = [item for item in judged if not item.relevant]
    recall = ndcg = mrr = zero = 0.0
    for item in with_relevant:
        ranked = runs[item.query].ranked
        top = ranked[:CUTOFF]
        found = [slug for slug in top if slug in item.relevant]
        recall += len(found) / min(len(item.relevant), CUTOFF)
        ideal = _dcg(sorted(item.relevant.values(), reverse=True)[:CUTOFF])
        ndcg += _dcg([item.relevant.get(slug, 0) for slug in top]) / ideal
        first = next((rank for rank, slug in enumerate(ranked, 1) if slug in item.relevant), 0)
        mrr += 1 / first if first else 0.0
        zero += not ranked
    count = len(with_relevant) or 1
    false_hits = sum(runs[item.query].found_all for item in without)
    partial_hits = sum(runs[item.query].mode == "some" for item in without)
    return Scores(
        queries=len(judged),
        recall=recall / count,
        ndcg=ndcg / count,
        mrr=mrr / count,
        zero_result_rate=zero / count,
        false_hit_rate=false_hits / (len(without) or 1),
        partial_hit_rate=partial_hits / (len(without) or 1),
    )


def run(judged: list[Judged], using: str = "default") -> dict[str, Run]:
    return {item.query: run_query(item.query, using) for item in judged}


def top_agreement(first: dict[str, list[str]], second: dict[str, list[str]]) -> float:
    """The share of queries whose top five are the same set in both runs (slugs per query)."""
    same = sum(set(first[q][:CUTOFF]) == set(second[q][:CUTOFF]) for q in first)
    return same / (len(first) or 1)


def rankings(runs: dict[str, Run]) -> dict[str, list[str]]:
    return {query: run.ranked for query, run in runs.items()}
