"""Free-text search over operating models.

Finnish inflects words by suffixes and builds compounds, so the everyday forms of a word must
find each other ("pakolaisten" → "pakolainen", "omaishoitajien" → "omaishoitajat").

- PostgreSQL: full-text search on the model's stored search vector (made from its search
  document; GIN index) with the `finnish` stemmer and prefix matching, OR-ed per word with a
  light stem (the word without its last letters) matched as a prefix of the unstemmed words
  (`simple` config), because the stemmer maps many forms to different stems ("nuorten" →
  nuort, "nuoret" → nuore). Typos: each word is also OR-ed with the words of the catalogue
  most like it by trigrams, looked up in a lexicon of every word in the documents (a small
  table with a trigram index, kept by index_documents), as pg_trgm's documentation advises;
  comparing trigrams against whole documents instead cost seconds at 100 000 models.
  Results are ranked by ts_rank.
- SQLite (the embedded fallback): every word's light stem must occur in the casefolded search
  document, found through an FTS5 trigram index (migration 0008), which matches inside compounds
  as a substring search would. SQLite's LIKE folds case only for ASCII, which is why the document
  and the words are casefolded in Python; ä and ö are kept as letters of their own.
"""

import json
import re

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.expressions import RawSQL

MAX_QUERY_LENGTH = 200
MAX_TOKENS = 8
#: SQLite's FTS5 table (rowid = operating model id); its trigrams need words of three letters.
FTS_TABLE = "models_catalog_operatingmodel_fts"
FTS_MIN_LENGTH = 3
#: Any number of keys as one JSON parameter (SQLite limits how many parameters a query takes).
_SQLITE_KEYS = "(SELECT value FROM json_each(%s))"
_WORD = re.compile(r"[^\W_]+")


def search_tokens(text: str) -> list[str]:
    """The query's words, casefolded; punctuation, quotes, emoji and control characters dropped."""
    return _WORD.findall(text.casefold())[:MAX_TOKENS]


def light_stem(token: str) -> str:
    """The word without the letters Finnish case endings most often change."""
    if len(token) <= 4:
        return token
    return token[: max(4, len(token) - 4)]


#: The lexicon's words nearest a query word by trigrams, OR-ed into its query (typos).
TYPO_WORDS = 5
TYPO_SIMILARITY = 0.5
#: Marks facet keys in the search vector: no query word (letters and digits) can start with it.
FACET_LEXEME = "~"
LEXICON_TABLE = "models_catalog_searchword"


def _token_tsquery(token: str) -> RawSQL:
    """A tsquery for one query word: its stem, its light stem, and, when no word of the
    catalogue begins with the light stem, the words most like it (a likely typo)."""
    stem = light_stem(token)
    return RawSQL(
        "(to_tsquery('finnish', %s) || to_tsquery('simple', %s) || COALESCE(("
        "SELECT to_tsquery('simple', string_agg(quote_literal(word), ' | ')) FROM ("
        f"SELECT word FROM {LEXICON_TABLE} WHERE word %% %s AND similarity(word, %s) >= %s "
        f"AND NOT EXISTS (SELECT 1 FROM {LEXICON_TABLE} WHERE word LIKE %s) "
        f"ORDER BY word <-> %s LIMIT {TYPO_WORDS}"
        ") AS nearest), ''::tsquery))",
        [f"{token}:*", f"{stem}:*", token, token, TYPO_SIMILARITY, f"{stem}%", token],
    )


def has_any_facet_key(keys: list[str]) -> Func:
    """PostgreSQL: the models whose search entry has any of these facet keys ("county:x")."""
    lexemes = " | ".join(f"'{FACET_LEXEME}{key}'" for key in keys)  # slugs and kinds: no quotes
    return _matches(RawSQL("%s::tsquery", [lexemes]))


def _matches(tsquery: RawSQL) -> Func:
    return Func(
        F("search_entry__vector"),
        tsquery,
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def search(queryset, text: str):
    """Filter to the models matching every word of `text`, with a `search_rank` annotation."""
    tokens = search_tokens(text)
    if not tokens:
        # Nothing searchable (only punctuation, say): every model, equally relevant.
        return queryset.annotate(search_rank=Value(0.0))
    if connections[queryset.db].vendor == "postgresql":
        # Every word must match: by stem or light stem, or failing both, as a likely typo.
        for token in tokens:
            queryset = queryset.filter(_matches(_token_tsquery(token)))
        every_word = Func(
            *map(_token_tsquery, tokens), template="%(expressions)s", arg_joiner=" && "
        )
        return queryset.annotate(
            search_rank=Func(
                F("search_entry__vector"),
                every_word,
                function="ts_rank",
                output_field=FloatField(),
            )
        )
    stems = [light_stem(token) for token in tokens]
    indexed = [stem for stem in stems if len(stem) >= FTS_MIN_LENGTH]
    if indexed:
        # Each stem as a quoted FTS5 string: a substring search, whatever letters it holds.
        match = " AND ".join(f'"{stem}"' for stem in indexed)
        in_index = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        queryset = queryset.filter(pk__in=in_index)
    for stem in stems:
        if len(stem) < FTS_MIN_LENGTH:
            queryset = queryset.filter(search_document__contains=stem)
    return queryset.annotate(search_rank=Value(0.0))


def index_documents(using: str, operating_models) -> None:
    """Bring the search index in step with these models' search documents (prefetched)."""
    from .models import OperatingModel, SearchEntry

    pks = [operating_model.pk for operating_model in operating_models]
    vendor = connections[using].vendor
    if vendor == "postgresql":
        entries = [
            SearchEntry(operating_model=model, facet_keys=model.build_facet_keys())
            for model in operating_models
        ]
        SearchEntry.objects.using(using).bulk_create(
            entries,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["operating_model"],
            update_fields=["facet_keys"],
        )
        if pks:
            keys = ", ".join(str(int(pk)) for pk in pks)
            table = OperatingModel._meta.db_table
            where = f"WHERE id IN ({keys})"
            with connections[using].cursor() as cursor:
                # Stems and whole words of the search document in one vector, with the facet
                # keys as lexemes of their own, so search and filters are one index scan.
                cursor.execute(
                    f"UPDATE {SearchEntry._meta.db_table} AS entry SET vector = "
                    "to_tsvector('finnish'::regconfig, COALESCE(m.search_document, '')) || "
                    "to_tsvector('simple'::regconfig, COALESCE(m.search_document, '')) || "
                    f"array_to_tsvector(ARRAY(SELECT '{FACET_LEXEME}' || key "
                    "FROM jsonb_array_elements_text(entry.facet_keys) AS key)) "
                    f"FROM {table} AS m WHERE m.id = entry.operating_model_id AND m.id IN ({keys})"
                )
                cursor.execute(
                    f"INSERT INTO {LEXICON_TABLE} (word) SELECT word FROM ts_stat(%s) "
                    "ON CONFLICT DO NOTHING",
                    [f"SELECT to_tsvector('simple', search_document) FROM {table} {where}"],
                )
    elif vendor == "sqlite":
        forget_documents(using, pks)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, search_document) "
                f"SELECT id, search_document FROM {OperatingModel._meta.db_table} "
                f"WHERE id IN {_SQLITE_KEYS}",
                [json.dumps(pks)],
            )


def forget_documents(using: str, pks) -> None:
    """Drop deleted models from SQLite's FTS5 table (PostgreSQL's vector goes with the row)."""
    if connections[using].vendor != "sqlite":
        return
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN {_SQLITE_KEYS}", [json.dumps(list(pks))]
        )
