"""Search: the one interface the rest of the catalogue calls.

- index(using, models) / forget(using, pks): keep the index in step (models_catalog.derived
  calls index() whenever a model changes);
- search(queryset, text) → Result: the matching models ranked, or, when no model has every
  word, the models with the most of them; corrections of typos ("did you mean");
- filter_facet(queryset, facet, values): the models with any of a facet's options;
- select(result, chosen) → Selection: a search narrowed by the chosen facet options, once per
  request, on bitmaps (facets.py): its total, its facet counts, and its models for a
  paginator, best first (in_pages) or in the report's order (in_report_order);
- excerpt(texts, query, language): why a model matched, the matching words marked;
- related(using, pk, options, limit): the models sharing the most facet options with one,
  for its page, from the same bitmaps.

Documents and queries go through the same analysis (analysis.py) on either database, so both
find the same models; only the backend modules know which database is in use.
"""

from dataclasses import dataclass
from itertools import islice

from django.db import connections
from django.db.models import Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pyroaring import BitMap

from mito import statements
from models_catalog.models import Municipality

from . import analysis
from . import facets as facet_index
from .backends import postgresql, sqlite
from .documents import LANGUAGE_CODES, facet_keys, weighted_terms, written_words
from .models import Term, Word
from .query import (
    CORRECTION_SIMILARITY,
    MAX_QUERY_LENGTH,
    MIN_CORRECTED_LENGTH,
    Places,
    Query,
    Thesaurus,
    parse,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "Excerpt",
    "Ranked",
    "Result",
    "Selection",
    "excerpt",
    "filter_facet",
    "forget",
    "index",
    "indexed_pks",
    "related",
    "search",
    "select",
]

_BACKENDS = {"postgresql": postgresql, "sqlite": sqlite}


def _backend(using: str):
    return _BACKENDS[connections[using].vendor]


# Indexing ------------------------------------------------------------------------------------


def index(using: str, operating_models) -> None:
    """(Re)index these models (their relations prefetched, as `for_indexing()` does)."""
    operating_models = list(operating_models)
    keys = {model.pk: facet_keys(model) for model in operating_models}
    entries = [(model.pk, weighted_terms(model), keys[model.pk]) for model in operating_models]
    _backend(using).write(using, entries)
    # The facet counts are of published models: a draft's options are no one's.
    facet_index.update(
        using,
        {
            model.pk: (model.number, keys[model.pk]) if model.is_published else None
            for model in operating_models
        },
    )
    written = set().union(*map(written_words, operating_models)) if operating_models else set()
    Word.objects.using(using).bulk_create(
        [Word(word=word) for word in sorted(written)], ignore_conflicts=True, batch_size=1000
    )


def forget(using: str, pks) -> None:
    pks = list(pks)
    _backend(using).forget(using, pks)
    facet_index.update(using, dict.fromkeys(pks))


def indexed_pks(using: str) -> set[int]:
    """The operating models the index holds (for checks that it is in step)."""
    return _backend(using).indexed_pks(using)


# Searching -----------------------------------------------------------------------------------


@dataclass
class Result:
    """The matching models (annotated `search_rank`, best first by `order_by`) and why."""

    queryset: object
    query: Query
    #: "all": every word matched; "some": no model has every word, these have the most;
    #: "": nothing searchable in the text (every model, unranked).
    mode: str
    #: The ids of the indexed models (drafts too) that match: what the facet counts narrow.
    found: BitMap | None = None
    #: Past RANK_WINDOW matches of every word, only the models with them all in their name or
    #: theme are ranked (by those), and come first; the others follow in the report's order.
    windowed: bool = False

    @property
    def order_by(self) -> list[str]:
        if self.mode == "some":
            return ["-matched_words", "-search_rank", "number"]
        return ["-search_rank", "number"]

    @property
    def suggestion(self) -> str:
        return self.query.suggestion


#: Ranking reads each matching model's whole index entry: past this many matches only those
#: with the words in their name or theme are ranked (first), the rest follow in report order.
RANK_WINDOW = 1000

_thesauri: dict[int, Thesaurus] = {}


def _thesaurus(using: str) -> Thesaurus:
    """The thesaurus as it is now: read on every search (one small query, so every page
    runs the same statements), analysed again only when its terms have changed."""
    terms = statements.rows(_terms, _TERMS, using)
    key = hash(terms)
    if key not in _thesauri:
        _thesauri.clear()
        _thesauri[key] = Thesaurus(terms)
    return _thesauri[key]


