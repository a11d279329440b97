"""Free-text search over operating models.

Finnish inflects words by suffixes and builds compounds, so the everyday forms of a word must
find each other ("pakolaisten" → "pakolainen", "omaishoitajien" → "omaishoitajat").

- PostgreSQL: full-text search on the model's search document, with the `finnish` stemmer and
  prefix matching, OR-ed per word with a light stem (the word without its last letters) matched
  as a prefix of the unstemmed words (`simple` config), because the stemmer maps many forms to
  different stems ("nuorten" → nuort, "nuoret" → nuore). Trigram word similarity catches typos.
  Results are ranked by ts_rank plus trigram similarity. Both are served by GIN indexes created
  in migration 0002.
- SQLite (the embedded fallback): every word's light stem must occur in the casefolded search
  document. SQLite's LIKE folds case only for ASCII, which is why the document and the words are
  casefolded in Python; ä and ö are kept as letters of their own.
"""

import re
from functools import reduce
from operator import and_

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Q, Value

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
_WORD = re.compile(r"[^\W_]+")


def search_tokens(text: str) -> list[str]:
    """The query's words, casefolded; punctuation, quotes, emoji and control characters dropped."""
    return _WORD.findall(text.casefold())[:MAX_TOKENS]


def light_stem(token: str) -> str:
    """The word without the letters Finnish case endings most often change."""
    if len(token) <= 4:
        return token
    return token[: max(4, len(token) - 4)]


def document_vector():
    """Stems and whole words of the search document in one vector (indexed in PostgreSQL)."""
    return SearchVector("search_document", config="finnish") + SearchVector(
        "search_document", config="simple"
    )


def _token_query(token: str):
    return SearchQuery(f"{token}:*", search_type="raw", config="finnish") | SearchQuery(
        f"{light_stem(token)}:*", search_type="raw", config="simple"
    )


def search(queryset, text: str):
    """Filter to the models matching every word of `text`, with a `search_rank` annotation."""
    tokens = search_tokens(text)
    if not tokens:
        # Nothing searchable (only punctuation, say): every model, equally relevant.
        return queryset.annotate(search_rank=Value(0.0))
    if connections[queryset.db].vendor == "postgresql":
        # Every word must match: by stem or light stem, or failing both, as a likely typo.
        matches_every_word = reduce(
            and_,
            (
                Q(search_vector=_token_query(token))
                | Q(search_document__trigram_word_similar=token)
                for token in tokens
            ),
        )
        query = reduce(and_, map(_token_query, tokens))
        return (
            queryset.alias(search_vector=document_vector())
            .filter(matches_every_word)
            .annotate(
                search_rank=SearchRank(document_vector(), query)
                + TrigramWordSimilarity(" ".join(tokens), "search_document")
            )
        )
    for token in tokens:
        queryset = queryset.filter(search_document__contains=light_stem(token))
    return queryset.annotate(search_rank=Value(0.0))
