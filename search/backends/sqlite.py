"""SQLite: an FTS5 table with one column per weight (rowid = operating model id), ranked by
bm25 with the same weights as PostgreSQL's ts_rank; facets are filtered by the catalogue's
link tables (the subquery it hands to search.engine.filter_facet)."""

import json

from django.db import connections

from ..query import Query, Syntax, render

#: The FTS5 table: FTS5 is SQLite's own, so Django cannot declare it (migration 0001 makes it).
FTS_TABLE = "search_document_fts"
CREATE_FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(a, b, c, d, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
#: bm25's column weights, in the ratio of PostgreSQL's ts_rank weights (A, B, C, D).
BM25 = f"bm25({FTS_TABLE}, 10.0, 4.0, 2.0, 1.0)"
#: Any number of keys as one JSON parameter (SQLite limits how many parameters a query takes).
_KEYS = "(SELECT value FROM json_each(%s))"


def _string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


FTS5_QUERY = Syntax(quote=_string, all_of="AND", any_of="OR")


def _match(groups, operator: str) -> str:
    return render(groups, FTS5_QUERY, operator)


def _joined(queryset, match: str, rank: str = f"-{BM25}", rank_params=()):
    # A join with the FTS5 table, which Django cannot express: bm25() needs the MATCH row.
    table = queryset.model._meta.db_table
    return queryset.extra(
        select={"search_rank": rank},
        select_params=list(rank_params),
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
        params=[match],
    )


def match_all(queryset, query: Query, rank_all: bool = True):
    """As PostgreSQL's: with rank_all False, the models with the words in their name or theme
    (column a) first, ranked, the others after them unranked. (FTS5 ranks from its own index,
    so here it ranks them by every column still.)"""
    match = _match(query.groups, "AND")
    if rank_all:
        return _joined(queryset, match)
    table = queryset.model._meta.db_table
    heading_first = (
        f"CASE WHEN {table}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
        f"THEN 1 - {BM25} ELSE 0 END"
    )
    return _joined(queryset, match, heading_first, [f"a : ({match})"])


def match_any(queryset, query: Query):
    table = queryset.model._meta.db_table
    counts = " + ".join(
        f"({table}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s))"
        for _group in query.groups
    )
    return _joined(queryset, _match(query.groups, "OR")).extra(
        select={"matched_words": counts},
        select_params=[_match([group], "AND") for group in query.groups],
    )


def matching_pks(using: str, query: Query, every_word: bool):
    """The ids of the models matching every word of the query, or any, from the index alone."""
    operator = "AND" if every_word else "OR"
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [_match(query.groups, operator)],
        )
        return [pk for (pk,) in cursor.fetchall()]


def has_any_facet_key(queryset, facet: str, values, linked):
    """Models linked to any of the options: `linked`, the catalogue's subquery on the link
    table alone, so a model linked to two options is listed once and the database can hash
    it. (The FTS5 table holds no facet keys.)"""
    return queryset.filter(pk__in=linked)


def write(using: str, entries) -> None:
    entries = list(entries)
    forget(using, [pk for pk, _terms, _keys in entries])
    rows = [(pk, terms["A"], terms["B"], terms["C"], terms["D"]) for pk, terms, _keys in entries]
    with connections[using].cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)", rows
        )


def forget(using: str, pks) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN {_KEYS}", [json.dumps(list(pks))])


def indexed_pks(using: str) -> set[int]:
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE}")
        return {pk for (pk,) in cursor.fetchall()}


def stale(using: str, entries) -> list[int]:
    """The ids of these entries (as write() takes them) that the table does not hold as such."""
    stale_pks = []
    with connections[using].cursor() as cursor:
        for pk, terms, _keys in entries:
            cursor.execute(f"SELECT a, b, c, d FROM {FTS_TABLE} WHERE rowid = %s", [pk])
            if cursor.fetchone() != (terms["A"], terms["B"], terms["C"], terms["D"]):
                stale_pks.append(pk)
    return stale_pks