_TERMS = ("concept_id", "text")


def _terms(using: str):
    return Term.objects.using(using).order_by("pk").values_list(*_TERMS)


_places: dict[int, Places] = {}


def _gazetteer(using: str) -> Places:
    """Every municipality with its county, as it is now (one narrow query; analysed again only
    when the names change)."""
    rows = statements.rows(_municipalities, _PLACE_NAMES, using)
    key = hash(rows)
    if key not in _places:
        width = len(LANGUAGE_CODES)
        _places.clear()
        _places[key] = Places(
            tuple(
                (tuple(filter(None, row[:width])), tuple(filter(None, row[width:]))) for row in rows
            )
        )
    return _places[key]


#: Each municipality's names, then its county's, in every language (None where none).
_PLACE_NAMES = (
    *(f"name_{code}" for code in LANGUAGE_CODES),
    *(f"county__name_{code}" for code in LANGUAGE_CODES),
)


def _municipalities(using: str):
    return Municipality.objects.using(using).order_by("pk").values_list(*_PLACE_NAMES)


def search(queryset, text: str) -> Result:
    using = queryset.db
    if not analysis.words(text[:MAX_QUERY_LENGTH]):
        # Nothing searchable (no text, or only punctuation): every model, unranked.
        return Result(queryset.annotate(search_rank=Value(0.0)), Query(text), "")
    thesaurus = _thesaurus(using)
    query = parse(
        text, thesaurus, correct=lambda word: correction(using, word), places=_gazetteer(using)
    )
    if not query.groups:
        return Result(queryset.annotate(search_rank=Value(0.0)), query, "")
    backend = _backend(using)
    found = BitMap(backend.matching_pks(using, query, every_word=True))
    windowed = len(found) > RANK_WINDOW
    every_word = backend.match_all(queryset, query, rank_all=not windowed)
    if len(query.groups) == 1 or every_word.exists():
        return Result(every_word, query, "all", found, windowed)
    found = BitMap(backend.matching_pks(using, query, every_word=False))
    return Result(backend.match_any(queryset, query), query, "some", found)


def correction(using: str, word: str) -> str:
    """The catalogue word most like `word` (pg_trgm's trigram similarity, computed here so
    both databases agree), when `word` itself is written nowhere in the catalogue; "" when it
    is, or when nothing is alike enough. Candidates share the word's first two letters: a
    typo there is rare, and the lexicon's primary key finds them by range on any database."""
    words = Word.objects.using(using)
    if len(word) < MIN_CORRECTED_LENGTH or words.filter(word=word).exists():
        return ""
    prefix = word[:2]
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    candidates = words.filter(word__gte=prefix, word__lt=following).values_list("word", flat=True)
    scored = (
        (analysis.similarity(word, candidate), candidate)
        for candidate in candidates
        if candidate.startswith(prefix)
    )
    best = max(scored, key=lambda pair: (pair[0], [-ord(c) for c in pair[1]]), default=(0, ""))
    return best[1] if best[0] >= CORRECTION_SIMILARITY else ""


class Ranked:
    """Models in an order known by their ids, as a paginator reads them: `first` as they come,
    then those of `rest` in the report's order (`order`, every published model). A slice reads
    only its own models, by id (`read`, as QuerySet.in_bulk): an order that SQL gives by
    sorting every match, or by reading past every earlier page (OFFSET), for each page."""

    def __init__(self, read, first: list[int], rest: BitMap, order: tuple[int, ...]):
        self.read, self.first, self.rest, self.order = read, first, rest, order

    def count(self) -> int:
        return len(self.first) + len(self.rest)

    __len__ = count

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("Ranked reads slices of models only")
        start, stop, _step = index.indices(self.count())
        pks = self.first[start:stop]
        if stop > len(self.first):
            skip, end = max(start - len(self.first), 0), stop - len(self.first)
            if len(self.rest) == len(self.order):  # every published model: no walk
                pks += self.order[skip:end]
            else:  # the walk stops at the slice's end: a first page reads a few dozen
                pks += islice(self._rest_in_order(), skip, end)
        return self._models(pks)

    def __iter__(self):
        """Every model, read a hundred at a time."""
        pks = self.first + list(self._rest_in_order())
        for start in range(0, len(pks), 100):
            yield from self._models(pks[start : start + 100])

    def _rest_in_order(self):
        return (pk for pk in self.order if pk in self.rest)

    def _models(self, pks: list[int]) -> list:
        models = self.read(pks) if pks else {}
        return [models[pk] for pk in pks if pk in models]


