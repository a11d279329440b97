"""Search: the one interface the rest of the catalogue calls.

- index(using, documents) / forget(using, pks): keep the index in step; the catalogue hands
  each model over as a Document (documents.py), and search never imports the catalogue;
- search(queryset, text) → Result: the matching models ranked, or, when no model has every
  word, the models with the most of them; corrections of typos ("did you mean"); place names
  from the gazetteer the catalogue registers (read_places_with);
- filter_facet(queryset, facet, values, linked) and facet_counts(result, chosen, facets): the
  list page's facets, counted on bitmaps (facets.py);
- excerpt(texts, query, language): why a model matched, the matching words marked.

Documents and queries go through the same analysis (analysis.py) on either database, so both
find the same models; only the backend modules know which database is in use.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pyroaring import BitMap

from . import analysis
from . import facets as facet_index
from .backends import postgresql, sqlite
from .documents import Document, weighted_terms, written_words
from .models import Term, Word
from .query import (
    CORRECTION_SIMILARITY,
    MAX_QUERY_LENGTH,
    MIN_CORRECTED_LENGTH,
    Places,
    Query,
    Thesaurus,
    label_term,
    parse,
)

__all__ = [
    "MAX_QUERY_LENGTH",
    "Document",
    "Excerpt",
    "Result",
    "catalogue_counts",
    "excerpt",
    "facet_counts",
    "filter_facet",
    "forget",
    "having",
    "index",
    "indexed_pks",
    "label_term",
    "read_places_with",
    "read_vocabulary_with",
    "search",
    "tagged",
    "warm_up",
]

_BACKENDS = {"postgresql": postgresql, "sqlite": sqlite}


def _backend(using: str):
    return _BACKENDS[connections[using].vendor]


# Indexing ------------------------------------------------------------------------------------


def index(using: str, documents) -> None:
    """(Re)index these models, each handed over as a Document."""
    documents = list(documents)
    _backend(using).write(using, _entries(documents))
    written = set().union(*map(written_words, documents)) if documents else set()
    Word.objects.using(using).bulk_create(
        [Word(word=word) for word in sorted(written)], ignore_conflicts=True, batch_size=1000
    )


def _entries(documents: list[Document]) -> list:
    return [
        (document.pk, weighted_terms(document), list(document.facet_keys)) for document in documents
    ]


def forget(using: str, pks) -> None:
    _backend(using).forget(using, list(pks))


def forget_words(using: str) -> None:
    """Forget every word of the lexicon (index() writes those of the models it indexes)."""
    Word.objects.using(using).all().delete()


def indexed_pks(using: str) -> set[int]:
    """The operating models the index holds (for checks that it is in step)."""
    return _backend(using).indexed_pks(using)


def stale_entries(using: str, documents) -> list[int]:
    """The models (of these documents) whose index entry is not what index() would write for
    them now."""
    return _backend(using).stale(using, _entries(list(documents)))


def missing_words(using: str, documents) -> set[str]:
    """Words written in these documents that the lexicon of corrections lacks."""
    documents = list(documents)
    written = set().union(*map(written_words, documents)) if documents else set()
    return written - set(Word.objects.using(using).values_list("word", flat=True))


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
    #: The facet bitmaps as they were when first read for this result (one query, however
    #: many counts and tags a page reads of them).
    facets: object = None

    def facet_index(self):
        if self.facets is None:
            self.facets = facet_index.current(self.queryset.db)
        return self.facets

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

#: The last thesaurus and gazetteer analysed, with the rows they were made of. Shared by a
#: process's threads: each is replaced whole (one assignment), never changed in place, so a
#: thread reading one while another replaces it sees either the old pair or the new.
_thesaurus_made: tuple[tuple, Thesaurus] = (((), ()), Thesaurus(()))
_places_made: tuple[tuple, Places] = ((), Places(()))


def _thesaurus(using: str) -> Thesaurus:
    """The thesaurus, with the catalogue's vocabularies, as they are now: read on every search
    (a few small queries, so every page runs the same statements), analysed again only when
    its terms or the vocabularies' labels have changed."""
    global _thesaurus_made
    terms = tuple(Term.objects.using(using).order_by("pk").values_list("concept_id", "text"))
    vocabulary = tuple(_vocabulary_rows(using))
    made_of, thesaurus = _thesaurus_made
    if made_of != (terms, vocabulary):
        thesaurus = Thesaurus(terms, vocabulary)
        _thesaurus_made = ((terms, vocabulary), thesaurus)
    return thesaurus


