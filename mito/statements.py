"""Small queries asked on every request, compiled once per process.

Building and compiling a Django query costs several times more than running a small one on
either database: the search's bitmaps' version check (search.facets.current), its thesaurus
and gazetteer (search.engine), the API's one model and its pages of models (api.documents),
and a model's page with its related models' cards (models_catalog.pages) are built once, and
each request only sends the SQL and reads the rows.
"""

from functools import cache, partial

from django.db import connections


def rows(build, names: tuple[str, ...], using: str, substitute: dict | None = None) -> tuple:
    """The rows of `build(using)`, a query of `.values_list(*names)`, as tuples in the order of
    `names`, the query built and compiled once per process and database. A parameter equal to
    a key of `substitute` (text or a number) is sent as its value (a placeholder the query was
    built with).

    Values come as the database driver gives them, without the fields' converters: for text,
    numbers and bytes only (not JSON, dates or booleans, which differ between databases)."""
    sql, params, columns = _compiled(build, names, using)
    if substitute:
        params = [
            substitute.get(param, param) if isinstance(param, str | int) else param
            for param in params
        ]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(tuple(row[column] for column in columns) for row in cursor.fetchall())


def rows_of_ids(build, names: tuple[str, ...], using: str, ids, substitute=None) -> tuple:
    """rows() of `build(using, placeholders)`, a query of these ids made with the numbers it is
    given in their place (`pk__in=placeholders`), compiled once per number of ids."""
    placeholders = _placeholders(len(ids))
    asked = dict(zip(placeholders, ids, strict=True)) | (substitute or {})
    return rows(_asking(build, placeholders), names, using, asked)


def _placeholders(count: int) -> tuple[int, ...]:
    return tuple(-1_000_000_001 - place for place in range(count))  # no id is negative


@cache
def _asking(build, placeholders: tuple[int, ...]):
    return partial(build, placeholders=placeholders)


@cache
def _compiled(build, names: tuple[str, ...], using: str) -> tuple[str, tuple, list[int]]:
    # The columns' order is the compiler's, not always that of values_list's names (which the
    # ORM restores after reading): each name is found by its alias.
    compiler = build(using).query.get_compiler(using)
    sql, params = compiler.as_sql()
    aliases = [alias for _expression, _sql, alias in compiler.select]
    return sql, params, [aliases.index(name) for name in names]
