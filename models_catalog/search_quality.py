"""Search quality on judged queries: recall@5, nDCG@5, MRR and how often nothing is found.

The queries and their graded judgements (judged_queries.json, beside this module) were written
from the report's text by a judge who had not seen the search code, before any tuning: 3 = what
the query asks for, 2 = clearly relevant, 1 = partly relevant. Queries about something the
catalogue lacks have no relevant model and should find nothing.
"""

import json
import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from django.http import QueryDict

from .filters import OperatingModelFilter
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
    """The API's answer (the list's filters, with nothing but the query)."""
    published = OperatingModel.objects.using(using).published()
    query = QueryDict(mutable=True)
    query["q"] = text
    filterset = OperatingModelFilter(query, queryset=published)
    result = filterset.run_search(published)
    if not result.mode:
        return Run("", [])
    ranked = list(filterset.applied(result).values_list("slug", flat=True))
    # Matching some words of the query but no published model: the reader sees nothing.
    return Run(result.mode if ranked else "", ranked)


class FormFields(HTMLParser):
    """What a browser sends when the list page's search form is submitted as it stands: each
    field's value, a select's selected option (or its first, as browsers do), ticked boxes."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("role") == "search"
        elif not self._in_form:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select, self._options = attrs.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select and self._options:
            chosen = [value for value, selected in self._options if selected]
            self.fields.append((self._select, (chosen or [self._options[0][0]])[-1]))
            self._select = None


def form_fields(html: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(html)
    return parser.fields


CARD_LINK = re.compile(r'<h3 class="card-title"><a href="[^"]*/toimintamallit/([^/"]+)/"')


def run_through_form(client, text: str) -> Run:
    """What a reader gets who types the query into the search box of the list page (as it
    first opens) and presses Enter: the models in the order the page shows them."""
    fields = form_fields(client.get("/").content.decode())
    sent = [(name, text if name == "q" else value) for name, value in fields]
    html = client.get("/?" + urlencode(sent)).content.decode()
    ranked = CARD_LINK.findall(html)
    mode = "some" if 'class="partial-match"' in html else "all" if ranked else ""
    return Run(mode, ranked)


def run_form(client, judged: list[Judged]) -> dict[str, Run]:
    return {item.query: run_through_form(client, item.query) for item in judged}


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