#: Where the vocabularies' rows come from: a function of the database alias giving, for every
#: entry of the catalogue's own classifications, ((its labels…), (its facet keys…)). The
#: catalogue registers its own when its app is ready; until then no query names an entry.
def _no_vocabulary(using: str) -> tuple:
    return ()


_vocabulary_rows: Callable[[str], tuple] = _no_vocabulary


def read_vocabulary_with(rows: Callable[[str], tuple]) -> None:
    """Read the vocabularies' rows with this function (once, when the process starts)."""
    global _vocabulary_rows
    _vocabulary_rows = rows


#: Where the gazetteer's rows come from: a function of the database alias giving, for every
#: municipality, ((its names…), (its county's names…)). The catalogue registers its own when
#: its app is ready; until then no query names a place.
def _no_places(using: str) -> tuple:
    return ()


_place_rows: Callable[[str], tuple] = _no_places


def read_places_with(rows: Callable[[str], tuple]) -> None:
    """Read the gazetteer's rows with this function (once, when the process starts)."""
    global _place_rows
    _place_rows = rows


def _gazetteer(using: str) -> Places:
    """Every municipality with its county, as it is now (read on every search; analysed again
    only when the names change)."""
    rows = tuple(_place_rows(using))
    global _places_made
    made_of, places = _places_made
    if made_of != rows:
        places = Places(rows)
        _places_made = (rows, places)
    return places


def warm_up(using: str = "default") -> None:
    """Make now what a process's first search would make while its reader waits: the Voikko
    handle, and the analysed thesaurus and gazetteer (about a second together). gunicorn calls
    this in each worker before it takes requests (gunicorn.conf.py)."""
    analysis.finnish_analyses("mieli")
    _thesaurus(using)
    _gazetteer(using)


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
    every_word = backend.match_all(queryset, query, rank_all=len(found) <= RANK_WINDOW)
    if len(query.groups) == 1 or every_word.exists():
        return Result(every_word, query, "all", found)
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


# Facets --------------------------------------------------------------------------------------


def filter_facet(queryset, facet: str, values, linked):
    """The models with any of these options of a facet ("county": ["pirkanmaa", …]).

    `linked` is the catalogue's own answer: a queryset of the ids of the models linked to any
    of the options (one column, unevaluated). A backend whose index holds the facet keys
    (PostgreSQL's lexemes) filters by those; the others filter by it, as a subquery."""
    return _backend(queryset.db).has_any_facet_key(queryset, facet, values, linked)


def facet_counts(result: Result, chosen: dict[str, list[str]], facets: list[str]):
    """({facet: {option: models}}, how many models match the search and every chosen option).

    `result` is a search over the published models, `chosen` the options chosen per facet
    (any of a facet's options, all facets). Each facet's options are counted among the models
    matching the search and every chosen facet but its own: what choosing the option too
    would give. From the facet bitmaps (facets.py): one query.
    """
    index = result.facet_index()
    matching = index.models
    if result.mode:
        matching = matching & result.found
    narrowing = {name: index.any_of(name, values) for name, values in chosen.items() if values}

    def narrowed(but: str | None = None) -> BitMap:
        models = matching
        for name, options in narrowing.items():
            if name != but:
                models = models & options
        return models

    everything = narrowed()
    counts = {
        name: index.count(name, narrowed(but=name) if name in narrowing else everything)
        for name in facets
    }
    return counts, len(everything)


def tagged(result: Result, keys, pks) -> dict[int, list[str]]:
    """{model id: the facet keys, of these, it has} for these models (from the bitmaps)."""
    index = result.facet_index()
    found: dict[int, list[str]] = {}
    for key in sorted(keys):
        facet, _sep, value = key.partition(":")
        members = index.any_of(facet, [value])
        for pk in pks:
            if pk in members:
                found.setdefault(pk, []).append(key)
    return found


def having(result: Result, facet: str, values) -> BitMap:
    """The published models with any of these options of a facet (from the bitmaps)."""
    return result.facet_index().any_of(facet, values)


def catalogue_counts(result: Result, facets: list[str]) -> dict[str, dict[str, int]]:
    """{facet: {option: models}} over every published model, whatever is searched or chosen:
    beside a search's counts, they show how many more the catalogue has."""
    index = result.facet_index()
    return {name: index.count(name, index.models) for name in facets}


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