# Facets --------------------------------------------------------------------------------------


def filter_facet(queryset, facet: str, values):
    """The models with any of these options of a facet ("county": ["pirkanmaa", …])."""
    return _backend(queryset.db).has_any_facet_key(queryset, facet, values)


@dataclass
class Selection:
    """A search's published models narrowed by the options chosen of each facet (any of a
    facet's options, all facets), from the facet bitmaps (facets.py): read once per request."""

    result: Result
    chosen: dict[str, list[str]]
    index: facet_index.FacetIndex
    #: The published models matching the search and every chosen option.
    models: BitMap

    @property
    def total(self) -> int:
        return len(self.models)

    def counts(self, facets: list[str]) -> dict[str, dict[str, int]]:
        """{facet: {option: models}}: each facet's options counted among the models matching
        the search and every chosen facet but its own (what choosing the option too gives)."""
        return {
            name: self.index.count(name, self._but(name) if self.chosen.get(name) else self.models)
            for name in facets
        }

    def in_pages(self, queryset, read=None):
        """`queryset`, these models, best first, for a paginator, its count known: a windowed
        search as Ranked (sorting tens of thousands of matches in SQL for every page costs
        hundreds of milliseconds), any other ordered in SQL. `read(ids)` reads a page's
        models by id (`queryset.in_bulk` unless given)."""
        if not self.result.windowed:
            return queryset.order_by(*self.result.order_by).counted(self.total)
        using = queryset.db
        headings = _backend(using).heading_ranks(using, self.result.query, self.chosen)
        position, last = self.index.position, len(self.index.order)
        first = sorted(
            (pk for pk in headings if pk in self.models),
            key=lambda pk: (-headings[pk], position.get(pk, last)),
        )
        rest = self.models - BitMap(first)
        return Ranked(read or queryset.in_bulk, first, rest, self.index.order)

    def in_report_order(self, queryset, read=None):
        """These models in the report's order, for a paginator, as Ranked: each page read by
        id (`read`, or `queryset.in_bulk`) instead of sorted and skipped to in SQL."""
        return Ranked(read or queryset.in_bulk, [], self.models, self.index.order)

    def _but(self, facet: str) -> BitMap:
        return _narrowed(self.index, self.result, self.chosen, but=facet)


def select(result: Result, chosen: dict[str, list[str]]) -> Selection:
    """`result` (a search over the published models) narrowed by the `chosen` options."""
    index = facet_index.current(result.queryset.db)
    return Selection(result, chosen, index, _narrowed(index, result, chosen))


def _narrowed(index, result: Result, chosen: dict[str, list[str]], but: str = "") -> BitMap:
    """The published models matching the search and the options chosen of each facet (any
    of a facet's options), but those of facet `but`."""
    models = index.models & result.found if result.mode else index.models
    for name, values in chosen.items():
        if values and name != but:
            models = models & index.any_of(name, values)
    return models


def related(using: str, pk: int, options: dict[str, list[str]], limit: int) -> list[int]:
    """The published models sharing the most of model `pk`'s own facet options (`options`,
    {facet: [option]}), then in the report's order: at most `limit` of them, by id."""
    return facet_index.current(using).related(pk, options, limit)


# Excerpts ------------------------------------------------------------------------------------

EXCERPT_WORDS = 28


@dataclass
class Excerpt:
    html: SafeString
    language: str


def excerpt(texts, query: Query) -> Excerpt | None:
    """A short passage of the text with the most query words in it, those words marked.

    `texts` are (text, language) in order of preference; None when no word matches.
    """
    wanted = query.terms
    best, best_hits = None, 0
    for text, language in texts:
        if not text:
            continue
        spans = list(analysis.WORD.finditer(text))
        hits = [
            position
            for position, match in enumerate(spans)
            if analysis.word_terms(match.group().casefold(), language) & wanted
        ]
        distinct = len({spans[position].group().casefold() for position in hits})
        if distinct > best_hits:
            best, best_hits = (text, language, spans, hits), distinct
    if best is None:
        return None
    text, language, spans, hits = best
    first = max(0, hits[0] - 6)
    last = min(len(spans), first + EXCERPT_WORDS)
    start, end = spans[first].start(), spans[last - 1].end()
    pieces, position = [], start
    for hit in hits:
        if first <= hit < last:
            match = spans[hit]
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return Excerpt(mark_safe(prefix + "".join(pieces) + suffix), language)
