"""PostgreSQL: a weighted tsvector per model in a narrow row (SearchEntry), GIN-indexed, with
the facet keys as lexemes of the same vector; ranked by ts_rank."""

import json

from django.db import connections
from django.db.models import BooleanField, Case, F, FloatField, Func, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from ..models import SearchEntry
from ..query import Query, Syntax, render

#: Marks facet keys in the vector: no term (letters and digits only) can start with it.
FACET_LEXEME = "~"
#: ts_rank's weights for D, C, B, A; normalisation 1 divides by 1 + log(document length).
RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
RANK_NORMALISATION = 1


def _lexeme(term: str) -> str:
    return "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"


TSQUERY = Syntax(quote=_lexeme, all_of="&", any_of="|")


def _tsquery(groups, operator: str) -> str:
    return render(groups, TSQUERY, operator)


def _matches(tsquery: str, field: str = "search_entry__vector") -> Func:
    return Func(
        F(field),
        RawSQL("%s::tsquery", [tsquery]),
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _rank(tsquery: str, field: str = "search_entry__vector") -> Func:
    return Func(
        RawSQL("%s::float4[]", [RANK_WEIGHTS]),
        F(field),
        RawSQL("%s::tsquery", [tsquery]),
        Value(RANK_NORMALISATION),
        function="ts_rank",
        output_field=FloatField(),
    )


def match_all(queryset, query: Query, rank_all: bool = True):
    """The models matching every group, ranked. With rank_all False (a search matching a great
    many models) only those with the words in their name or theme are ranked, by those alone,
    and come first; the others follow unranked. Ranking by the whole vector reads each
    matching model's large index entry; the name and theme are a small one kept in the row."""
    tsquery = _tsquery(query.groups, "&")
    if rank_all:
        rank = _rank(tsquery)
    else:
        rank = Case(
            When(
                _matches(tsquery, "search_entry__heading"),
                then=1 + _rank(tsquery, "search_entry__heading"),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
    return queryset.filter(_matches(tsquery)).annotate(search_rank=rank)


def match_any(queryset, query: Query):
    """Models matching any group, with how many groups each matches."""
    tsquery = _tsquery(query.groups, "|")
    matched = sum(
        (
            Func(_matches(_tsquery([group], "&")), template="(%(expressions)s)::int")
            for group in query.groups
        ),
        start=Value(0),
    )
    return (
        queryset.filter(_matches(tsquery))
        .annotate(search_rank=_rank(tsquery))
        .annotate(
            matched_words=Func(matched, template="%(expressions)s", output_field=IntegerField())
        )
    )


def matching_pks(using: str, query: Query, every_word: bool):
    """The ids of the models matching every word of the query, or any, from the index alone."""
    operator = "&" if every_word else "|"
    entries = SearchEntry.objects.using(using).filter(
        _matches(_tsquery(query.groups, operator), "vector")
    )
    sql, params = entries.order_by().values("operating_model_id").query.sql_with_params()
    # One array, not a row per model: tens of thousands of ids come back in a third the time.
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT array_agg(operating_model_id) FROM ({sql}) AS found", params)
        return cursor.fetchone()[0] or []


def has_any_facet_key(queryset, facet: str, values, linked) -> object:
    """Models with any of the options, by their lexemes in the search entry (`linked`, the
    catalogue's subquery on its link tables, is not needed here)."""
    lexemes = " | ".join(_lexeme(f"{FACET_LEXEME}{facet}:{value}") for value in values)
    return queryset.filter(_matches(lexemes))


#: An entry's columns from its terms: (facet keys, A, B, C, D, facet lexemes, A).
_VECTOR = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
    "|| setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D') "
    "|| array_to_tsvector(%s::text[])"
)
_HEADING = "setweight(to_tsvector('simple', %s), 'A')"


def _values(pk, terms, keys) -> tuple:
    return (
        json.dumps(keys),
        terms["A"],
        terms["B"],
        terms["C"],
        terms["D"],
        [f"{FACET_LEXEME}{key}" for key in keys],
        terms["A"],
        pk,
    )


def write(using: str, entries) -> None:
    """entries: (model id, {weight: terms}, facet keys) for each model to (re)index."""
    sql = (
        f"INSERT INTO {SearchEntry._meta.db_table} (facet_keys, vector, heading, "
        f"operating_model_id) VALUES (%s::jsonb, {_VECTOR}, {_HEADING}, %s) "
        "ON CONFLICT (operating_model_id) DO UPDATE SET "
        "facet_keys = EXCLUDED.facet_keys, vector = EXCLUDED.vector, heading = EXCLUDED.heading"
    )
    rows = [_values(pk, terms, keys) for pk, terms, keys in entries]
    if rows:
        with connections[using].cursor() as cursor:
            cursor.executemany(sql, rows)


def stale(using: str, entries) -> list[int]:
    """The ids of these entries (as write() takes them) that the table does not hold as such."""
    sql = (
        f"SELECT facet_keys = %s::jsonb AND vector = {_VECTOR} AND heading = {_HEADING} "
        f"FROM {SearchEntry._meta.db_table} WHERE operating_model_id = %s"
    )
    stale_pks = []
    with connections[using].cursor() as cursor:
        for pk, terms, keys in entries:
            cursor.execute(sql, _values(pk, terms, keys))
            row = cursor.fetchone()
            if not (row and row[0]):
                stale_pks.append(pk)
    return stale_pks


def forget(using: str, pks) -> None:
    SearchEntry.objects.using(using).filter(operating_model_id__in=list(pks)).delete()


def indexed_pks(using: str) -> set[int]:
    return set(SearchEntry.objects.using(using).values_list("operating_model_id", flat=True))
